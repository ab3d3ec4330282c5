"""Loss functions: how far the predictions ŷ are from the targets y.

The original tutorials used four different conventions. Each is here under its
own name, with the gradient ∂L/∂ŷ that backpropagation starts from:

    name       L(ŷ, y)                     ∂L/∂ŷ
    half_sse   ½ Σ (ŷ − y)²                ŷ − y
    sse        Σ (ŷ − y)²                  2(ŷ − y)
    mse        (1/N) Σ (ŷ − y)²            (2/N)(ŷ − y)
    mae        (1/N) Σ |ŷ − y|             (1/N) sign(ŷ − y)

Σ runs over every entry of ŷ (every example and every output) and N is the
number of entries. Why these choices?

* *Squared*: an error of −0.3 is as bad as +0.3, big errors cost more than
  small ones, and the square is smooth, so it has a slope everywhere.
* *The factor 2* comes from differentiating the square. ``half_sse`` puts a ½
  in front so the 2 cancels; the tutorials that update with
  ``w += Xᵀ · (error · slope)`` and "no learning rate" are doing gradient
  descent on ``half_sse`` with a learning rate of 1.
* *The 1/N* makes the loss an average, so it does not grow with the size of
  the data set; the gradient shrinks by the same factor, so the same learning
  rate behaves differently under ``sse`` and ``mse``.
* ``mae`` is mostly used to *report* progress (one tutorial printed it and
  called it the mean squared error).

Shapes: ŷ and y are (n_samples, n_outputs). Every function also accepts a
stack of such arrays, (n_seeds, n_samples, n_outputs), and then returns one
loss per seed: the sums run over the last two axes only. The shapes are
checked at the door: ŷ (N, 1) against a flat y (N,) would otherwise broadcast
to an (N, N) table of every prediction against every target.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from .errors import as_array, check_choice

LAST_TWO = (-2, -1)


def _pair(y_hat: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """ŷ and y as float arrays; y is (n_samples, n_outputs) and ŷ has that shape (or a stack of it)."""
    __tracebackhide__ = True
    y_hat, y = as_array(y_hat, "y_hat"), as_array(y, "y")
    if y.ndim != 2 or y_hat.ndim not in (2, 3) or y_hat.shape[-2:] != y.shape:
        raise ValueError(f"y_hat and y must have the same shape (n_samples, n_outputs), "
                         f"got y_hat {y_hat.shape} and y {y.shape}; "
                         f"a flat y of shape (n,) becomes a column with y.reshape(-1, 1)")
    return y_hat, y


def _entries(y_hat: np.ndarray) -> int:
    """N, the number of entries in one (n_samples, n_outputs) block."""
    return y_hat.shape[-2] * y_hat.shape[-1]


def half_sse(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """½ Σ (ŷ − y)²."""
    y_hat, y = _pair(y_hat, y)
    return 0.5 * ((y_hat - y) ** 2).sum(axis=LAST_TWO)


def half_sse_gradient(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """∂/∂ŷ of ½ Σ (ŷ − y)² = ŷ − y."""
    y_hat, y = _pair(y_hat, y)
    return y_hat - y


def sse(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Σ (ŷ − y)², the sum of squared errors."""
    y_hat, y = _pair(y_hat, y)
    return ((y_hat - y) ** 2).sum(axis=LAST_TWO)


def sse_gradient(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """∂/∂ŷ of Σ (ŷ − y)² = 2(ŷ − y)."""
    y_hat, y = _pair(y_hat, y)
    return 2.0 * (y_hat - y)


def mse(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """(1/N) Σ (ŷ − y)², the mean squared error."""
    y_hat, y = _pair(y_hat, y)
    return ((y_hat - y) ** 2).sum(axis=LAST_TWO) / _entries(y_hat)


def mse_gradient(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """∂/∂ŷ of (1/N) Σ (ŷ − y)² = (2/N)(ŷ − y)."""
    y_hat, y = _pair(y_hat, y)
    return 2.0 * (y_hat - y) / _entries(y_hat)


def mae(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """(1/N) Σ |ŷ − y|, the mean absolute error."""
    y_hat, y = _pair(y_hat, y)
    return np.abs(y_hat - y).sum(axis=LAST_TWO) / _entries(y_hat)


def mae_gradient(y_hat: ArrayLike, y: ArrayLike) -> np.ndarray:
    """∂/∂ŷ of (1/N) Σ |ŷ − y| = (1/N) sign(ŷ − y) (0 where ŷ = y)."""
    y_hat, y = _pair(y_hat, y)
    return np.sign(y_hat - y) / _entries(y_hat)


@dataclass(frozen=True)
class Loss:
    """A loss function paired with its gradient with respect to ŷ."""

    name: str
    value: Callable[[np.ndarray, np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]


LOSSES: dict[str, Loss] = {
    "half_sse": Loss("half_sse", half_sse, half_sse_gradient),
    "sse": Loss("sse", sse, sse_gradient),
    "mse": Loss("mse", mse, mse_gradient),
    "mae": Loss("mae", mae, mae_gradient),
}


def get_loss(name: str) -> Loss:
    """Look a loss up by name: 'half_sse', 'sse', 'mse' or 'mae'."""
    __tracebackhide__ = True
    return LOSSES[check_choice(name, tuple(LOSSES), "loss")]
