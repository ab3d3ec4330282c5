"""How a training run went, in one sentence: what the learning-rate and XOR explorers print.

The verdict reads only the recorded losses of a ``History``. Its "stuck" is
``loss_flat_from_start``, which is not nnlib's stall rule: see its docstring.
"""

from __future__ import annotations

import numpy as np

from nnlib.training import History


def loss_flat_from_start(losses: np.ndarray) -> bool:
    """True if every recorded loss equals the first (to 1e-12 of it): the gradient was zero throughout.

    This is not ``nnlib.training.loss_stalled``. That rule looks only at the
    last tenth of the epochs, so it also catches a run that moved at first and
    then froze (units pushed into the flat ends of the sigmoid by a huge
    learning rate). This one catches only a run that never moved at all, from
    epoch 0 on: its gradient is exactly zero at the start, so no learning rate,
    smaller or larger, can help.
    """
    return bool(np.all(np.abs(losses - losses[0]) <= 1e-12 * max(abs(losses[0]), 1e-300)))


def describe_run(history: History, bounded_loss: bool = True) -> str:
    """One sentence on how a run went: diverged, stuck, overshot, overshooting, slow or good.

    It reads only the recorded losses:

    * NaN or infinite → "Diverged" (the loss grew without bound);
    * every loss equal to the first → "Stuck: zero gradient" (no learning
      rate can help: the gradient is exactly zero, e.g. ReLU units that are
      off on every example);
    * ended at or above where it started → "Overshot into saturation" when
      the loss is bounded (``bounded_loss``: a sigmoid output with mse, as in
      every explorer), else "Diverged";
    * went up at some epoch → "Overshooting"; fell by less than half → "Slow";
      otherwise "Good".
    """
    losses = history.losses
    first, last = losses[0], losses[-1]
    if history.diverged:
        return (f"Diverged: the loss became NaN or infinite at epoch {history.epochs_run}. "
                f"The learning rate is far too large.")
    if history.epochs_run > 0 and loss_flat_from_start(losses):
        return (f"Stuck: zero gradient. The loss stayed at {first:.3g} for all {history.epochs_run} epochs: "
                f"every gradient is exactly zero (for ReLU: hidden units that are off on every example), "
                f"so a smaller (or larger) learning rate cannot help. Try another seed or the bias.")
    if last >= first:
        if bounded_loss:
            return (f"Overshot into saturation: the loss ended higher than it started ({first:.3g} → {last:.3g}). "
                    f"A sigmoid output keeps the loss bounded, so it cannot blow up; the steps were so big that "
                    f"they pushed the units into the flat ends of the sigmoid, where the slope is almost zero. "
                    f"Try a smaller learning rate.")
        return (f"Diverged: the loss ended higher than it started ({first:.3g} → {last:.3g}). "
                f"The steps are so big that they jump across the valley and up the other side. "
                f"Try a smaller learning rate.")
    ups = int(np.sum(np.diff(losses) > 0))
    if ups:
        return (f"Overshooting: the loss went up at {ups} of {history.epochs_run} epochs. "
                f"The steps are too big and bounce across the valley.")
    if last > first / 2:
        return (f"Slow: the loss fell at every epoch, but only from {first:.3g} to {last:.3g}. "
                f"The learning rate is too small (or train for more epochs).")
    return f"Good: the loss fell at every epoch, from {first:.3g} to {last:.3g}."


def needs_warning(history: History) -> bool:
    """Should the XOR explorer put ``describe_run`` in bold above its numbers? (diverged, stuck, worse)"""
    losses = history.losses
    return bool(history.diverged or loss_flat_from_start(losses) or losses[-1] >= losses[0])
