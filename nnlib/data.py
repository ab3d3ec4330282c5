"""The small data sets of the series, and scaling to [0, 1] and back.

Every data set is a pair (X, y): X is (n_samples, n_inputs), y is
(n_samples, n_outputs), both float arrays, one row per example.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .errors import MAX_ENTRIES, MAX_SEED, as_array, as_matrix, check_choice, check_real, check_whole_number

# The four corners of the unit square, in the order (0,0) (0,1) (1,0) (1,1).
CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)

GATES = {
    "xor": np.array([[0], [1], [1], [0]], dtype=float),   # one or the other, not both
    "and": np.array([[0], [0], [0], [1]], dtype=float),   # both
    "or": np.array([[0], [1], [1], [1]], dtype=float),    # at least one
}


def gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of a logic gate: 'xor', 'and' or 'or' → (X (4, 2), y (4, 1))."""
    __tracebackhide__ = True
    check_choice(name, tuple(GATES), "gate")
    return CORNERS.copy(), GATES[name].copy()


def xor() -> tuple[np.ndarray, np.ndarray]:
    """The XOR truth table: X (4, 2), y (4, 1) = 0 1 1 0."""
    return gate("xor")


def toy_neuron() -> tuple[np.ndarray, np.ndarray]:
    """The single-neuron tutorial's set: the answer is the first input.

    Inputs (0,0,1) (1,1,1) (1,0,1) (0,1,1), targets 0 1 1 0. The third input
    is always 1 (it lets a bias-free neuron shift its threshold).
    """
    X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    return X, y


def toy_first_input() -> tuple[np.ndarray, np.ndarray]:
    """Inputs (0,0,1) (0,1,1) (1,0,1) (1,1,1) with targets 0 0 1 1 (the first input again)."""
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    y = np.array([[0], [0], [1], [1]], dtype=float)
    return X, y


def toy_xor3() -> tuple[np.ndarray, np.ndarray]:
    """The same inputs as ``toy_first_input`` with targets 0 1 1 0: XOR of the first two inputs."""
    X, _ = toy_first_input()
    return X, np.array([[0], [1], [1], [0]], dtype=float)


def study_sleep_score() -> tuple[np.ndarray, np.ndarray]:
    """Hours studied and slept → test score: X = (2,9) (1,5) (3,6), y = 92 86 89 (raw units)."""
    X = np.array([[2, 9], [1, 5], [3, 6]], dtype=float)
    y = np.array([[92], [86], [89]], dtype=float)
    return X, y


def practice_hours() -> tuple[np.ndarray, np.ndarray]:
    """Hours of practice → chance of passing an exam (notebook 03's one-input neuron).

    X = 1, 2, 3, 4 hours (shape (4, 1)); y = 0.1, 0.3, 0.7, 0.9 (shape (4, 1)).
    The chance grows with practice, steepest in the middle: a sigmoid shape.
    """
    X = np.array([[1.0], [2.0], [3.0], [4.0]])
    y = np.array([[0.1], [0.3], [0.7], [0.9]])
    return X, y


def noisy_gate(name: str, points_per_corner: int = 25, noise: float = 0.15,
               seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A point cloud around each corner of a gate's truth table.

    Each corner gets ``points_per_corner`` points, shifted by Gaussian noise of
    standard deviation ``noise``, and keeps that corner's label.
    Returns X (4 · points_per_corner, 2) and y (4 · points_per_corner, 1).
    ``noise`` is a finite number >= 0 (0 puts every point on its corner).
    """
    __tracebackhide__ = True
    X, y = gate(name)
    points_per_corner = check_whole_number(points_per_corner, "points_per_corner", minimum=1,
                                           maximum=MAX_ENTRIES // 8)
    noise = check_real(noise, "noise", at_least=0)
    seed = check_whole_number(seed, "seed", 0, MAX_SEED)
    __tracebackhide__ = False
    rng = np.random.default_rng(seed)
    X_many = np.repeat(X, points_per_corner, axis=0)
    y_many = np.repeat(y, points_per_corner, axis=0)
    return X_many + noise * rng.standard_normal(X_many.shape), y_many


@dataclass
class MaxScaler:
    """Divide each column by its largest absolute value, so the data lie in [−1, 1] ([0, 1] if ≥ 0).

    ``scale`` has one entry per column (shape (n_columns,)). Dividing by it
    scales; multiplying by it undoes the scaling, which is how a prediction
    is read in the original units.
    """

    scale: np.ndarray

    def __post_init__(self) -> None:
        """Check a scale given directly, ``MaxScaler(scale=[3, 9])``: finite numbers > 0, one per column."""
        __tracebackhide__ = True
        scale = as_array(self.scale, "scale")
        if scale.ndim != 1 or scale.size == 0:
            raise ValueError(f"scale must be a 1-D array with one number per column, got shape {scale.shape}")
        bad = np.flatnonzero(~(np.isfinite(scale) & (scale > 0)))
        if bad.size:
            raise ValueError(f"every column's scale (its largest absolute value) must be a finite number > 0, "
                             f"since data are divided by it; column(s) {bad.tolist()} have {scale[bad].tolist()}")
        self.scale = scale

    @classmethod
    def fit(cls, data: ArrayLike, name: str = "data") -> "MaxScaler":
        """Learn each column's largest absolute value from ``data`` (n_samples, n_columns)."""
        __tracebackhide__ = True
        data = as_matrix(data, name)
        return cls(np.abs(data).max(axis=0))      # a column of zeros is refused by __post_init__

    def _check(self, data: ArrayLike, name: str) -> np.ndarray:
        __tracebackhide__ = True
        data = as_matrix(data, name)
        if data.shape[1] != len(self.scale):
            raise ValueError(f"{name} has {data.shape[1]} column(s) but this scaler was fitted on "
                             f"{len(self.scale)}")
        return data

    def transform(self, data: ArrayLike, name: str = "data") -> np.ndarray:
        """data / scale, column by column."""
        __tracebackhide__ = True
        return self._check(data, name) / self.scale

    def inverse(self, scaled: ArrayLike, name: str = "scaled data") -> np.ndarray:
        """scaled · scale: back to the original units."""
        __tracebackhide__ = True
        return self._check(scaled, name) * self.scale
