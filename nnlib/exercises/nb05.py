"""Checks for the exercises of notebook 05 · XOR by hand.

Each check prints "correct" or a hint and returns a Verdict (true if correct); none raises.
Every expected value is computed here from ``nnlib`` (the worked example's
starting weights, ``xor221.tutorial_start()``), so the notebook, its solutions
and the tests use the same numbers.

The weights w1..w9 of the 2-2-1 network (bias first in every unit)::

    h1 = σ(w1 + w2·x1 + w3·x2)
    h2 = σ(w4 + w5·x1 + w6·x2)
    ŷ  = σ(w7 + w8·h1 + w9·h2)
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from .. import xor221
from ..activations import sigmoid
from ..data import xor
from ..network import Network
from . import Verdict, as_number, check_array, check_number, not_started, verdict

NAMES = xor221.W_NAMES

# Exercise 1: the forward pass for the corner (1, 1).
X_11 = np.array([[1.0, 1.0]])

# Exercise 2: the nine gradients for the single example (0, 1) -> 1.
X_01 = np.array([[0.0, 1.0]])
Y_01 = np.array([[1.0]])

# Exercise 3 uses all four XOR examples, nnlib.xor().

# Exercise 4: one online step on the example (0, 0) -> 0.
X_00 = np.array([[0.0, 0.0]])
Y_00 = np.array([[0.0]])
LEARNING_RATE = 0.6


def start_network() -> Network:
    """A fresh copy of the worked example's network (np.random.seed(27) draws)."""
    return xor221.xor_network(xor221.tutorial_start())


def _nine(gradients_of: Network, X: np.ndarray, y: np.ndarray, loss: str = "sse") -> np.ndarray:
    """∂E/∂w1..∂E/∂w9 as an array of shape (9,)."""
    by_name = xor221.gradients_by_name(gradients_of.gradients(X, y, loss=loss))
    return np.array([by_name[name] for name in NAMES])


def _as_nine(answer: Any) -> tuple[np.ndarray | None, str]:
    """Read nine numbers (a list, an array or a dict {"w1": …}); return (array, problem)."""
    if isinstance(answer, Mapping):
        missing = [name for name in NAMES if name not in answer]
        if missing:
            return None, f"your dict is missing {', '.join(missing)}: give all nine, w1 to w9"
        answer = [answer[name] for name in NAMES]
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None, f"give nine numbers (a list, an array or a dict by name), got {type(answer).__name__}"
    if value.size != 9:
        return None, f"give nine numbers, ∂E/∂w1 to ∂E/∂w9 in that order; got {value.size} (shape {value.shape})"
    value = value.reshape(9)
    if not np.all(np.isfinite(value)):
        return None, "your gradients contain NaN or infinite values"
    return value, ""


def _close(a: Any, b: Any, tolerance: float = 1e-6) -> bool:
    return bool(np.all(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float)) <= tolerance))


# --- Exercise 1 ---------------------------------------------------------------
def forward_11(answer: Any) -> Verdict:
    """ŷ for the input (1, 1) with the starting weights (about 0.85314043)."""
    net = start_network()
    h = net.forward(X_11)[1][0]
    w = xor221.get_w(net)
    z_out = w["w7"] + w["w8"] * h[0] + w["w9"] * h[1]
    expected = float(sigmoid(z_out))
    value = None if not_started(answer) else as_number(answer)
    if value is not None and not abs(value - expected) <= 1e-6:
        if abs(value - z_out) <= 1e-6:
            return verdict(False, f"{value:.6g} is z_out, the output unit's weighted sum; ŷ = σ(z_out)")
        if _close(value, h[0]) or _close(value, h[1]):
            return verdict(False, "that is a hidden unit's activation (h1 or h2); go one layer further to ŷ")
        if _close(value, net.predict([[0.0, 0.0]])[0, 0]):
            return verdict(False, "that is ŷ for the input (0, 0); use x1 = x2 = 1")
        z_h = np.array([w["w2"] + w["w3"], w["w5"] + w["w6"]])      # hidden sums without their biases
        if _close(value, sigmoid(w["w8"] * sigmoid(z_h[0]) + w["w9"] * sigmoid(z_h[1]))):
            return verdict(False, "the biases w1, w4 and w7 are missing: each unit adds its bias first")
        if _close(value, sigmoid(w["w7"] + w["w8"] * (w["w1"] + w["w2"] + w["w3"])
                                 + w["w9"] * (w["w4"] + w["w5"] + w["w6"]))):
            return verdict(False, "the hidden units need their sigmoid too: h1 = σ(w1 + w2·x1 + w3·x2)")
    return check_number(answer, expected, "ŷ for (1, 1)")


