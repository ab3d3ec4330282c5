"""Checks for the exercises of notebook 06 · Training XOR.

Call a check with your answer: ``check.batch_epochs(answer)``; ask for the
answer and its reasoning with ``check.batch_epochs.reveal()``. Every expected
value is computed with ``nnlib`` when the check runs; the training runs are
remembered (the 500-seed measurement of exercise 4 takes a few seconds, once).

Exercise 4 starts with a prediction: ``check.stuck_share_prediction(my_prediction)``
accepts a guess within ``PREDICTION_TOLERANCE`` of the measured share and
otherwise says only whether the measurement is higher or lower.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import numpy as np

from nnlib import xor221
from nnlib.data import xor
from nnlib.many_seeds import SOLVED_BELOW, outcomes, train_many_seeds
from nnlib.network import Network
from nnlib.training import train
from . import (ArrayCheck, Mistake, Outcome, Solution, custom_check, number_check, read_array, read_number,
               right, unreadable, whole_check, wrong)
from .progress import progress_for

progress = progress_for(__name__)      # check.progress(): what is done in this notebook

# The tutorial's run (figure 5): online, α = 0.6, E = (y − ŷ)², stop when MSE < 0.001.
TUTORIAL_RUN = dict(epochs=10000, learning_rate=0.6, loss="sse", mode="online", recorded_loss="mse", stop_below=0.001)

# Exercise 1: the same start and settings, but full-batch steps.
BATCH_RUN = dict(TUTORIAL_RUN, mode="batch")

# Exercise 2: a seed whose hidden units learn other gates (full batch, MSE, α = 4, 2000 epochs).
SEED_2 = 8
SEED_RUN = dict(epochs=2000, learning_rate=4.0)

# Exercise 3: a 2-2-1 network that gets stuck (the many-seed settings of the notebook).
STUCK_RUN = dict(epochs=2000, learning_rate=4.0)
STUCK_THRESHOLD = SOLVED_BELOW      # stuck: a final MSE at or above it (nnlib.many_seeds.outcomes)
SHOWN_STUCK_SEED = 6          # the notebook's own example of a stuck seed

# Exercise 4: the stuck share of a 2-3-1 network, seeds 0..499, α = 1, 2000 epochs.
SIZES_4 = [2, 3, 1]
SEEDS_4 = 500
RUN_4 = dict(epochs=2000, learning_rate=1.0)


@cache
def _epochs_run(mode: str, loss: str, stop: bool = True) -> int:
    """Epochs the tutorial's start runs with TUTORIAL_RUN's settings but this mode and loss."""
    net = xor221.xor_network(xor221.tutorial_start())
    X, y = xor()
    settings = dict(TUTORIAL_RUN, mode=mode, loss=loss, stop_below=0.001 if stop else None)
    return train(net, X, y, **settings).epochs_run


@whole_check("history.epochs_run of your full-batch run")
def batch_epochs() -> Solution:
    """How many epochs full-batch training needs from the tutorial's start (α = 0.6, E = SSE)."""
    epochs = _epochs_run("batch", "sse")
    return Solution(epochs, how="train the tutorial's start with mode=\"batch\", learning_rate=0.6, loss=\"sse\", "
                                f"recorded_loss=\"mse\", stop_below=0.001: the MSE first drops below 0.001 after {epochs} "
                                f"epochs (history.epochs_run); online it takes {_epochs_run('online', 'sse')}",
                    look='Check the settings: mode="batch", learning_rate=0.6, loss="sse", recorded_loss="mse", stop_below=0.001',
                    mistakes=[Mistake("online", _epochs_run("online", "sse"),
                                      "that is the online run of the tutorial; set mode=\"batch\""),
                              Mistake("mse", _epochs_run("batch", "mse"),
                                      "that is training on the MSE, whose gradient is 4 times smaller here; keep "
                                      "loss=\"sse\" (and recorded_loss=\"mse\" for the stopping rule)"),
                              Mistake("no_stop", _epochs_run("batch", "sse", stop=False),
                                      "it ran every epoch: pass stop_below=0.001 (with recorded_loss=\"mse\") to stop early")])


