"""Gradient checking: compare backpropagation with finite differences.

The slope of a function f at a point p can be estimated without any calculus
by nudging p a little each way (a *central* finite difference)::

    ∂f/∂p ≈ (f(p + ε) − f(p − ε)) / (2ε)

Its error shrinks like ε², so with ε = 1e−6 the estimate agrees with the true
slope to about 1e−9. If a backward pass disagrees with it by much more, the
backward pass has a bug (a missing factor 2, a slope applied twice, a
transpose on the wrong side, …).

We compare each parameter array's gradients as a whole with the *relative*
error, so big and small gradients are judged alike::

    rel = ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖)

where ‖·‖ is the length (Euclidean norm) of all the array's entries together.
Comparing whole arrays rather than single entries keeps a gradient that is
almost exactly 0 (where both estimates are pure rounding noise) from raising
a false alarm.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from .network import Gradients, Network


def numerical_gradient(f: Callable[[], float], p: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference estimate of ∂f/∂p for every entry of the array ``p``.

    ``f`` takes no arguments and reads ``p`` itself; each entry of ``p`` is
    nudged by ±eps in place and put back afterwards. Returns an array shaped like p.
    """
    grad = np.zeros_like(p)
    for index in np.ndindex(p.shape):
        kept = p[index]
        p[index] = kept + eps
        up = f()
        p[index] = kept - eps
        down = f()
        p[index] = kept
        grad[index] = (up - down) / (2 * eps)
    return grad


def relative_error(analytic: ArrayLike, numeric: ArrayLike) -> float:
    """‖a − n‖ / (‖a‖ + ‖n‖) for two arrays of the same shape (0 if both are all 0)."""
    a = np.asarray(analytic, dtype=float)
    n = np.asarray(numeric, dtype=float)
    scale = np.linalg.norm(a) + np.linalg.norm(n)
    return float(np.linalg.norm(a - n) / scale) if scale > 0 else 0.0


@dataclass
class GradientCheck:
    """The result of ``check_gradients``.

    analytic, numeric : gradient arrays in the order of ``Network.parameter_list``.
    max_relative_error : the largest relative error over the parameter arrays.
    """

    analytic: list[np.ndarray]
    numeric: list[np.ndarray]
    max_relative_error: float

    def passed(self, tolerance: float = 1e-6) -> bool:
        """True if every gradient agrees to within ``tolerance`` (relative)."""
        return self.max_relative_error < tolerance


def check_gradients(net: Network, X: ArrayLike, y: ArrayLike, loss: str = "mse",
                    gradients: Gradients | None = None, eps: float = 1e-6) -> GradientCheck:
    """Compare ``gradients`` (default: ``net.gradients(X, y, loss)``) with finite differences.

    Pass your own ``gradients`` (for example from a hand-written backward
    pass) to check them instead. X is (n_samples, n_inputs), y is (n_samples, n_outputs).
    """
    X, y = net.check_data(X, y)
    if gradients is None:
        gradients = net.gradients(X, y, loss)
    analytic = [np.asarray(g, dtype=float) for g in gradients.as_list()]
    parameters = net.parameter_list()
    if [g.shape for g in analytic] != [p.shape for p in parameters]:
        raise ValueError(f"gradient shapes {[g.shape for g in analytic]} do not match "
                         f"parameter shapes {[p.shape for p in parameters]}")
    numeric = [numerical_gradient(lambda: net.loss(X, y, loss), p, eps) for p in parameters]
    worst = max(relative_error(a, n) for a, n in zip(analytic, numeric))
    return GradientCheck(analytic, numeric, worst)
