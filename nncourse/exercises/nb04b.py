"""Checks for the exercises of notebook 04b · Debugging a published network (optional).

Call a check with your answer: ``check.book_check(answer)``; ask for the answer
and its reasoning with ``check.book_check.reveal()``. The exercise data live here
(the book's hand network) or in ``nncourse.tutorial_bugs`` (figure 6); every
expected value is computed from them when the check runs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnlib.activations import sigmoid
from nnlib.gradcheck import check_gradients, relative_error
from nnlib.network import Gradients, Network
from ..tutorial_bugs import FIGURE6_X, FIGURE6_Y, figure6_gradients, figure6_network, figure6_start
from . import Mistake, Outcome, Solution, custom_check, judge_prediction, number_check, read_number, whole_check, wrong
from .nb03 import PREDICTION_TOLERANCE, outside_zero_one
from .progress import progress_for

progress = progress_for(__name__)      # check.progress(): what is done in this notebook

# Exercise 1: the hand-calculated 2-3-1 network of figure 7 ("Check the book"), another student.
BOOK_HIDDEN = np.array([[0.2, 0.6, 0.1], [0.8, 0.3, 0.7]])  # (2, 3): row i belongs to input i
BOOK_OUTPUT = np.array([[0.4], [0.5], [0.9]])               # (3, 1)
BOOK_INPUT = np.array([[1.0, 5.0]])                          # 1 hour of study, 5 of sleep
BOOK_STUDENT = np.array([[2.0, 9.0]])                        # the book's own student


def book_output(x: np.ndarray = BOOK_INPUT, hidden: np.ndarray = BOOK_HIDDEN) -> float:
    """The hand network's output σ(σ(x·W¹)·W²) for one input row x (1, 2)."""
    return float(sigmoid(sigmoid(x @ hidden) @ BOOK_OUTPUT)[0, 0])


@number_check("the output for (1, 5)", digits=4)
def book_check() -> Solution:
    """The figure-7 network's output for the input (1, 5)."""
    z1 = BOOK_INPUT @ BOOK_HIDDEN
    h = sigmoid(z1)
    paired = BOOK_HIDDEN.reshape(3, 2).T          # the six weights read in pairs, one pair per unit
    out = book_output()
    return Solution(out, how=f"z¹ = x · W¹ = {np.round(z1.ravel(), 4)}, h = σ(z¹) = {np.round(h.ravel(), 6)}, "
                             f"z = h · W² = {float((h @ BOOK_OUTPUT)[0, 0]):.6g}, output σ(z) = {out:.6g}",
                    look="Go through it one layer at a time: x · W¹ for the three hidden units, σ of each, then "
                         "h · W² and σ once more",
                    mistakes=[Mistake("z", float((h @ BOOK_OUTPUT)[0, 0]), "that is the output unit's z; the output "
                                                                          "is σ(z), between 0 and 1"),
                              Mistake("no_hidden_sigmoid", float(sigmoid(z1 @ BOOK_OUTPUT)[0, 0]),
                                      "the hidden units need their sigmoid too: h = σ(x · W¹) before the output unit"),
                              Mistake("layout", book_output(hidden=paired),
                                      "the weights are read in the wrong layout: row i of W¹ holds input i's "
                                      "weights to the three hidden units (.2 .6 .1 for x₁, .8 .3 .7 for x₂)"),
                              Mistake("book_student", book_output(x=BOOK_STUDENT),
                                      "that is the book's student (2, 9); this exercise asks for (1, 5)")])


# Exercise 2: the nudge of the chaos cell, in units in the last place.
NUDGE = 2e-16            # added to W1[0, 2]
NUDGED_ENTRY = (0, 2)


def nudged_weight() -> tuple[float, float]:
    """(W1[0, 2] as drawn, W1[0, 2] after adding NUDGE), as floats."""
    drawn = float(figure6_start()[0][NUDGED_ENTRY])
    return drawn, drawn + NUDGE


@whole_check("the number of units in the last place the weight moved")
def last_place() -> Solution:
    """How many steps of np.spacing the nudge of 2e-16 moved the hidden weight W1[0, 2]."""
    drawn, nudged = nudged_weight()
    ulp = float(np.spacing(abs(drawn)))
    steps = round(abs(nudged - drawn) / ulp)
    return Solution(steps, how=f"near |W1[0, 2]| ≈ {abs(drawn):.3f} neighbouring floats are np.spacing = {ulp:.3g} "
                               f"apart; the nudge {NUDGE:g} is {NUDGE / ulp:.2f} of those steps and rounds to the "
                               f"nearest float, {steps} steps away: (nudged − drawn) / spacing = {steps}",
                    look="Count steps of np.spacing at the weight's size between the weight before and after the nudge",
                    mistakes=[Mistake("digits", 16, "that is the digit the nudge changed, not the number of "
                                                    "steps: divide the change by np.spacing of the weight"),
                              Mistake("raw", 0, "the weight did move (the cell printed two different values): "
                                                "divide the change by np.spacing of the weight")])