@cache
def seed_network() -> Network:
    """The 2-2-1 network of seed 8 after full-batch training (MSE, α = 4, 2000 epochs)."""
    net = Network([2, 2, 1], seed=SEED_2)
    X, y = xor()
    train(net, X, y, **SEED_RUN)
    return net


class TableCheck(ArrayCheck):
    """A table of 0s and 1s: besides the usual hints, says so when an entry is neither."""

    def judge(self, answer: Any, solution: Solution) -> Outcome:
        outcome = super().judge(answer, solution)
        value, _ = read_array(answer)
        named = [mistake.hint for mistake in solution.mistakes]
        if (not outcome[0] and outcome[1] not in named and value is not None
                and value.shape == np.shape(solution.value) and not np.all(np.isin(value, (0.0, 1.0)))):
            return wrong("every entry should be 0 or 1: round each activation, e.g. (H > 0.5).astype(int)")
        return outcome


def hidden_gates() -> Solution:
    """The seed-8 network's hidden table rounded to 0/1: shape (4, 2), one row per corner."""
    X, _ = xor()
    table = xor221.hidden_table(seed_network(), X)
    rounded = (table > 0.5).astype(float)
    return Solution(rounded, how=f"H = xor221.hidden_table(net, X), one row per corner, columns h1 and h2:\n"
                                 f"{np.array2string(table, precision=3)}\nthen 1 where an activation is above 0.5",
                    mistakes=[Mistake("activations", table, "these are the activations themselves; round each to "
                                                            "0 or 1, e.g. (H > 0.5).astype(int)"),
                              Mistake("swapped", rounded[:, ::-1], "the columns are swapped: column 0 is h1, "
                                                                   "column 1 is h2"),
                              Mistake("flipped", 1 - rounded, "every entry is flipped: a unit counts as 1 where its "
                                                              "activation is above 0.5")])


hidden_gates = TableCheck(hidden_gates, "the rounded hidden table", digits=None)


@cache
def _first_final_losses(count: int = 20) -> np.ndarray:
    """The final MSE of seeds 0..count−1, trained together once."""
    X, y = xor()
    return train_many_seeds([2, 2, 1], count, X, y, **STUCK_RUN).final_losses


@lru_cache(maxsize=256)
def _final_loss(seed: int) -> float:
    """The final MSE of one seed's 2-2-1 network after the notebook's many-seed training."""
    if seed < len(_first_final_losses()):
        return float(_first_final_losses()[seed])
    X, y = xor()
    return float(train_many_seeds([2, 2, 1], [seed], X, y, **STUCK_RUN).final_losses[0])


def _stuck_solution() -> Solution:
    seed = next(s for s in range(1000) if s != SHOWN_STUCK_SEED and _final_loss(s) >= STUCK_THRESHOLD)
    return Solution(seed, how=f"train seeds 0, 1, 2, … with train_many_seeds([2, 2, 1], …, epochs=2000, "
                              f"learning_rate=4.0) and keep those with final MSE ≥ {STUCK_THRESHOLD}, "
                              f"np.flatnonzero(result.stuck()); the first one after seed {SHOWN_STUCK_SEED} is "
                              f"seed {seed} (final MSE {_final_loss(seed):.4f})")


@custom_check(_stuck_solution, "a seed (a whole number) whose 2-2-1 network gets stuck")
def stuck_seed(answer: Any, solution: Solution) -> Outcome:
    """A seed whose 2-2-1 network is still stuck (final MSE ≥ 0.05) after the notebook's many-seed training."""
    value, problem = read_number(answer)
    if value is None:
        return unreadable(problem)
    if not np.isfinite(value) or value != int(value) or value < 0 or value >= 2 ** 32:
        return unreadable("a seed is a whole number 0, 1, 2, …")
    seed = int(value)
    if seed == SHOWN_STUCK_SEED:
        return wrong(f"seed {SHOWN_STUCK_SEED} is the stuck network the notebook showed you; find another one")
    final = _final_loss(seed)
    if final >= STUCK_THRESHOLD:
        return right()
    return wrong(f"seed {seed} solves XOR (its final MSE is below {STUCK_THRESHOLD}); look for a seed where "
                 "result.stuck() is True, e.g. with np.flatnonzero(result.stuck())")


