"""Input checks shared by every public function of nnlib.

Each check either returns a clean numpy array or raises one clear error that
says what was expected and what came instead, so a learner never has to read a
numpy broadcasting traceback from deep inside the maths.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np


def as_matrix(values: Any, name: str, columns: str = "n_features") -> np.ndarray:
    """Return ``values`` as a finite 2-D float array of shape (n_samples, ``columns``).

    A 1-D input is *not* silently reshaped: whether ``[0, 1]`` is one example
    with two features or two examples with one feature is the learner's choice,
    so we ask for it explicitly.
    """
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be a 2-D array of numbers, got {type(values).__name__}")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 2-D array of numbers; could not read it as one ({exc})") from None
    if array.ndim != 2:
        hint = ""
        if array.ndim == 1:
            hint = (f" For one example use {name}.reshape(1, -1); "
                    f"for one column per example use {name}.reshape(-1, 1).")
        raise ValueError(f"{name} must be 2-D with shape (n_samples, {columns}), "
                         f"got an array of shape {array.shape}.{hint}")
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(f"{name} is empty: expected at least one row and one column, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        bad = int(np.sum(~np.isfinite(array)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); every entry must be a finite number")
    return array


def check_features(X: np.ndarray, n_inputs: int, name: str = "X") -> None:
    """Raise if ``X`` does not have one column per network input."""
    if X.shape[1] != n_inputs:
        raise ValueError(f"{name} has {X.shape[1]} feature column(s) per example but the network "
                         f"expects {n_inputs} input(s): {name} should have shape (n_samples, {n_inputs}), "
                         f"got {X.shape}")


def check_targets(X: np.ndarray, y: np.ndarray, n_outputs: int) -> None:
    """Raise unless ``y`` has one row per row of ``X`` and one column per output."""
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X and y must have the same number of rows (one per example): "
                         f"X has {X.shape[0]} row(s), y has {y.shape[0]}")
    if y.shape[1] != n_outputs:
        raise ValueError(f"y has {y.shape[1]} column(s) but the network has {n_outputs} output(s): "
                         f"y should have shape ({X.shape[0]}, {n_outputs}), got {y.shape}")


def check_learning_rate(learning_rate: Any) -> float:
    """Return the learning rate as a float; it must be a finite number > 0."""
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float, np.integer, np.floating)):
        raise TypeError(f"learning_rate must be a positive number, got {type(learning_rate).__name__}")
    if not math.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a finite number greater than 0, got {learning_rate}")
    return float(learning_rate)


def check_positive_int(value: Any, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an int, requiring a whole number >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number >= {minimum}, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value}")
    return int(value)


def check_sizes(sizes: Any) -> list[int]:
    """Return layer sizes as a list of ints: at least two layers, each with >= 1 unit."""
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a list of layer sizes such as [2, 2, 1], got {type(sizes).__name__}")
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least two layers (inputs and outputs), such as [2, 2, 1]; got {list(sizes)}")
    for position, size in enumerate(sizes):
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
            raise TypeError(f"every layer size must be a whole number; sizes[{position}] is {size!r}")
        if size < 1:
            raise ValueError(f"every layer needs at least 1 unit; sizes[{position}] is {size} in {list(sizes)}")
    return [int(size) for size in sizes]


def check_shape(array: Any, shape: tuple[int, ...], name: str) -> np.ndarray:
    """Return ``array`` as a finite float array of exactly ``shape``."""
    try:
        result = np.asarray(array, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers with shape {shape}") from None
    if result.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {result.shape}")
    if not np.all(np.isfinite(result)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return result


def check_choice(value: Any, choices: Sequence[str], name: str) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise list the choices."""
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; choose one of: {', '.join(map(repr, choices))}")
    return value
