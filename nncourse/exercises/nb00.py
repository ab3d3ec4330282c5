"""Checks for the exercises of notebook 00 · Start here.

Call a check with your answer: ``check.first_weight_shape(answer)``; ask for the
answer and its reasoning with ``check.first_weight_shape.reveal()``.

The predict-then-run exercise is judged by ``judge_prediction`` (in ``__init__``):
a prediction counts as right within a stated tolerance, and a wrong one is told
"higher", "lower" or "the sign", never the value.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from nnlib.activations import sigmoid
from nnlib.network import Network
from . import (Mistake, Outcome, Solution, custom_check, judge_prediction, number_check, read_number, right,
               unreadable, whole_check, wrong)
from .progress import progress_for

progress = progress_for(__name__)      # check.progress(): what is done in this notebook

DEMO_Z = 2.0              # the demonstration check of "Exercises and solutions": σ(2)
SIZES_1 = [3, 4, 1]       # exercise 1: the network whose first weight matrix is asked about
SIZES_2 = [2, 2, 1]       # exercise 2: the network whose numbers are counted
GUESS_Z = -2.0            # exercise 3: predict σ(−2) from the curve
GUESS_TOLERANCE = 0.05    # exercise 3: a prediction this close (either way) counts as right


@number_check("σ(2), the sigmoid of 2", digits=4)
def sigmoid_of_two() -> Solution:
    """The demonstration check of notebook 00: σ(2) to 4 significant digits."""
    a = float(sigmoid(DEMO_Z))
    return Solution(a, how=f"σ(z) = 1 / (1 + e^(−z)); at z = {DEMO_Z:g}, e^(−2) = {math.exp(-DEMO_Z):.6f}, "
                           f"so σ(2) = 1 / {1 + math.exp(-DEMO_Z):.6f} = {a:.6f}",
                    look="Work it out in order: e^(−2) first, then 1 plus that, then 1 divided by the sum",
                    mistakes=[Mistake("minus_two", float(sigmoid(-DEMO_Z)), "that is σ(−2) = 1 / (1 + e^(+2)): "
                                      "the exponent is −z, so at z = 2 it is e^(−2) (and σ(2) is above one half)")])


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
                    look="Count the arrows between layers (one weight each), then one bias per hidden or output unit",
                    mistakes=[Mistake("weights_only", weights, "you counted the weights; every hidden and "
                                                               "output unit also has a bias"),
                              Mistake("biases_only", biases, "you counted the biases; add the weights: "
                                                             "W⁽¹⁾ is (2, 2) and W⁽²⁾ is (2, 1)"),
                              Mistake("units", units, "that is the number of units (inputs, hidden and "
                                                      "output); count the weights (one per arrow) and the "
                                                      "biases (one per non-input unit)")])


def _guess_solution() -> Solution:
    a = float(sigmoid(GUESS_Z))
    return Solution(a, how=f"σ(−2) = 1 / (1 + e^2) = {a:.4f}. The curve is symmetric about (0, ½): "
                           f"σ(−z) = 1 − σ(z), so σ(−2) = 1 − σ(2) = 1 − {float(sigmoid(-GUESS_Z)):.4f}")


@custom_check(_guess_solution, f"your prediction of σ(−2), one number (within {GUESS_TOLERANCE:g} counts)")
def sigmoid_guess(answer: Any, solution: Solution) -> Outcome:
    """Exercise 3, predict then run: σ(−2) read off the curve, right within 0.05."""
    value, _ = read_number(answer)
    if value is not None and (value < 0 or value > 1):       # NaN goes on to judge_prediction
        return wrong("σ's output always lies between 0 and 1, so σ of a negative z is not negative: it is below "
                     "one half. Read how far below on the curve")
    return judge_prediction(answer, solution.value, GUESS_TOLERANCE)