# --- Exercise 2 ---------------------------------------------------------------
def gradients_01(answer: Any) -> Verdict:
    """∂E/∂w1..∂E/∂w9 for the example (0, 1) with target 1 and E = (y − ŷ)²."""
    expected = _nine(start_network(), X_01, Y_01)
    if not_started(answer):
        return verdict(False, "replace None with the nine gradients ∂E/∂w1 … ∂E/∂w9 (a list of nine numbers)")
    value, problem = _as_nine(answer)
    if value is None:
        return verdict(False, problem)
    if _close(value, expected, 1e-7):
        return verdict(True, "")
    if _close(value, -expected, 1e-7):
        return verdict(False, "every sign is flipped: ∂E/∂ŷ = 2(ŷ − y), and here ŷ < y, so the gradients are negative")
    if _close(value, expected / 2, 1e-7):
        return verdict(False, "every gradient is half the right size: E = (y − ŷ)² has ∂E/∂ŷ = 2(ŷ − y), keep the 2")
    if np.allclose(np.sort(value), np.sort(expected), atol=1e-7):
        return verdict(False, "the right numbers in the wrong order: w1..w3 feed h1, w4..w6 feed h2, w7..w9 feed ŷ")
    if value[1] != 0 or value[4] != 0:
        return verdict(False, "∂E/∂w2 and ∂E/∂w5 should be 0: they multiply x1, and x1 = 0 in this example")
    wrong = [name for name, v, e in zip(NAMES, value, expected) if abs(v - e) > 1e-7]
    return verdict(False, f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} off; "
                          f"the right values start {np.array2string(expected[:3], precision=6)}")


# --- Exercise 3 ---------------------------------------------------------------
def mse_gradients(answer: Any) -> Verdict:
    """∂L/∂w1..∂L/∂w9 for L = the MSE over all four XOR examples: the summed gradient divided by 4."""
    net = start_network()
    X, y = xor()
    expected = _nine(net, X, y, loss="mse")
    summed = _nine(net, X, y, loss="sse")
    if not_started(answer):
        return verdict(False, "replace None with the nine gradients of the MSE, ∂L/∂w1 … ∂L/∂w9")
    value, problem = _as_nine(answer)
    if value is None:
        return verdict(False, problem)
    if _close(value, expected, 1e-7):
        return verdict(True, "")
    if _close(value, summed, 1e-7):
        return verdict(False, "that is the gradient of the *sum* of squared errors; the mean divides it by N = 4")
    if _close(value, -expected, 1e-7):
        return verdict(False, "every sign is flipped: ∂E/∂ŷ = 2(ŷ − y)")
    if _close(value, expected / 2, 1e-7):
        return verdict(False, "half the right size: keep the 2 of ∂E/∂ŷ = 2(ŷ − y)")
    for row in range(4):
        alone = _nine(net, X[row:row + 1], y[row:row + 1])
        if _close(value, alone, 1e-7) or _close(value, alone / 4, 1e-7):
            return verdict(False, f"that comes from example {row}, ({int(X[row, 0])}, {int(X[row, 1])}), alone; "
                                  "add up all four examples' gradients, then divide by 4")
    return check_array(value, expected, "the MSE's gradient", tolerance=1e-7)


# --- Exercise 4 ---------------------------------------------------------------
def after_one_step(answer: Any) -> Verdict:
    """ŷ for (0, 0) after one gradient step on the example (0, 0) alone, α = 0.6 (all nine weights)."""
    net = start_network()
    before = float(net.predict(X_00)[0, 0])
    gradients = _nine(net, X_00, Y_00)
    w = np.array([xor221.get_w(net)[name] for name in NAMES])

    def output_with(weights: np.ndarray) -> float:
        return float(xor221.xor_network(weights).predict(X_00)[0, 0])

    expected = output_with(w - LEARNING_RATE * gradients)
    value = None if not_started(answer) else as_number(answer)
    if value is not None and not abs(value - expected) <= 1e-6:
        if abs(value - before) <= 1e-6:
            return verdict(False, "that is ŷ before the step; change the weights first, w ← w − α·∂E/∂w")
        if abs(value - output_with(w + LEARNING_RATE * gradients)) <= 1e-6:
            return verdict(False, "ŷ went up, away from the target 0: step *against* the gradient, w − α·∂E/∂w")
        only_output = w.copy()
        only_output[6:] -= LEARNING_RATE * gradients[6:]
        if abs(value - output_with(only_output)) <= 1e-6:
            return verdict(False, "only w7..w9 changed; w1 and w4 have non-zero gradients too, update all nine")
        if abs(value - output_with(w - gradients)) <= 1e-6:
            return verdict(False, "the learning rate is missing: the step is α·∂E/∂w with α = 0.6")
    return check_number(answer, expected, "ŷ for (0, 0) after the step")
