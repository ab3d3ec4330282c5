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
loss per seed: the sums run over the last two axes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

LAST_TWO = (-2, -1)


def _entries(y_hat: np.ndarray) -> int:
    """N, the number of entries in one (n_samples, n_outputs) block."""
    return y_hat.shape[-2] * y_hat.shape[-1]


def half_sse(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """½ Σ (ŷ − y)²."""
    return 0.5 * ((y_hat - y) ** 2).sum(axis=LAST_TWO)


def half_sse_gradient(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂/∂ŷ of ½ Σ (ŷ − y)² = ŷ − y."""
    return y_hat - y


def sse(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Σ (ŷ − y)², the sum of squared errors."""
    return ((y_hat - y) ** 2).sum(axis=LAST_TWO)


def sse_gradient(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂/∂ŷ of Σ (ŷ − y)² = 2(ŷ − y)."""
    return 2.0 * (y_hat - y)


def mse(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(1/N) Σ (ŷ − y)², the mean squared error."""
    return ((y_hat - y) ** 2).sum(axis=LAST_TWO) / _entries(y_hat)


def mse_gradient(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂/∂ŷ of (1/N) Σ (ŷ − y)² = (2/N)(ŷ − y)."""
    return 2.0 * (y_hat - y) / _entries(y_hat)


def mae(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(1/N) Σ |ŷ − y|, the mean absolute error."""
    return np.abs(y_hat - y).sum(axis=LAST_TWO) / _entries(y_hat)


def mae_gradient(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂/∂ŷ of (1/N) Σ |ŷ − y| = (1/N) sign(ŷ − y) (0 where ŷ = y)."""
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
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; choose one of: {', '.join(map(repr, LOSSES))}")
    return LOSSES[name]
