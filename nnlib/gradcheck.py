"""Gradient checking: compare backpropagation with finite differences.

The slope of a function f at a point p can be estimated without any calculus
by nudging p a little each way (a *central* finite difference)::

    ∂f/∂p ≈ (f(p + ε) − f(p − ε)) / (2ε)

The formula's own error shrinks like ε² (the ε² terms of the two Taylor
expansions cancel), about 1e−12 at ε = 1e−6. Rounding adds more: f is known
to about 16 digits, and dividing the difference by 2ε magnifies that error to
about 1e−16 · |f| / ε, some 1e−10 for a loss near 1. So with ε = 1e−6 the
estimate agrees with the true slope to about 1e−10; a smaller ε would lose
digits to rounding, a larger one to the ε² term. If a backward pass disagrees
with it by much more, the backward pass has a bug (a missing factor 2, a slope
applied twice, a transpose on the wrong side, …).

We compare each parameter array's gradients as a whole with the *relative*
error, so big and small gradients are judged alike::

    rel = ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖)

where ‖·‖ is the length (Euclidean norm) of all the array's entries together.
Comparing whole arrays rather than single entries keeps a gradient that is
almost exactly 0 (where both estimates are pure rounding noise) from raising
a false alarm.

A NaN or an infinity never passes: ``relative_error`` is then NaN, and
``check_gradients`` lists every such entry in ``GradientCheck.non_finite``,
so a backward pass full of NaN fails the check and says where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from .errors import as_array, check_real, describe
from .losses import get_loss
from .network import Gradients, Network


def numerical_gradient(f: Callable[[], float], p: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference estimate of ∂f/∂p for every entry of the array ``p``.

    ``f`` takes no arguments and reads ``p`` itself; each entry of ``p`` is
    nudged by ±eps in place and put back afterwards. Returns an array shaped like p.
    ``p`` must be a float array: an integer array cannot hold p ± 1e-6.
    """
    __tracebackhide__ = True
    if not callable(f):
        raise TypeError(f"f must be a function with no arguments that returns the loss, got {describe(f)}")
    if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
        raise TypeError(f"p must be a numpy array of floats (it is nudged by ±eps in place, which an "
                        f"integer array cannot hold), got {describe(p)}; use p = p.astype(float)")
    eps = check_real(eps, "eps", greater_than=0)
    __tracebackhide__ = False
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
    """‖a − n‖ / (‖a‖ + ‖n‖) for two arrays of the same shape.

    0 if both are all 0; NaN if either holds a NaN or an infinity (so that
    ``error < tolerance`` is False: a non-finite gradient never passes).
    """
    __tracebackhide__ = True
    a = as_array(analytic, "analytic")
    n = as_array(numeric, "numeric")
    if a.shape != n.shape:
        raise ValueError(f"analytic and numeric must have the same shape, got {a.shape} and {n.shape}")
    __tracebackhide__ = False
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(n))):
        return float("nan")
    scale = np.linalg.norm(a) + np.linalg.norm(n)
    return float(np.linalg.norm(a - n) / scale) if scale > 0 else 0.0


@dataclass
class GradientCheck:
    """The result of ``check_gradients``.

    analytic, numeric : gradient arrays in the order of ``Network.parameter_list``.
    max_relative_error : the largest relative error over the parameter arrays
        (NaN if any entry is NaN or infinite).
    non_finite : one line per NaN or infinite entry, naming the array and the
        entry, e.g. "analytic ∂L/∂weights[0], entry (1, 0), is nan".
    """

    analytic: list[np.ndarray]
    numeric: list[np.ndarray]
    max_relative_error: float
    non_finite: list[str] = field(default_factory=list)

    def passed(self, tolerance: float = 1e-6) -> bool:
        """True if every entry is finite and every gradient agrees to within ``tolerance`` (relative)."""
        __tracebackhide__ = True
        tolerance = check_real(tolerance, "tolerance", greater_than=0)
        return not self.non_finite and self.max_relative_error < tolerance


def check_gradients(net: Network, X: ArrayLike, y: ArrayLike, loss: str = "mse",
                    gradients: Gradients | None = None, eps: float = 1e-6) -> GradientCheck:
    """Compare ``gradients`` (default: ``net.gradients(X, y, loss)``) with finite differences.

    Pass your own ``gradients`` (for example from a hand-written backward
    pass) to check them instead. X is (n_samples, n_inputs), y is (n_samples, n_outputs).
    """
    __tracebackhide__ = True
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlib Network, got {describe(net)}")
    X, y = net.check_data(X, y)
    loss_fn = get_loss(loss)
    eps = check_real(eps, "eps", greater_than=0)
    if gradients is None:
        gradients = net._backward(net._forward(X), y, loss_fn)
    analytic = net.check_gradients_fit(gradients)
    __tracebackhide__ = False
    numeric = [numerical_gradient(lambda: float(loss_fn.value(net._forward(X)[-1], y)), p, eps)
               for p in net.parameter_list()]
    errors = [relative_error(a, n) for a, n in zip(analytic, numeric)]
    worst = float(np.max(errors))          # np.max, unlike max(), gives NaN if any error is NaN
    non_finite = []
    for kind, arrays in (("analytic", analytic), ("numeric", numeric)):
        for k, array in enumerate(arrays):
            for index in np.argwhere(~np.isfinite(array)):
                entry = tuple(int(i) for i in index)
                non_finite.append(f"{kind} {_array_name(net, k)}, entry {entry}, is {array[entry]}")
    return GradientCheck(analytic, numeric, worst, non_finite)


def _array_name(net: Network, k: int) -> str:
    """The name of the k-th array of ``Network.parameter_list``: "∂L/∂weights[0]", "∂L/∂biases[1]", …"""
    n_layers = len(net.weights)
    return f"∂L/∂weights[{k}]" if k < n_layers else f"∂L/∂biases[{k - n_layers}]"
