"""Checks for the exercises of notebook 01 · One neuron.

Call a check with your answer: ``check.neuron_output(answer)``; ask for the
answer and its reasoning with ``check.neuron_output.reveal()``. The exercise
data live here too, so the notebook, its solutions and the tests use the same
numbers; every expected value is computed from them when the check runs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnlib.activations import sigmoid, sigmoid_slope_from_a, sigmoid_slope_from_z
from nnlib.data import gate, toy_first_input
from . import (Mistake, Outcome, Solution, array_check, custom_check, number_check, read_array, read_number,
               right, unreadable, wrong)
from . import judge_prediction
from .progress import progress_for

progress = progress_for(__name__)      # check.progress(): what is done in this notebook

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

# Exercise 4: an OR neuron must give below 0.1 for (0, 0) and above 0.9 for the other corners.
OR_MARGIN = 0.1

# Exercise 5, predict then run: nudge w1 of a neuron sitting at z = 0, predict the change of a.
X5 = np.array([2.0, 1.0])
W5 = np.array([0.5, -1.0])
B5 = 0.0
NUDGE5 = 0.1              # w1 goes from 0.5 to 0.6
TOLERANCE5 = 0.005        # a prediction this close (either way) counts as right


@number_check("the neuron's output a", digits=4)
def neuron_output() -> Solution:
    """a = σ(w·x + b) for the neuron of exercise 1."""
    z = float(X1 @ W1 + B1)
    a = float(sigmoid(z))
    terms = " + ".join(f"({w:g})·({x:g})" for w, x in zip(W1, X1))
    return Solution(a, how=f"z = w·x + b = {terms} + {B1:g} = {z:.6g}; a = σ(z) = 1 / (1 + e^(−z)) = {a:.6g}",
                    look="Check each product w·x (watch the negative entries), add b, then apply σ",
                    mistakes=[Mistake("z", z, "that is z, the weighted sum plus bias; the neuron's output is σ(z)"),
                              Mistake("no_bias", float(sigmoid(z - B1)), "the bias is missing: z = w·x + b"),
                              Mistake("sign", float(sigmoid(-z)), "a sign is off: σ(z) = 1 / (1 + e^(−z)), with a "
                                                                  "minus sign in the exponent"),
                              Mistake("step", 1.0 if z > 0 else 0.0, "that is a hard threshold (0 or 1); the "
                                                                     "neuron uses the sigmoid σ(z)")])


@array_check("the outputs of the four examples", digits=4)
def batch_outputs() -> Solution:
    """σ(X·w + b) for all four rows of exercise 2 at once: shape (4, 1)."""
    z = X2 @ W2 + B2
    flat = sigmoid(X2 @ W2.ravel() + B2)
    return Solution(sigmoid(z), how="z = X · w + b, shape (4, 3)·(3, 1) = (4, 1), one row per example; "
                                    f"then σ entry by entry: z = {np.round(z.ravel(), 6)}",
                    mistakes=[Mistake("flat", flat, "a flat vector of shape (4,): keep w as a (3, 1) column so "
                                                    "that X · w is (4, 1), one row per example"),
                              Mistake("broadcast", flat.reshape(1, 4) + np.zeros((4, 1)),
                                      "shape (4, 4): arrays of shapes (4, 1) and (1, 4) were broadcast against "
                                      "each other; check that w is a (3, 1) column"),
                              Mistake("z", z, "these are the weighted sums z; apply the sigmoid to get the outputs"),
                              Mistake("no_bias", sigmoid(X2 @ W2), "the bias is missing: add b to every row, "
                                                                   "σ(X · w + b)")])


@number_check("the slope at the stored activation", digits=4)
def slope_from_activation() -> Solution:
    """The sigmoid's slope when the stored activation is a = 0.8: a(1 − a)."""
    slope = float(sigmoid_slope_from_a(A3))
    return Solution(slope, how=f"a = {A3:g} is already σ(z), so the slope is a(1 − a) = {A3:g} · {1 - A3:g} = {slope:.6g}",
                    look="The number given is already the activation a = σ(z): the slope is a(1 − a), no σ applied again",
                    mistakes=[Mistake("from_z", float(sigmoid_slope_from_z(A3)),
                                      "you treated a as if it were z: σ(a)(1 − σ(a)) is the slope at z = a, but a "
                                      "is already σ(z), so the slope is a(1 − a)"),
                              Mistake("twice", slope * (1 - slope), "the slope formula was applied twice: "
                                                                    "a(1 − a) takes the activation, not a slope"),
                              Mistake("a", A3, "that is the activation itself; its slope is a(1 − a)")])


