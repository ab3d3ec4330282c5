"""Checks for the exercises of notebook 06 · Training XOR.

Each check prints "correct" or a hint and returns a Verdict (true if correct); none raises.
The expected values are computed here with ``nnlib`` (training runs of a
fraction of a second), except the many-seed measurement of exercise 4, which
takes a few seconds: its value is stored below and re-measured by
tests/test_exercises_05_06.py.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from .. import xor221
from ..data import xor
from ..many_seeds import train_many_seeds
from ..network import Network
from ..training import train
from . import Verdict, as_number, check_array, not_started, verdict

# The tutorial's run (figure 5): online, α = 0.6, E = (y − ŷ)², stop when MSE < 0.001.
TUTORIAL_RUN = dict(epochs=10000, learning_rate=0.6, loss="sse", mode="online", report="mse", stop_below=0.001)

# Exercise 1: the same start and settings, but full-batch steps.
BATCH_RUN = dict(TUTORIAL_RUN, mode="batch")

# Exercise 2: a seed whose hidden units learn other gates (full batch, MSE, α = 4, 2000 epochs).
SEED_2 = 8
SEED_RUN = dict(epochs=2000, learning_rate=4.0)

# Exercise 3: a 2-2-1 network that gets stuck (the many-seed settings of the notebook).
STUCK_RUN = dict(epochs=2000, learning_rate=4.0)
STUCK_THRESHOLD = 0.05
SHOWN_STUCK_SEED = 6          # the notebook's own example of a stuck seed

# Exercise 4: the stuck share of a 2-3-1 network, seeds 0..499, α = 1, 2000 epochs.
SIZES_4 = [2, 3, 1]
SEEDS_4 = 500
RUN_4 = dict(epochs=2000, learning_rate=1.0)
STUCK_SHARE_4 = 0.04          # measured with train_many_seeds; re-checked in tests/


@lru_cache(maxsize=None)
def _epochs_run(mode: str, loss: str) -> int:
    """Epochs the tutorial's start needs with TUTORIAL_RUN's settings but this mode and loss."""
    net = xor221.xor_network(xor221.tutorial_start())
    X, y = xor()
    return train(net, X, y, **dict(TUTORIAL_RUN, mode=mode, loss=loss)).epochs_run


def _epochs(settings: dict) -> int:
    return _epochs_run(settings["mode"], settings["loss"])


# --- Exercise 1 ---------------------------------------------------------------
def batch_epochs(answer: Any) -> Verdict:
    """How many epochs full-batch training needs from the tutorial's start (α = 0.6, E = SSE)."""
    if not_started(answer):
        return verdict(False, "replace None with history.epochs_run of your full-batch run")
    value = as_number(answer)
    if value is None or not np.isfinite(value) or value != int(value):
        return verdict(False, f"give the number of epochs as a whole number, got {answer!r}")
    value = int(value)
    expected = _epochs(BATCH_RUN)
    if value == expected:
        return verdict(True, "")
    if value == _epochs(TUTORIAL_RUN):
        return verdict(False, f"{value} is the online run of the tutorial; set mode=\"batch\"")
    if value == _epochs(dict(BATCH_RUN, loss="mse")):
        return verdict(False, "that is training on the MSE, whose gradient is 4 times smaller here; "
                              "keep loss=\"sse\" (and report=\"mse\" for the stopping rule)")
    if value == BATCH_RUN["epochs"]:
        return verdict(False, "it ran all 10000 epochs: pass stop_below=0.001 (with report=\"mse\") to stop early")
    return verdict(False, f"{value} epochs is not it; use the tutorial's start, learning_rate=0.6, loss=\"sse\", "
                          "report=\"mse\", stop_below=0.001 and mode=\"batch\"")


# --- Exercise 2 ---------------------------------------------------------------
def seed_network() -> Network:
    """The 2-2-1 network of seed 8 after full-batch training (MSE, α = 4, 2000 epochs)."""
    net = Network([2, 2, 1], seed=SEED_2)
    X, y = xor()
    train(net, X, y, **SEED_RUN)
    return net


