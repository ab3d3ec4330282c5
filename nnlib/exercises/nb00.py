"""Checks for the exercises of notebook 00 · Start here.

Each check prints "correct" or a hint and returns a Verdict (true if correct); none raises.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import Verdict, not_started, verdict


def _as_shape(answer: Any) -> tuple[int, ...] | None:
    """``answer`` as a tuple of whole numbers, or None if it is not one."""
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        return None
    try:
        values = tuple(answer)
    except TypeError:
        return None
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
        return None
    return tuple(int(v) for v in values)


def first_weight_shape(answer: Any) -> Verdict:
    """The shape of the first weight matrix W⁽¹⁾ of ``Network([3, 4, 1])``: (3, 4)."""
    expected = (3, 4)
    if not_started(answer):
        return verdict(False, "replace None with the shape, a pair of whole numbers such as (5, 6)")
    if isinstance(answer, np.ndarray) and answer.ndim == 2:
        return verdict(False, "that looks like the matrix itself; its .shape is the answer")
    shape = _as_shape(answer)
    if shape is None:
        return verdict(False, f"the answer should be a pair of whole numbers such as (5, 6), "
                              f"got {type(answer).__name__} {answer!r}")
    if shape == expected:
        return verdict(True, "")
    if shape == expected[::-1]:
        return verdict(False, "transposed: W has one row per input (n_in) and one column per unit (n_out)")
    if shape == (4, 1):
        return verdict(False, "that is the second layer's matrix, W⁽²⁾; the first connects the 3 inputs "
                              "to the 4 hidden units")
    if shape == (3, 4, 1):
        return verdict(False, "that is the list of layer sizes; a weight matrix has two numbers, (n_in, n_out)")
    return verdict(False, f"got {shape}; a weight matrix is (n_in, n_out): how many inputs does the first "
                          f"layer have, and how many units?")


def parameter_count(answer: Any) -> Verdict:
    """How many numbers (weights and biases) a 2-2-1 network with biases has: 9."""
    weights, biases = 2 * 2 + 2 * 1, 2 + 1
    if not_started(answer):
        return verdict(False, "replace None with a whole number")
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer, float, np.floating)):
        return verdict(False, f"the answer should be one whole number, got {type(answer).__name__} {answer!r}")
    if answer == weights + biases:
        return verdict(True, "")
    if answer == weights:
        return verdict(False, "you counted the weights; every hidden and output unit also has a bias")
    if answer == biases:
        return verdict(False, "you counted the biases; add the weights: W⁽¹⁾ is (2, 2) and W⁽²⁾ is (2, 1)")
    if answer == 5:
        return verdict(False, "5 is the number of units (2 inputs + 2 hidden + 1 output); count the "
                              "weights (one per arrow) and the biases (one per non-input unit)")
    return verdict(False, f"got {answer}; count the entries of W⁽¹⁾ (2, 2), W⁽²⁾ (2, 1), "
                          f"b⁽¹⁾ (2,) and b⁽²⁾ (1,)")
