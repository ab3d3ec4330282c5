"""Training by gradient descent, full batch or one example at a time.

One *epoch* is one pass over the training data:

* ``mode="batch"``: the whole of X goes through the network at once, the
  gradient is taken over all examples, and the weights change once:

      W ← W − α · ∂L/∂W          (α is the learning rate)

* ``mode="online"``: the examples are visited one by one (in ``order``); for
  each, *all* its gradients are computed first, then every weight changes.
  So an epoch makes n_samples small steps instead of one big one, and the
  path through weight space is different from batch training.

The loss is recorded once per epoch, over the whole training set, *before*
that epoch's update: ``history.losses[k]`` is the loss after k epochs, and the
last entry is the loss after training. Snapshots of the network can be kept
every ``snapshot_every`` epochs, to replay the training later.

Two ways training can fail, both reported in the history rather than raised:

* *diverged*: the loss became NaN or infinite (a learning rate so large the
  weights overflow); training stops there.
* *stalled*: the loss stopped moving while it was not yet 0. At an absurd
  learning rate (1e3, 1e6) the first step throws the sigmoid units deep into
  their flat tails, where the slope is 0 to machine precision, and every
  later step changes nothing. The function ``loss_stalled`` has the exact rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from .errors import check_choice, check_entries, check_permutation, check_real, check_whole_number, describe
from .losses import Loss, get_loss
from .network import Network, gradient_step

MODES = ("batch", "online")
STALL_MIN_EPOCHS = 10       # fewer epochs than this say nothing about stalling
STALL_TOLERANCE = 1e-9      # "did not move": a relative change of the loss at most this


@dataclass
class Snapshot:
    """The network as it was after ``epoch`` epochs (an independent copy)."""

    epoch: int
    network: Network


@dataclass
class History:
    """What ``train`` recorded.

    losses : (epochs_run + 1,) array, the loss named ``recorded_loss`` after 0, 1, … epochs.
    snapshots : copies of the network every ``snapshot_every`` epochs (and at the end).
    stopped_early : True if the loss fell below ``stop_below`` before ``epochs`` ran out.
    diverged : True if the loss became NaN or infinite (training stops there).
    stalled : True if the loss stopped moving while not yet 0 (the rule is in ``loss_stalled``).
    """

    losses: np.ndarray
    recorded_loss: str
    snapshots: list[Snapshot] = field(default_factory=list)
    stopped_early: bool = False
    diverged: bool = False

    @property
    def epochs_run(self) -> int:
        """How many epochs were completed."""
        return len(self.losses) - 1

    @property
    def final_loss(self) -> float:
        """The loss after the last completed epoch."""
        return float(self.losses[-1])

    @property
    def stalled(self) -> bool:
        """True if training stopped moving while the loss was not yet 0 (see ``loss_stalled``).

        A run that stopped early or diverged is not stalled.
        """
        if self.diverged or self.stopped_early:
            return False
        return bool(loss_stalled(self.losses))


def loss_stalled(losses: np.ndarray) -> np.ndarray:
    """Did the loss stop moving before reaching 0? One answer per loss history.

    ``losses`` is one history (epochs_run + 1,) or a stack (n_seeds, epochs_run + 1).
    The rule: at least ``STALL_MIN_EPOCHS`` epochs were run, the final loss L
    is finite and above 0, and over the last tenth of the epochs
    (w = epochs_run // 10) it changed by at most ``STALL_TOLERANCE`` (1e-9) of itself::

        |L[-1] − L[-1 − w]| ≤ 1e-9 · L[-1]

    A run that is still learning, even slowly, moves its loss by far more
    than that (a solved XOR run still shrinks its loss by a tenth to a fifth
    over the last tenth of its epochs; a seed near XOR's local minimum at 0.125
    by about 1e-3 of it: medians over 1,000 seeds, 4e-4 to 4e-3 for rates 1
    and 2 and 1,000 to 5,000 epochs); a network whose units are saturated,
    their slope 0 to machine precision, does not move at all.
    """
    losses = np.asarray(losses, dtype=float)
    epochs_run = losses.shape[-1] - 1
    if epochs_run < STALL_MIN_EPOCHS:
        return np.zeros(losses.shape[:-1], dtype=bool)
    window = epochs_run // 10
    end, before = losses[..., -1], losses[..., -1 - window]
    with np.errstate(invalid="ignore"):
        return np.isfinite(end) & (end > 0) & (np.abs(end - before) <= STALL_TOLERANCE * end)


def train(net: Network, X: ArrayLike, y: ArrayLike, *, epochs: int, learning_rate: float = 1.0,
          loss: str = "mse", mode: str = "batch", order: Sequence[int] | None = None,
          recorded_loss: str | None = None, stop_below: float | None = None,
          snapshot_every: int | None = None) -> History:
    """Train ``net`` in place on X (n_samples, n_inputs) and y (n_samples, n_outputs).

    Parameters
    ----------
    epochs : the most passes over the data to make.
    learning_rate : α, the step size (> 0).
    loss : the loss whose gradient is followed: 'mse', 'sse', 'half_sse' or 'mae'.
    mode : 'batch' (one step per epoch) or 'online' (one step per example).
    order : for online mode, the order of the examples (default 0, 1, 2, …).
    recorded_loss : the loss to record in the history (default: the same as ``loss``).
    stop_below : stop as soon as the recorded loss is below this number.
    snapshot_every : keep a copy of the network every this many epochs.
    """
    __tracebackhide__ = True
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlib Network, got {describe(net)}")
    X, y = net.check_data(X, y)
    epochs = check_whole_number(epochs, "epochs", minimum=1)
    learning_rate = check_real(learning_rate, "learning_rate", greater_than=0)
    check_choice(mode, MODES, "mode")
    loss_fn = get_loss(loss)
    record_fn = loss_fn if recorded_loss is None else get_loss(recorded_loss)
    if stop_below is not None:
        stop_below = check_real(stop_below, "stop_below", greater_than=0)
    check_entries(epochs + 1, f"epochs={epochs} (the loss history)")
    check_entries(len(X) * max(net.sizes), f"X with {len(X)} examples in a network with sizes {net.sizes}")
    if snapshot_every is not None:
        snapshot_every = check_whole_number(snapshot_every, "snapshot_every", minimum=1)
        n_snapshots = epochs // snapshot_every + 1 + (1 if epochs % snapshot_every else 0)   # and the last
        check_entries(n_snapshots * sum(p.size for p in net.parameter_list()),
                      f"{n_snapshots} snapshots (epochs={epochs}, snapshot_every={snapshot_every})")
    if mode == "online":
        order = check_permutation(list(range(len(X))) if order is None else order, len(X))
    elif order is not None:
        raise ValueError(f"order only applies to mode='online' (the order examples are visited in); "
                         f"in batch mode every step uses all examples at once. Got order={order!r} "
                         f"with mode='batch': drop order, or pass mode='online'")
    __tracebackhide__ = False

    history = History(losses=np.empty(epochs + 1), recorded_loss=record_fn.name)
    # A far too large learning rate can push the weights past the largest
    # float. numpy would then warn on every step; instead the loss becomes
    # NaN or infinite, we stop, and the history says so (history.diverged).
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs + 1):
            # A forward pass over all examples gives the loss after `epoch`
            # epochs and (in batch mode) everything the backward pass needs.
            activations = net._forward(X)
            history.losses[epoch] = record_fn.value(activations[-1], y)
            if snapshot_every is not None and (epoch % snapshot_every == 0 or epoch == epochs):
                history.snapshots.append(Snapshot(epoch, net.copy()))
            if not math.isfinite(history.losses[epoch]):
                history.diverged = True
                break
            if stop_below is not None and history.losses[epoch] < stop_below:
                history.stopped_early = epoch < epochs
                break
            if epoch == epochs:
                break
            if mode == "batch":
                _backprop_and_step(net, activations, y, loss_fn, learning_rate)
            else:
                for i in order:
                    one = net._forward(X[i:i + 1])
                    _backprop_and_step(net, one, y[i:i + 1], loss_fn, learning_rate)

    history.losses = history.losses[:epoch + 1]
    if snapshot_every is not None and history.snapshots[-1].epoch != epoch:
        history.snapshots.append(Snapshot(epoch, net.copy()))
    return history


def _backprop_and_step(net: Network, activations: list[np.ndarray], y: np.ndarray, loss_fn: Loss,
                       learning_rate: float) -> None:
    """Backpropagate from one forward pass and move every parameter downhill."""
    gradient_step(net.parameter_list(), net._backward(activations, y, loss_fn).as_list(), learning_rate)
