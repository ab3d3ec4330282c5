"""Activation functions and their slopes.

A unit computes a pre-activation ``z = x·w + b`` and then an activation
``a = f(z)``. Backpropagation needs the slope ``f'(z)``. For the sigmoid and
tanh that slope can be written from either number:

    sigmoid:  f'(z) = σ(z)(1 − σ(z))  =  a(1 − a)      where a = σ(z)
    tanh:     f'(z) = 1 − tanh(z)²    =  1 − a²        where a = tanh(z)

Both forms give the *same derivative*; they only take different arguments.
The functions below say in their names which argument they want:
``*_slope_from_z`` takes the pre-activation z, ``*_slope_from_a`` takes the
stored activation a. Feeding an activation to a ``from_z`` function (or a
derivative to a ``from_a`` function) is the classic bug; a gradient check
catches it (see ``gradcheck.py``).

All functions work element-wise on arrays of any shape (real numbers only:
a complex array is refused) and return a new float array of the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from .errors import as_array, check_choice


def sigmoid(z: ArrayLike) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), squashing any real number into (0, 1).

    For very negative z, e^(−z) would be larger than the largest float
    (about 1.8e308): numpy would warn about an overflow. For very positive z,
    e^(−z) would be smaller than the smallest normal float: an underflow. So
    z is first clamped to [−700, 700], where e^(±700) still fits. Nothing is
    lost: σ(−700) ≈ 1e−304 is already 0 for every practical purpose, and
    σ(700) is exactly 1.0 in floating point. So ``sigmoid(-1e4)`` and
    ``sigmoid(1e4)`` give about 1e−304 and 1.0, with no warning.
    """
    z = as_array(z, "z").clip(-700.0, 700.0)      # np.clip as an array method: half the cost per call
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_slope_from_z(z: ArrayLike) -> np.ndarray:
    """σ'(z) = σ(z)(1 − σ(z)), given the pre-activation z."""
    s = sigmoid(z)
    return s * (1.0 - s)


def sigmoid_slope_from_a(a: ArrayLike) -> np.ndarray:
    """σ'(z) written as a(1 − a), given the stored activation a = σ(z).

    This is what most tutorials write (``a * (1 - a)``): correct, *if* ``a``
    really is a sigmoid output.
    """
    a = as_array(a, "a")
    return a * (1.0 - a)


def tanh(z: ArrayLike) -> np.ndarray:
    """tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)), squashing into (−1, 1)."""
    return np.tanh(as_array(z, "z"))


def tanh_slope_from_z(z: ArrayLike) -> np.ndarray:
    """tanh'(z) = 1 − tanh(z)², given the pre-activation z."""
    t = np.tanh(as_array(z, "z"))
    return 1.0 - t * t


def tanh_slope_from_a(a: ArrayLike) -> np.ndarray:
    """tanh'(z) written as 1 − a², given the stored activation a = tanh(z)."""
    a = as_array(a, "a")
    return 1.0 - a * a


def relu(z: ArrayLike) -> np.ndarray:
    """relu(z) = max(0, z)."""
    return np.maximum(0.0, as_array(z, "z"))


def relu_slope_from_z(z: ArrayLike) -> np.ndarray:
    """relu'(z) = 1 where z > 0, else 0 (we pick 0 at the kink z = 0)."""
    return (as_array(z, "z") > 0).astype(float)


def relu_slope_from_a(a: ArrayLike) -> np.ndarray:
    """relu'(z) from the activation: a > 0 exactly when z > 0."""
    return (as_array(a, "a") > 0).astype(float)


@dataclass(frozen=True)
class Activation:
    """An activation function bundled with its slope written from the activation.

    The network keeps each layer's activations for the backward pass, so it
    uses ``slope_from_a``; ``slope_from_z`` is there for plots and checks.
    ``low`` and ``high`` are the range of its outputs (``high`` is ``inf`` for
    relu); ``midpoint`` is the output that splits "off" from "on", where the
    course's pictures draw a unit's line: the middle of the range, and 0.5 for
    relu, whose range has no middle. The defaults are the sigmoid's.
    """

    name: str
    function: Callable[[ArrayLike], np.ndarray]
    slope_from_z: Callable[[ArrayLike], np.ndarray]
    slope_from_a: Callable[[ArrayLike], np.ndarray]
    low: float = 0.0
    high: float = 1.0
    midpoint: float = 0.5


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_slope_from_z, sigmoid_slope_from_a, low=0.0, high=1.0),
    "tanh": Activation("tanh", tanh, tanh_slope_from_z, tanh_slope_from_a, low=-1.0, high=1.0, midpoint=0.0),
    "relu": Activation("relu", relu, relu_slope_from_z, relu_slope_from_a, high=np.inf),
}


def get_activation(name: str) -> Activation:
    """Look an activation up by name: 'sigmoid', 'tanh' or 'relu'."""
    __tracebackhide__ = True
    return ACTIVATIONS[check_choice(name, tuple(ACTIVATIONS), "activation")]
