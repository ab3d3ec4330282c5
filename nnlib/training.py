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
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from .errors import check_positive_int, check_learning_rate, check_choice
from .losses import Loss, get_loss
from .network import Network, backward_layers, forward_layers

MODES = ("batch", "online")


@dataclass
class Snapshot:
    """The network as it was after ``epoch`` epochs (an independent copy)."""

    epoch: int
    network: Network


@dataclass
class History:
    """What ``train`` recorded.

    losses : (epochs_run + 1,) array, the ``report`` loss after 0, 1, … epochs.
    snapshots : copies of the network every ``snapshot_every`` epochs (and at the end).
    stopped_early : True if the loss fell below ``stop_below`` before ``epochs`` ran out.
    diverged : True if the loss became NaN or infinite (training stops there).
    """

    losses: np.ndarray
    report: str
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


def train(net: Network, X: ArrayLike, y: ArrayLike, *, epochs: int, learning_rate: float = 1.0,
          loss: str = "mse", mode: str = "batch", order: Sequence[int] | None = None,
          report: str | None = None, stop_below: float | None = None,
          snapshot_every: int | None = None) -> History:
    """Train ``net`` in place on X (n_samples, n_inputs) and y (n_samples, n_outputs).

    Parameters
    ----------
    epochs : the most passes over the data to make.
    learning_rate : α, the step size (> 0).
    loss : the loss whose gradient is followed: 'mse', 'sse', 'half_sse' or 'mae'.
    mode : 'batch' (one step per epoch) or 'online' (one step per example).
    order : for online mode, the order of the examples (default 0, 1, 2, …).
    report : the loss to record in the history (default: the same as ``loss``).
    stop_below : stop as soon as the recorded loss is below this number.
    snapshot_every : keep a copy of the network every this many epochs.
    """
    X, y = net.check_data(X, y)
    epochs = check_positive_int(epochs, "epochs")
    learning_rate = check_learning_rate(learning_rate)
    check_choice(mode, MODES, "mode")
    loss_fn = get_loss(loss)
    report_fn = get_loss(report or loss)
    if snapshot_every is not None:
        snapshot_every = check_positive_int(snapshot_every, "snapshot_every")
    if mode == "online":
        order = _check_order(order, len(X))

    history = History(losses=np.empty(epochs + 1), report=report_fn.name)
    # A far too large learning rate can push the weights past the largest
    # float. numpy would then warn on every step; instead the loss becomes
    # NaN or infinite, we stop, and the history says so (history.diverged).
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs + 1):
            # A forward pass over all examples gives the loss after `epoch`
            # epochs and (in batch mode) everything the backward pass needs.
            activations = forward_layers(net.weights, net.biases, X, net.hidden, net.output)
            history.losses[epoch] = report_fn.value(activations[-1], y)
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
                _step(net, activations, y, loss_fn, learning_rate)
            else:
                for i in order:
                    one = forward_layers(net.weights, net.biases, X[i:i + 1], net.hidden, net.output)
                    _step(net, one, y[i:i + 1], loss_fn, learning_rate)

    history.losses = history.losses[:epoch + 1]
    if snapshot_every is not None and history.snapshots[-1].epoch != epoch:
        history.snapshots.append(Snapshot(epoch, net.copy()))
    return history


def _step(net: Network, activations: list[np.ndarray], y: np.ndarray, loss_fn: Loss,
          learning_rate: float) -> None:
    """Backpropagate from one forward pass and move every parameter downhill."""
    dL_dyhat = loss_fn.gradient(activations[-1], y)
    dW, db = backward_layers(net.weights, activations, dL_dyhat, net.hidden, net.output)
    for W, g in zip(net.weights, dW):
        W -= learning_rate * g
    for b, g in zip(net.biases or [], db):
        b -= learning_rate * g


def _check_order(order: Sequence[int] | None, n_samples: int) -> list[int]:
    """The visiting order for online training: every example index once."""
    if order is None:
        return list(range(n_samples))
    order = [int(i) for i in order]
    if sorted(order) != list(range(n_samples)):
        raise ValueError(f"order must list every example index 0..{n_samples - 1} exactly once, got {order}")
    return order