def hidden_gates(answer: Any) -> Verdict:
    """The seed-8 network's hidden table rounded to 0/1: shape (4, 2), one row per corner."""
    X, _ = xor()
    table = xor221.hidden_table(seed_network(), X)
    expected = (table > 0.5).astype(float)
    if not not_started(answer):
        try:
            value = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            value = None
        if value is not None and value.shape == expected.shape:
            if np.all(np.abs(value - table) <= 1e-6):
                return verdict(False, "these are the activations themselves; round each to 0 or 1, e.g. (H > 0.5).astype(int)")
            if not np.all(np.isin(value, (0.0, 1.0))):
                return verdict(False, "every entry should be 0 or 1: round each activation, e.g. (H > 0.5).astype(int)")
            if np.array_equal(value, expected[:, ::-1]):
                return verdict(False, "the columns are swapped: column 0 is h1, column 1 is h2")
            if np.array_equal(value, 1 - expected):
                return verdict(False, "every entry is flipped: a unit counts as 1 where its activation is above 0.5")
    return check_array(answer, expected, "rounded hidden table")


# --- Exercise 3 ---------------------------------------------------------------
def stuck_seed(answer: Any) -> Verdict:
    """A seed whose 2-2-1 network is still stuck (final MSE ≥ 0.05) after the notebook's many-seed training."""
    if not_started(answer):
        return verdict(False, "replace None with a seed (a whole number) whose network gets stuck")
    value = as_number(answer)
    if isinstance(answer, bool) or value is None or not np.isfinite(value) or value != int(value) or value < 0:
        return verdict(False, f"a seed is a whole number 0, 1, 2, …; got {answer!r}")
    seed = int(value)
    if seed == SHOWN_STUCK_SEED:
        return verdict(False, f"seed {SHOWN_STUCK_SEED} is the stuck network the notebook showed you; find another one")
    X, y = xor()
    final = float(train_many_seeds([2, 2, 1], [seed], X, y, **STUCK_RUN).final_losses[0])
    if final >= STUCK_THRESHOLD:
        return verdict(True, "")
    return verdict(False, f"seed {seed} solves XOR (final MSE {final:.5f} < {STUCK_THRESHOLD}); "
                          "look for a seed where result.stuck() is True, e.g. with np.flatnonzero(result.stuck())")


# --- Exercise 4 ---------------------------------------------------------------
def stuck_share_3(answer: Any) -> Verdict:
    """The share of seeds 0..499 whose 2-3-1 network is stuck after 2000 epochs at α = 1."""
    if not_started(answer):
        return verdict(False, "replace None with result.stuck_fraction(0.05) of your 2-3-1 run")
    value = as_number(answer)
    if value is None or not np.isfinite(value):
        return verdict(False, f"give one number, the stuck share, got {answer!r}")
    tolerance = 1.5 / SEEDS_4          # one seed either way
    if abs(value - STUCK_SHARE_4) <= tolerance:
        return verdict(True, "")
    if abs(value - 100 * STUCK_SHARE_4) <= 100 * tolerance:
        return verdict(False, "that looks like a percentage; give the share as a fraction between 0 and 1")
    if abs(value - (1 - STUCK_SHARE_4)) <= tolerance:
        return verdict(False, "that is the share of seeds that *solved* XOR; the question asks how many got stuck")
    if not 0 <= value <= 1:
        return verdict(False, f"a share lies between 0 and 1, got {value}")
    if value > 0.15:
        return verdict(False, "that many stuck runs looks like 2 hidden units; use sizes [2, 3, 1]")
    return verdict(False, f"{value:.3f} is not it; train_many_seeds([2, 3, 1], 500, X, y, epochs=2000, "
                          "learning_rate=1.0), then stuck_fraction(0.05)")
