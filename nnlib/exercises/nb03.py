"""Checks for the exercises of notebook 03 · Loss, learning rate, gradient checking.

Each check prints "correct" or a hint and returns a Verdict (true if correct); none raises.
The exercise data live here too, so the notebook, its solutions and the tests
use the same numbers.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

import numpy as np

from ..activations import sigmoid, sigmoid_slope_from_z
from ..data import CORNERS, gate
from ..network import Network
from ..training import train
from . import Verdict, as_array, as_number, check_array, check_number, not_started, same_array, verdict

# Exercise 1: the same steps under SSE and under MSE.
SSE_RATE = 0.02          # the learning rate of a run that followed the SSE
N_EXAMPLES = 30          # ... on 30 examples with one output each

# Exercise 2: a central difference. The practice data of the notebook (hours → chance of passing).
PRACTICE_X = np.array([[1.0], [2.0], [3.0], [4.0]])
PRACTICE_Y = np.array([[0.1], [0.3], [0.7], [0.9]])
W2, B2 = 1.5, -4.0       # the neuron ŷ = σ(w·x + b) at which to measure ∂L/∂b (L = MSE)
EPS = 1e-5

# Exercise 3: fix the backward pass of a one-neuron AND gate (L = ½·SSE).
X3, Y3 = gate("and")                      # (4, 2) and (4, 1)
W3 = np.array([[1.0], [-2.0]])            # (2, 1)
B3 = np.array([0.5])                      # (1,)

# Exercise 4: how many of the 16 two-input gates can one neuron get right?
GATE_EPOCHS, GATE_RATE = 200, 10.0
LEARNABLE_GATES = 14     # measured by learnable_gates() (a second of training); re-checked in tests/


# --- exercise 1 ---------------------------------------------------------------------

def equivalent_rate(answer: Any) -> Verdict:
    """The MSE learning rate that gives the same steps as SSE with α = 0.02 on 30 examples: 0.6.

    SSE's gradient is 2(ŷ − y), MSE's is (2/N)(ŷ − y): N times smaller, so
    its learning rate must be N times larger: 0.02 · 30 = 0.6.
    """
    expected = SSE_RATE * N_EXAMPLES
    value = None if not_started(answer) else as_number(answer)
    if value is not None:
        near = lambda x: abs(value - x) <= 1e-9 * max(1.0, abs(x))  # noqa: E731
        if near(SSE_RATE / N_EXAMPLES):
            return verdict(False, "the other way round: MSE's gradient is N times *smaller* than SSE's, "
                                  "so its learning rate must be N times *larger*")
        if near(2 * SSE_RATE * N_EXAMPLES):
            return verdict(False, "a factor 2 too big: SSE's gradient 2(ŷ − y) and MSE's (2/N)(ŷ − y) "
                                  "both carry the 2, so it cancels")
        if near(SSE_RATE * N_EXAMPLES / 2):
            return verdict(False, "a factor 2 too small: the 2 is in both gradients, SSE's 2(ŷ − y) and "
                                  "MSE's (2/N)(ŷ − y); only ½·SSE drops it")
        if near(SSE_RATE):
            return verdict(False, "the same rate makes steps N = 30 times smaller under MSE: "
                                  "compare the two gradients, 2(ŷ − y) and (2/N)(ŷ − y)")
    return check_number(answer, expected, "the learning rate under MSE", tolerance=1e-9)


# --- exercise 2 ---------------------------------------------------------------------

def _practice_loss(w: float, b: float) -> float:
    """The MSE of the neuron σ(w·x + b) on the practice data."""
    y_hat = sigmoid(PRACTICE_X * w + b)
    return float(np.mean((y_hat - PRACTICE_Y) ** 2))


def _practice_gradient() -> tuple[float, float]:
    """(∂L/∂w, ∂L/∂b) of the MSE at (W2, B2), by the chain rule."""
    y_hat = sigmoid(PRACTICE_X * W2 + B2)
    delta = 2 * (y_hat - PRACTICE_Y) / len(PRACTICE_X) * y_hat * (1 - y_hat)
    return float(np.sum(delta * PRACTICE_X)), float(np.sum(delta))


def central_difference(answer: Any) -> Verdict:
    """∂L/∂b at (w, b) = (1.5, −4.0), L = MSE on the practice data, by a central difference with ε = 1e-5."""
    d_w, d_b = _practice_gradient()
    value = None if not_started(answer) else as_number(answer)
    if value is not None:
        one_sided = [(_practice_loss(W2, B2 + EPS) - _practice_loss(W2, B2)) / EPS,
                     (_practice_loss(W2, B2) - _practice_loss(W2, B2 - EPS)) / EPS]
        if abs(value - 2 * d_b) <= 1e-8:
            return verdict(False, "twice too big: the two points b + ε and b − ε are 2ε apart, "
                                  "so divide their difference by 2ε")
        if abs(value + d_b) <= 1e-8:
            return verdict(False, "wrong sign: take L(b + ε) − L(b − ε), the upper point first")
        if abs(value - d_w) <= 1e-8:
            return verdict(False, "that is the slope for w; nudge the bias b and keep w = 1.5")
        if abs(value - d_b) > 1e-9 and any(abs(value - s) <= 1e-9 for s in one_sided):
            return verdict(False, "close, but that is a one-sided difference, accurate only to about ε; "
                                  "the central one (L(b + ε) − L(b − ε)) / 2ε is accurate to about ε²")
        if abs(value - d_b) > 1e-9 and abs(value - d_b) <= 1e-6:
            return verdict(False, f"close ({value:.10f}), but not within 1e-9 of the true slope: "
                                  f"use the central difference with ε = 1e-5")
    return check_number(answer, d_b, "∂L/∂b", tolerance=1e-9)


# --- exercise 3 ---------------------------------------------------------------------

def fixed_gradient(answer: Any) -> Verdict:
    """∂L/∂w for one neuron on AND, L = ½·SSE, w = (1, −2), b = 0.5: Xᵀ·((ŷ − y) ⊙ ŷ(1 − ŷ)), shape (2, 1)."""
    a = sigmoid(X3 @ W3 + B3)
    expected = X3.T @ ((a - Y3) * a * (1 - a))
    value = None if not_started(answer) else as_array(answer)
    if value is not None:
        if same_array(value, X3.T @ ((a - Y3) * sigmoid_slope_from_z(a))):
            return verdict(False, "that is still the buggy gradient: σ'(a) = σ(a)(1 − σ(a)) feeds the "
                                  "activation to a formula that wants z. From the activation the slope is a(1 − a)")
        if same_array(value, -expected):
            return verdict(False, "wrong sign: the gradient starts from the error ŷ − y "
                                  "(y − ŷ gives the direction to move in, minus the gradient)")
        if same_array(value, 2 * expected):
            return verdict(False, "twice too big: that is the gradient of SSE; ½·SSE's ½ cancels the 2")
        if same_array(value, 2 * expected / len(X3)):
            return verdict(False, "that is the gradient of the MSE, (2/N)·…; the exercise uses ½·SSE")
        if same_array(value, X3.T @ (a - Y3)):
            return verdict(False, "the sigmoid's slope a(1 − a) is missing from the chain rule")
        if same_array(value, expected.T):
            return verdict(False, "transposed: ∂L/∂w has the shape of w, (2, 1); use Xᵀ · δ")
    return check_array(answer, expected, "∂L/∂w")


# --- exercise 4 ---------------------------------------------------------------------

@lru_cache(maxsize=None)
def learnable_gates() -> int:
    """How many of the 16 truth tables on the corners (0,0) (0,1) (1,0) (1,1) one trained neuron gets right.

    Each table is trained with ``Network([2, 1], seed=0)``, MSE, α = 10, 200
    epochs; "right" means ŷ ≥ 0.5 exactly where the target is 1. (The answer,
    14, is the number of linearly separable ones: all but XOR and XNOR.)
    """
    right = 0
    for targets in itertools.product((0.0, 1.0), repeat=4):
        y = np.array(targets).reshape(4, 1)
        net = Network([2, 1], seed=0)
        train(net, CORNERS, y, epochs=GATE_EPOCHS, learning_rate=GATE_RATE, loss="mse")
        right += bool(np.all((net.predict(CORNERS) >= 0.5) == (y == 1)))
    return right


def gate_count(answer: Any) -> Verdict:
    """How many of the 16 two-input gates one neuron can learn: 14."""
    value = None if not_started(answer) else as_number(answer)
    if value is not None and value.is_integer():
        if value == 16:
            return verdict(False, "not all of them: one line cannot put (0,1) and (1,0) on one side and "
                                  "(0,0) and (1,1) on the other. Which gates need that?")
        if value == 15:
            return verdict(False, "XOR is one gate a line cannot draw; its opposite, XNOR "
                                  "(1 when both inputs are equal), is another")
        if value in (1, 2):
            return verdict(False, "that many *cannot* be learned; the question asks how many can")
        if value == 3:
            return verdict(False, "not only AND, OR and NAND: count every possible truth table of two "
                                  "inputs, 2⁴ = 16 of them (including 'always 0' and 'copy x1')")
    if value is not None and not value.is_integer():
        return verdict(False, f"a count of gates is a whole number, got {value}")
    return check_number(answer, float(LEARNABLE_GATES), "the number of learnable gates", tolerance=0)