@cache
def stuck_share() -> float:
    """The share of seeds 0..499 whose 2-3-1 network ends with MSE ≥ 0.05 (a few seconds, once)."""
    X, y = xor()
    final = train_many_seeds(SIZES_4, SEEDS_4, X, y, **RUN_4).final_losses
    return float(np.mean(outcomes(final, STUCK_THRESHOLD)["stuck"]))


@number_check("result.stuck_fraction(0.05) of your 2-3-1 run, a share between 0 and 1", digits=3)
def stuck_share_3() -> Solution:
    """The share of seeds 0..499 whose 2-3-1 network is stuck after 2000 epochs at α = 1."""
    share = stuck_share()
    return Solution(share, how=f"train_many_seeds([2, 3, 1], {SEEDS_4}, X, y, epochs=2000, learning_rate=1.0), "
                               f"then stuck_fraction({STUCK_THRESHOLD}): {round(share * SEEDS_4)} of {SEEDS_4} seeds "
                               f"end with MSE ≥ {STUCK_THRESHOLD}, a share of {share:g}",
                    look="Check the run: sizes [2, 3, 1], 500 seeds, 2,000 epochs at learning rate 1.0, threshold 0.05",
                    mistakes=[Mistake("solved", 1 - share, "that is the share of seeds that *solved* XOR; the "
                                                           "question asks how many got stuck"),
                              Mistake("count", round(share * SEEDS_4), "that is a number of seeds; divide by "
                                                                       f"{SEEDS_4} for the share")])


# Exercise 4 starts with a prediction: the stuck share of the 2-3-1 network, guessed before it is measured.
PREDICTION_TOLERANCE = 0.05        # a prediction within 5 percentage points of the measured share is right


def _prediction_solution() -> Solution:
    share = stuck_share()
    return Solution(share, how=f"the measurement of exercise 4 ({round(share * SEEDS_4)} of {SEEDS_4} seeds stuck, "
                               f"a share of {share:g}). The notebook showed the way: a third hidden unit cut the "
                               f"stuck share at α = 4 from about a quarter to a few percent, so at α = 1 expect "
                               f"far fewer stuck runs than the 2-2-1 network's, though some runs are merely slow. "
                               f"A prediction within {PREDICTION_TOLERANCE:g} of the measured share counts as right")


@custom_check(_prediction_solution, f"your predicted stuck share of the 2-3-1 network, a number between 0 and 1 "
                                    f"(right within {PREDICTION_TOLERANCE:g})")
def stuck_share_prediction(answer: Any, solution: Solution) -> Outcome:
    """A prediction of the 2-3-1 stuck share (α = 1, 2000 epochs, 500 seeds), right within PREDICTION_TOLERANCE."""
    value, problem = read_number(answer)
    if value is None:
        return unreadable(problem)
    if not np.isfinite(value):
        return unreadable("a share is a number between 0 and 1")
    if not 0 <= value <= 1:
        percent = " (a percentage? write 10% as 0.1)" if 1 < value <= 100 else ""
        return wrong(f"a share is between 0 and 1{percent}")
    measured = float(solution.value)
    if abs(value - measured) <= PREDICTION_TOLERANCE:
        return right(f"within {PREDICTION_TOLERANCE:g} of the measured share")
    direction = "lower" if value > measured else "higher"
    far = abs(value - measured) > 4 * PREDICTION_TOLERANCE
    return wrong(f"the measured share is {'much ' if far else ''}{direction} than your prediction: what "
                 f"did the third hidden unit change, and what does a smaller learning rate do to slow runs?")