def _or_solution() -> Solution:
    w, b = np.array([10.0, 10.0]), -5.0
    X, _ = gate("or")
    outputs = sigmoid(X @ w + b)
    return Solution((w, b), how=f"put the line between (0, 0) and the other corners: z = {w[0]:g}·x1 + "
                                f"{w[1]:g}·x2 {b:+g} is {b:g} at (0, 0) and at least {w.min() + b:g} elsewhere; "
                                f"outputs σ(z) = {np.round(outputs, 4)}. Any larger multiple works too")


@custom_check(_or_solution, "a pair (w, b) for an OR neuron, e.g. (np.array([1.0, 1.0]), 0.0)")
def or_neuron(answer: Any, solution: Solution) -> Outcome:
    """A pair (w, b) whose neuron outputs < 0.1 for (0, 0) and > 0.9 for the other OR corners."""
    try:
        w, b = answer
    except (TypeError, ValueError):
        return unreadable("the answer should be a pair (w, b): two weights and one bias")
    w, w_problem = read_array(w)
    b, b_problem = read_number(b)
    if w is None or w.size != 2:
        return unreadable(f"w should hold two weights, one per input ({w_problem or f'got shape {w.shape}'})")
    if b is None:
        return unreadable(f"b should be one number ({b_problem})")
    X, y = gate("or")
    with np.errstate(all="ignore"):
        a = sigmoid(X @ w.reshape(2, 1) + b)
    if not np.all(np.isfinite(a)):
        return wrong("the outputs came out as NaN: are w and b finite numbers?")
    if b == 0:
        return wrong("with b = 0 the corner (0, 0) always gives σ(0) = 0.5, whatever w is: the line goes "
                     "through the origin. A negative bias moves it away")
    wrong_side = [tuple(int(v) for v in X[i]) for i in range(4) if (a[i, 0] > 0.5) != (y[i, 0] == 1)]
    if wrong_side:
        return wrong(f"the corner(s) {', '.join(map(str, wrong_side))} land on the wrong side of the line "
                     f"(your outputs {np.array2string(a.ravel(), precision=3)})")
    if np.any(np.abs(a - y) >= OR_MARGIN):
        return wrong(f"every corner is on the right side, but not clearly (your outputs "
                     f"{np.array2string(a.ravel(), precision=3)}); multiply w and b by 10 to sharpen")
    return right()


def _nudge_solution() -> Solution:
    z = float(X5 @ W5 + B5)
    dz = X5[0] * NUDGE5
    before, after = float(sigmoid(z)), float(sigmoid(z + dz))
    return Solution(after - before,
                    how=f"z = x·w + b = {z:g}. The chain rule: Δz ≈ x1·Δw1 = {X5[0]:g}·{NUDGE5:g} = {dz:g}, then "
                        f"Δa ≈ σ'(z)·Δz = {float(sigmoid_slope_from_z(z)):g}·{dz:g} = "
                        f"{float(sigmoid_slope_from_z(z)) * dz:g}. The exact change is σ({dz:g}) − σ({z:g}) = "
                        f"{after:.4f} − {before:.4f} = {after - before:.4f}, a little less, because the slope "
                        f"shrinks as z moves away from 0")


@custom_check(_nudge_solution, f"your prediction of the change Δa, one number (within {TOLERANCE5:g} counts)")
def nudge_prediction(answer: Any, solution: Solution) -> Outcome:
    """Exercise 5, predict then run: the change of a when w1 is nudged by 0.1, right within 0.005."""
    value, _ = read_number(answer)
    z = float(X5 @ W5 + B5)
    dz = X5[0] * NUDGE5
    slips = [(float(sigmoid_slope_from_z(z)) * NUDGE5, "the nudge of w1 reaches z multiplied by the input: "
                                                        "Δz = x1·Δw1, and x1 is not 1"),
             (dz, "that is the change of z; the sigmoid passes on only its slope's share of it: Δa ≈ σ'(z)·Δz"),
             (float(sigmoid(z + dz)), "that is the new output a itself; the change is new a minus old a")]
    if value is not None and abs(value - solution.value) > TOLERANCE5:
        for slip, hint in slips:
            if abs(value - slip) <= TOLERANCE5 / 5:
                return wrong(hint)
    return judge_prediction(answer, solution.value, TOLERANCE5)