def array_error(index: int, slope_bug: bool, axis_bug: bool, bias_mean: bool) -> float:
    """The relative error of figure 6's gradient array ``index`` (0 W1, 1 W2, 2 b1, 3 b2) with these bug switches."""
    net = figure6_network()
    ours = figure6_gradients(net, FIGURE6_X, FIGURE6_Y, slope_bug=slope_bug, axis_bug=axis_bug, bias_mean=bias_mean)
    result = check_gradients(net, FIGURE6_X, FIGURE6_Y, loss="half_sse", gradients=ours)
    return relative_error(result.analytic[index], result.numeric[index])


# Exercise 3: bug 1 alone, read from the gradient check.

@number_check("the relative error of ∂L/∂b1 with bug 1 alone", digits=2)
def bug1_alone() -> Solution:
    """The gradient check's relative error for the hidden bias b1 when only bug 1 (the slope σ'(a)) is left in."""
    value = array_error(2, slope_bug=True, axis_bug=False, bias_mean=False)
    return Solution(value, how="figure6_gradients(net6, slope_bug=True, axis_bug=False, bias_mean=False), then "
                               f"check_gradients: b1 is the third array (W1, W2, b1, b2); its relative error is "
                               f"{value:.2g}, far above 1e-4: bug 1 alone spoils the biases too",
                    look="Check which switches are on (bug 1 only) and which array you read: b1 is the third (W1, W2, b1, b2)",
                    mistakes=[Mistake("weights", array_error(0, True, False, False),
                                      "that is the error of W1, the first array; the hidden bias b1 is the third"),
                              Mistake("all_bugs", array_error(2, True, True, True),
                                      "that is with every bug on: switch axis_bug and bias_mean off, keep slope_bug"),
                              Mistake("bias_mean_on", array_error(2, True, False, True),
                                      "bias_mean is still on (the bias steps averaged): switch it off too"),
                              Mistake("output_bias", array_error(3, True, False, False),
                                      "that is the output bias b2, the fourth array; b1 is the third")])


# --- Exercise 4, predict then run: bias steps averaged over 8 examples ---------------------------

EIGHT_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0],
                    [0.2, 0.9], [0.8, 0.1], [0.9, 0.8], [0.1, 0.2]])      # 8 examples near XOR's corners
EIGHT_Y = np.array([[0.0], [1.0], [1.0], [0.0], [1.0], [1.0], [0.0], [0.0]])


def averaged_bias_error() -> float:
    """The largest relative error of the bias gradients when the bias steps are averaged over 8 examples.

    A 2-3-1 network with biases (seed 0), ½·SSE on EIGHT_X, EIGHT_Y; the weight
    gradients are right, the bias gradients divided by N = 8. For an array g
    given as g/N the relative error is |g/N − g| / (|g/N| + |g|) = (N − 1)/(N + 1).
    """
    net = Network([2, 3, 1], seed=0)
    true = net.gradients(EIGHT_X, EIGHT_Y, loss="half_sse")
    averaged = Gradients(true.weights, [b / len(EIGHT_X) for b in true.biases])
    result = check_gradients(net, EIGHT_X, EIGHT_Y, loss="half_sse", gradients=averaged)
    layers = len(true.weights)
    return max(relative_error(a, n) for a, n in zip(result.analytic[layers:], result.numeric[layers:]))


def _averaged_solution() -> Solution:
    value = averaged_bias_error()
    n = len(EIGHT_X)
    return Solution(value, how=f"the code gives g/N for the true bias gradient g, N = {n}. Relative error "
                               f"|g/N − g| / (|g/N| + |g|) = (1 − 1/N)/(1 + 1/N) = (N − 1)/(N + 1) = {n - 1}/{n + 1}; "
                               f"the gradient check prints {value:.4f}. (For figure 6, N = 4: 3/5 = 0.60.)")


@custom_check(_averaged_solution, f"your prediction of the biases' relative error, within {PREDICTION_TOLERANCE:g}")
def averaged_bias(answer: Any, solution: Solution) -> Outcome:
    """Your prediction of the gradient check's relative error for bias steps averaged over 8 examples."""
    value, _ = read_number(answer)
    if value is not None and abs(value - 0.6) < 1e-9:
        return wrong("that is figure 6's value, for averaging over 4 examples; here there are 8. The truth is higher")
    return outside_zero_one(answer) or judge_prediction(answer, float(solution.value), PREDICTION_TOLERANCE,
                            too_high="write the averaged gradient as g/N and the true one as g, and simplify",
                            too_low="the more examples you average over, the smaller g/N and the closer the "
                                    "relative error gets to 1")
