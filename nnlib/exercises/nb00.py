"""Checks for the exercises of notebook 00 · Start here.

Call a check with your answer: ``check.first_weight_shape(answer)``; ask for the
answer and its reasoning with ``check.first_weight_shape.reveal()``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..network import Network
from . import Mistake, Outcome, Solution, custom_check, right, unreadable, whole_check, wrong

SIZES_1 = [3, 4, 1]       # exercise 1: the network whose first weight matrix is asked about
SIZES_2 = [2, 2, 1]       # exercise 2: the network whose numbers are counted


def _first_shape() -> Solution:
    shape = Network(SIZES_1).weights[0].shape
    return Solution(shape, how=f"W⁽¹⁾ connects the {SIZES_1[0]} inputs to the {SIZES_1[1]} hidden units: "
                               f"one row per input (n_in), one column per unit (n_out), so {shape}")


def _as_shape(answer: Any) -> tuple[int, ...] | None:
    """``answer`` as a tuple of whole numbers, or None if it is not one."""
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        return None
    try:
        values = tuple(answer)
    except TypeError:
        return None
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in values):
        return None
    return tuple(int(v) for v in values)


@custom_check(_first_shape, "the shape of W⁽¹⁾, a pair of whole numbers such as (5, 6)")
def first_weight_shape(answer: Any, solution: Solution) -> Outcome:
    """The shape of the first weight matrix W⁽¹⁾ of ``Network([3, 4, 1])``."""
    expected = solution.value
    if isinstance(answer, np.ndarray) and answer.ndim == 2:
        return unreadable("that looks like the matrix itself; its .shape is the answer")
    shape = _as_shape(answer)
    if shape is None:
        return unreadable(f"not a shape yet: a shape is a pair of whole numbers such as (5, 6), "
                          f"got a {type(answer).__name__}")
    if shape == expected:
        return right()
    if shape == expected[::-1]:
        return wrong("transposed: W has one row per input (n_in) and one column per unit (n_out)")
    if shape == tuple(SIZES_1[1:]):
        return wrong("that is the second layer's matrix, W⁽²⁾; the first connects the inputs to the hidden units")
    if shape == tuple(SIZES_1):
        return wrong("that is the list of layer sizes; a weight matrix has two numbers, (n_in, n_out)")
    if len(shape) != 2:
        return wrong("a weight matrix's shape has exactly two numbers, (n_in, n_out)")
    return wrong("not it: a weight matrix is (n_in, n_out). How many inputs does the first layer have, "
                 "and how many units?")


@whole_check("the number of weights and biases of a 2-2-1 network")
def parameter_count() -> Solution:
    """How many numbers (weights and biases) a 2-2-1 network with biases has."""
    net = Network(SIZES_2)
    weights = sum(W.size for W in net.weights)
    biases = sum(b.size for b in net.biases)
    units = sum(SIZES_2)
    return Solution(weights + biases,
                    how=f"weights: one per arrow, {' + '.join(str(W.size) for W in net.weights)} = {weights}; "
                        f"biases: one per hidden or output unit, {biases}; together {weights + biases}",
                    mistakes=[Mistake("weights_only", weights, "you counted the weights; every hidden and "
                                                               "output unit also has a bias"),
                              Mistake("biases_only", biases, "you counted the biases; add the weights: "
                                                             "W⁽¹⁾ is (2, 2) and W⁽²⁾ is (2, 1)"),
                              Mistake("units", units, "that is the number of units (inputs, hidden and "
                                                      "output); count the weights (one per arrow) and the "
                                                      "biases (one per non-input unit)")])
