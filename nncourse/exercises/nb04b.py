"""Checks for the exercises of notebook 04b · Debugging a published network (optional).

Call a check with your answer: ``check.last_place(answer)``; ask for the answer
and its reasoning with ``check.last_place.reveal()``. Every expected value is
computed from ``nncourse.tutorial_bugs`` when the check runs.
"""

from __future__ import annotations

import numpy as np

from nnlib.gradcheck import check_gradients, relative_error
from ..tutorial_bugs import FIGURE6_X, FIGURE6_Y, figure6_gradients, figure6_network, figure6_start
from . import Mistake, Solution, number_check, whole_check
from .progress import progress_for

progress = progress_for(__name__)      # check.progress(): what is done in this notebook

# Exercise 1: the nudge of the chaos cell, in units in the last place.
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
    check = check_gradients(net, FIGURE6_X, FIGURE6_Y, loss="half_sse", gradients=ours)
    return relative_error(check.analytic[index], check.numeric[index])


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
