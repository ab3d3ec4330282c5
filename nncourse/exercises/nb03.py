"""Checks for the exercises of notebook 03 · Loss, learning rate, gradient checking.

Call a check with your answer: ``check.equivalent_rate(answer)``; ask for the
answer and its reasoning with ``check.equivalent_rate.reveal()``. The exercise
data live here too; every expected value is computed from them when the check
runs (the gate count trains 16 neurons once, then is remembered).
"""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

import numpy as np

from nnlib.activations import sigmoid, sigmoid_slope_from_z
from nnlib.data import CORNERS, gate, practice_hours
from nnlib.gradcheck import check_gradients
from nnlib.network import Gradients, Network
from nnlib.training import train
from . import (Mistake, Outcome, Solution, array_check, custom_check, judge_prediction, number_check, read_number,
               whole_check, wrong)
from .progress import progress_for

progress = progress_for(__name__)      # check.progress(): what is done in this notebook

# Exercise 1: the same steps under SSE and under MSE.
SSE_RATE = 0.02          # the learning rate of a run that followed the SSE
N_EXAMPLES = 30          # ... on 30 examples with one output each

# Exercise 2: a central difference. The practice data of the notebook (hours → chance of passing).
PRACTICE_X, PRACTICE_Y = practice_hours()     # (4, 1) hours, (4, 1) chances: nnlib.practice_hours()
W2, B2 = 1.5, -4.0       # the neuron ŷ = σ(w·x + b) at which to measure ∂L/∂b (L = MSE)
EPS = 1e-5

# Exercise 3: fix the backward pass of a one-neuron AND gate (L = ½·SSE).
X3, Y3 = gate("and")                      # (4, 2) and (4, 1)
W3 = np.array([[1.0], [-2.0]])            # (2, 1)
B3 = np.array([0.5])                      # (1,)

# Exercise 4: how many of the 16 two-input gates can one neuron get right?
GATE_EPOCHS, GATE_RATE = 200, 10.0


@number_check("the learning rate under MSE", digits=4)
def equivalent_rate() -> Solution:
    """The MSE learning rate that gives the same steps as SSE with α = 0.02 on 30 examples."""
    rate = SSE_RATE * N_EXAMPLES
    return Solution(rate, how=f"SSE's gradient is 2(ŷ − y), MSE's is (2/N)(ŷ − y): N = {N_EXAMPLES} times "
                              f"smaller, so the rate must be N times larger: {SSE_RATE:g} · {N_EXAMPLES} = {rate:g}",
                    look="Compare the two gradients, 2(ŷ − y) against (2/N)(ŷ − y): which is smaller, by what, and so which rate must grow",
                    mistakes=[Mistake("inverted", SSE_RATE / N_EXAMPLES, "the other way round: MSE's gradient is "
                                      "N times *smaller* than SSE's, so its learning rate must be N times *larger*"),
                              Mistake("twice", 2 * rate, "a factor 2 too big: SSE's gradient 2(ŷ − y) and MSE's "
                                                         "(2/N)(ŷ − y) both carry the 2, so it cancels"),
                              Mistake("half", rate / 2, "a factor 2 too small: the 2 is in both gradients, SSE's "
                                                        "2(ŷ − y) and MSE's (2/N)(ŷ − y); only ½·SSE drops it"),
                              Mistake("same", SSE_RATE, "the same rate makes steps N = 30 times smaller under MSE: "
                                                        "compare the two gradients, 2(ŷ − y) and (2/N)(ŷ − y)")])


def _practice_loss(w: float, b: float) -> float:
    """The MSE of the neuron σ(w·x + b) on the practice data."""
    return float(np.mean((sigmoid(PRACTICE_X * w + b) - PRACTICE_Y) ** 2))


