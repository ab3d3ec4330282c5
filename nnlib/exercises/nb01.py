"""Checks for the exercises of notebook 01 · One neuron.

Each check prints "correct" or a hint and returns a Verdict (true if correct); none raises.
The exercise data live here too, so the notebook, its solutions and the tests
use the same numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..activations import sigmoid, sigmoid_slope_from_a, sigmoid_slope_from_z
from ..data import gate, toy_first_input
from . import Verdict, as_number, check_array, check_number, not_started, same_array, verdict

# Exercise 1: one neuron, one example.
X1 = np.array([2.0, -1.0, 0.5])
W1 = np.array([0.4, 0.3, -0.6])
B1 = 0.1

# Exercise 2: one neuron, the whole batch.
X2, _ = toy_first_input()                   # (4, 3)
W2 = np.array([[1.5], [-2.0], [0.5]])       # (3, 1)
B2 = -0.25

# Exercise 3: the slope from a stored activation.
A3 = 0.8


def neuron_output(answer: Any) -> Verdict:
    """a = σ(w·x + b) for the neuron of exercise 1 (about 0.574443)."""
    z = float(X1 @ W1 + B1)
    value = None if not_started(answer) else as_number(answer)
    if value is not None:
        if abs(value - z) <= 1e-6:
            return verdict(False, f"{value:.6g} is z, the weighted sum plus bias; the neuron's output is σ(z)")
        if abs(value - sigmoid(z - B1)) <= 1e-6:
            return verdict(False, "the bias is missing: z = w·x + b")
        if abs(value - sigmoid(-z)) <= 1e-6:
            return verdict(False, "a sign is off: σ(z) = 1 / (1 + e^(−z)), with a minus sign in the exponent")
        if value in (0.0, 1.0):
            return verdict(False, "that is a hard threshold (0 or 1); the neuron uses the sigmoid σ(z)")
    return check_number(answer, float(sigmoid(z)), "the neuron's output a")


def batch_outputs(answer: Any) -> Verdict:
    """σ(X·w + b) for all four rows of exercise 2 at once: shape (4, 1)."""
    expected = sigmoid(X2 @ W2 + B2)
    if not not_started(answer):
        try:
            value = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            value = None
        if value is not None:
            if value.shape == (4,):
                return verdict(False, "a flat vector of shape (4,): keep w as a (3, 1) column so that "
                                      "X · w is (4, 1), one row per example")
            if value.shape == (4, 4):
                return verdict(False, "shape (4, 4): two arrays of shapes (4, 1) and (1, 4) were broadcast "
                                      "against each other; check that w is a (3, 1) column")
            if same_array(value, X2 @ W2 + B2):
                return verdict(False, "these are the weighted sums z; apply the sigmoid to get the outputs")
            if same_array(value, sigmoid(X2 @ W2)):
                return verdict(False, "the bias is missing: add b to every row, σ(X · w + b)")
    return check_array(answer, expected, "outputs of the four examples")


def slope_from_activation(answer: Any) -> Verdict:
    """The sigmoid's slope when the stored activation is a = 0.8: a(1 − a) = 0.16."""
    value = None if not_started(answer) else as_number(answer)
    right = float(sigmoid_slope_from_a(A3))
    if value is not None:
        if abs(value - float(sigmoid_slope_from_z(A3))) <= 1e-6:
            return verdict(False, "you treated a as if it were z: σ(a)(1 − σ(a)) is the slope at z = 0.8, "
                                  "but here 0.8 is already σ(z), so the slope is a(1 − a)")
        if abs(value - right * (1 - right)) <= 1e-6:
            return verdict(False, "the slope formula was applied twice: a(1 − a) takes the activation, "
                                  "not a value that is already a slope")
        if abs(value - A3) <= 1e-6:
            return verdict(False, "that is the activation itself; its slope is a(1 − a)")
    return check_number(answer, right, "the slope")


def or_neuron(answer: Any) -> Verdict:
    """A pair (w, b) whose neuron outputs < 0.1 for (0, 0) and > 0.9 for the other OR corners."""
    if not_started(answer):
        return verdict(False, "replace None with a pair (w, b), for example (np.array([1.0, 1.0]), 0.0)")
    try:
        w, b = answer
    except (TypeError, ValueError):
        return verdict(False, "the answer should be a pair (w, b): two weights and one bias")
    try:
        w = np.asarray(w, dtype=float)
        b = as_number(b)
    except (TypeError, ValueError):
        return verdict(False, "w should be two numbers and b one number")
    if w.size != 2:
        return verdict(False, f"w should hold two weights, one per input; got shape {w.shape}")
    if b is None:
        return verdict(False, f"b should be one number, got {answer[1]!r}")
    X, y = gate("or")
    a = sigmoid(X @ w.reshape(2, 1) + b)
    if b == 0:
        return verdict(False, "with b = 0 the corner (0, 0) always gives σ(0) = 0.5, whatever w is: the line "
                              "goes through the origin. A negative bias moves it away")
    wrong = [tuple(int(v) for v in X[i]) for i in range(4) if (a[i, 0] > 0.5) != (y[i, 0] == 1)]
    if wrong:
        return verdict(False, f"the corner(s) {', '.join(map(str, wrong))} land on the wrong side of the line "
                              f"(outputs {np.array2string(a.ravel(), precision=3)})")
    if np.any(np.abs(a - y) >= 0.1):
        return verdict(False, f"every corner is on the right side, but not clearly (outputs "
                              f"{np.array2string(a.ravel(), precision=3)}); multiply w and b by 10 to sharpen")
    return verdict(True, "")