def _practice_gradient() -> tuple[float, float]:
    """(∂L/∂w, ∂L/∂b) of the MSE at (W2, B2), by the chain rule."""
    y_hat = sigmoid(PRACTICE_X * W2 + B2)
    delta = 2 * (y_hat - PRACTICE_Y) / len(PRACTICE_X) * y_hat * (1 - y_hat)
    return float(np.sum(delta * PRACTICE_X)), float(np.sum(delta))


@number_check("∂L/∂b", digits=8)
def central_difference() -> Solution:
    """∂L/∂b at (w, b) = (1.5, −4.0), L = MSE on the practice data, by a central difference with ε = 1e-5."""
    d_w, d_b = _practice_gradient()
    up, down, here = _practice_loss(W2, B2 + EPS), _practice_loss(W2, B2 - EPS), _practice_loss(W2, B2)
    central = (up - down) / (2 * EPS)
    one_sided = "close, but that is a one-sided difference, accurate only to about ε; the central one " \
                "(L(b + ε) − L(b − ε)) / 2ε is accurate to about ε²"
    return Solution(central, how=f"L(b + ε) = {up:.12g}, L(b − ε) = {down:.12g}; their difference over 2ε = "
                                 f"{2 * EPS:g} is {central:.10g} (backpropagation gives {d_b:.10g})",
                    look="Check the formula (L(b + ε) − L(b − ε)) / (2ε): both nudges, their order, and the 2 in 2ε",
                    mistakes=[Mistake("over_eps", 2 * central, "twice too big: the two points b + ε and b − ε "
                                                               "are 2ε apart, so divide their difference by 2ε"),
                              Mistake("sign", -central, "wrong sign: take L(b + ε) − L(b − ε), the upper point first"),
                              Mistake("slope_w", d_w, "that is the slope for w; nudge the bias b and keep w = 1.5"),
                              Mistake("forward", (up - here) / EPS, one_sided),
                              Mistake("backward", (here - down) / EPS, one_sided)])


@array_check("∂L/∂w", digits=4, n=len(X3))
def fixed_gradient() -> Solution:
    """∂L/∂w for one neuron on AND, L = ½·SSE, w = (1, −2), b = 0.5: Xᵀ·((ŷ − y) ⊙ ŷ(1 − ŷ)), shape (2, 1)."""
    a = sigmoid(X3 @ W3 + B3)
    g = X3.T @ ((a - Y3) * a * (1 - a))
    return Solution(g, how="a = σ(X · w + b); δ = (a − y) ⊙ a(1 − a), the slope taken from the stored "
                           "activation; ∂L/∂w = Xᵀ · δ, (2, 4)·(4, 1) = (2, 1)",
                    mistakes=[Mistake("still_buggy", X3.T @ ((a - Y3) * sigmoid_slope_from_z(a)),
                                      "that is still the buggy gradient: σ'(a) = σ(a)(1 − σ(a)) feeds the activation "
                                      "to a formula that wants z. From the activation the slope is a(1 − a)"),
                              Mistake("sign", -g, "wrong sign: the gradient starts from the error ŷ − y "
                                                  "(y − ŷ gives the direction to move in, minus the gradient)"),
                              Mistake("sse", 2 * g, "twice too big: that is the gradient of SSE; ½·SSE's ½ cancels the 2"),
                              Mistake("mse", 2 * g / len(X3), "that is the gradient of the MSE, (2/N)·…; the "
                                                              "exercise uses ½·SSE"),
                              Mistake("no_slope", X3.T @ (a - Y3), "the sigmoid's slope a(1 − a) is missing from "
                                                                   "the chain rule")])


@cache
def learnable_gates() -> int:
    """How many of the 16 truth tables on the corners (0,0) (0,1) (1,0) (1,1) one trained neuron gets right.

    Each table is trained with ``Network([2, 1], seed=0)``, MSE, α = 10, 200
    epochs; "right" means ŷ ≥ 0.5 exactly where the target is 1.
    """
    right = 0
    for targets in itertools.product((0.0, 1.0), repeat=4):
        y = np.array(targets).reshape(4, 1)
        net = Network([2, 1], seed=0)
        train(net, CORNERS, y, epochs=GATE_EPOCHS, learning_rate=GATE_RATE, loss="mse")
        right += bool(np.all((net.predict(CORNERS) >= 0.5) == (y == 1)))
    return right


@whole_check("the number of learnable gates")
def gate_count() -> Solution:
    """How many of the 16 two-input gates one neuron can learn."""
    count = learnable_gates()
    tables = 2 ** len(CORNERS)
    return Solution(count, how=f"there are 2⁴ = {tables} truth tables on the four corners; training one neuron "
                               f"on each ({GATE_EPOCHS} epochs, α = {GATE_RATE:g}) gets {count} right. The others, "
                               f"{tables - count}, are XOR and XNOR: no line separates their corners",
                    look="Check the counting: all 16 target columns, a fresh Network([2, 1], seed=0) for each, and a "
                         "table counts only if ŷ ≥ 0.5 exactly where its target is 1, at all four corners",
                    mistakes=[Mistake("all", tables, "not all of them: one line cannot put (0,1) and (1,0) on one "
                                                     "side and (0,0) and (1,1) on the other. Which gates need that?"),
                              Mistake("all_but_xor", tables - 1, "XOR is one gate a line cannot draw; its opposite, "
                                                                 "XNOR (1 when both inputs are equal), is another"),
                              Mistake("unlearnable", tables - count, "that many *cannot* be learned; the question "
                                                                     "asks how many can"),
                              Mistake("named_gates", 3, "not only AND, OR and NAND: count every possible truth table "
                                                        "of two inputs (including 'always 0' and 'copy x1')")])


# --- Exercise 5, predict then run: the gradient check of a gradient that is twice too big ---------

PREDICTION_TOLERANCE = 0.03     # a prediction this close to the truth counts as right


def doubled_gradient_check() -> float:
    """The largest relative error ``check_gradients`` reports for a backward pass that is twice too big.

    One neuron (seed 0) on AND with L = ½·SSE, given 2 × its true gradients
    (the slip of returning SSE's gradient 2(ŷ − y) for ½·SSE). Each array's
    relative error is ‖2g − g‖ / (‖2g‖ + ‖g‖) = 1/3, up to rounding.
    """
    X, y = gate("and")
    net = Network([2, 1], seed=0)
    true = net.gradients(X, y, loss="half_sse")
    doubled = Gradients([2 * W for W in true.weights], [2 * b for b in true.biases])
    return check_gradients(net, X, y, loss="half_sse", gradients=doubled).max_relative_error


def _doubled_solution() -> Solution:
    value = doubled_gradient_check()
    return Solution(value, how=f"call the true gradient g; the buggy one is 2g. The relative error is "
                               f"|2g − g| / (|2g| + |g|) = |g| / 3|g| = 1/3 for every parameter array, whatever g "
                               f"is; the gradient check prints {value:.4f}. (A factor k gives (k − 1)/(k + 1).)")


def outside_zero_one(answer: Any) -> Outcome | None:
    """A predicted relative error below 0 or above 1 gets its own hint (None if it is inside)."""
    value, _ = read_number(answer)
    if value is not None and value < 0:
        return wrong("a relative error is never negative: it divides a size |a − b| by sizes")
    if value is not None and value > 1:
        return wrong("a relative error is never above 1: |a − b| ≤ |a| + |b|. The truth is lower")
    return None


@custom_check(_doubled_solution, f"your prediction of the relative error, within {PREDICTION_TOLERANCE:g}")
def doubled_gradient(answer: Any, solution: Solution) -> Outcome:
    """Your prediction of the gradient check's relative error for a gradient twice too big."""
    return outside_zero_one(answer) or judge_prediction(answer, float(solution.value), PREDICTION_TOLERANCE,
                            too_high="the denominator adds both sizes, |2g| + |g|; write the ratio with g and simplify",
                            too_low="the difference |2g − g| is one whole |g|; compare it with |2g| + |g|")
