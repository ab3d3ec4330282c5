"""Checks for the exercises of notebook 05 · XOR by hand.

Call a check with your answer: ``check.forward_middle(answer)``; ask for the
answer and its reasoning with ``check.forward_middle.reveal()``. Every expected
value is computed from ``nnlib`` (the worked example's starting weights,
``xor221.tutorial_start()``) when the check runs.

The weights w1..w9 of the 2-2-1 network (bias first in every unit)::

    h1 = σ(w1 + w2·x1 + w3·x2)
    h2 = σ(w4 + w5·x1 + w6·x2)
    ŷ  = σ(w7 + w8·h1 + w9·h2)
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from nnlib import xor221
from nnlib.activations import sigmoid
from nnlib.data import CORNERS, xor
from nnlib.network import Network
from . import ArrayCheck, Mistake, Outcome, Solution, number_check, unreadable, whole_check, wrong
from .progress import progress_for

progress = progress_for(__name__)      # check.progress(): what is done in this notebook

NAMES = list(xor221.W_NAMES)

# Exercise 1: the forward pass for the middle of the square, (0.5, 0.5).

# Exercise 2: the nine gradients for the single example (0, 1) -> 1.
X_01 = np.array([[0.0, 1.0]])
Y_01 = np.array([[1.0]])

# Exercise 3 (predict, then run) and exercise 4 use all four XOR examples, nnlib.xor().

# Exercise 5: one online step on the example (0, 0) -> 0.
X_00 = np.array([[0.0, 0.0]])
Y_00 = np.array([[0.0]])
LEARNING_RATE = 0.6


def start_network() -> Network:
    """The worked example's 2-2-1 network with its starting weights."""
    return xor221.xor_network(xor221.tutorial_start())


def _nine(net: Network, X: np.ndarray, y: np.ndarray, loss: str = "sse") -> np.ndarray:
    """∂E/∂w1..∂E/∂w9 as an array of shape (9,)."""
    by_name = xor221.gradients_by_name(net.gradients(X, y, loss=loss))
    return np.array([by_name[name] for name in NAMES])


class NineCheck(ArrayCheck):
    """Nine gradients, ∂/∂w1 … ∂/∂w9: a list, an array of nine, or a dict {"w1": …}."""

    def asks(self, solution: Solution) -> str:
        return f"{self.what} (a list of nine numbers), to {self.digits} significant digits"

    def judge(self, answer: Any, solution: Solution) -> Outcome:
        if isinstance(answer, Mapping):
            missing = [name for name in NAMES if name not in answer]
            if missing:
                return unreadable(f"your dict is missing {', '.join(missing)}: give all nine, w1 to w9")
            answer = [answer[name] for name in NAMES]
        try:
            flat = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            flat = None
        if flat is not None and flat.size == 9 and flat.ndim > 0:
            answer = flat.reshape(9)
            expected = np.asarray(solution.value)
            if (np.allclose(np.sort(answer), np.sort(expected), rtol=1e-4, atol=1e-12)
                    and not np.allclose(answer, expected, rtol=1e-4, atol=1e-12)):
                return wrong("the right numbers in the wrong order: w1..w3 feed h1, w4..w6 feed h2, w7..w9 feed ŷ")
        elif flat is not None:
            return unreadable(f"give nine numbers, w1 to w9 in that order; got {flat.size} (shape {flat.shape})")
        return super().judge(answer, solution)


def nine_check(what: str, digits: int = 4):
    """Like ``array_check``, for the nine gradients named w1..w9."""
    return lambda solve: NineCheck(solve, what, digits, names=NAMES)


@number_check("ŷ for the middle of the square, (0.5, 0.5)", digits=6)
def forward_middle() -> Solution:
    """ŷ for the input (0.5, 0.5), between the four corners, with the starting weights."""
    w = dict(zip(NAMES, xor221.tutorial_start()))
    h1 = float(sigmoid(w["w1"] + 0.5 * w["w2"] + 0.5 * w["w3"]))
    h2 = float(sigmoid(w["w4"] + 0.5 * w["w5"] + 0.5 * w["w6"]))
    z_out = w["w7"] + w["w8"] * h1 + w["w9"] * h2
    y_hat = float(sigmoid(z_out))
    corner = start_network().predict(CORNERS)[:, 0]
    return Solution(y_hat, how=f"h1 = σ(w1 + w2·0.5 + w3·0.5) = {h1:.8f}, h2 = σ(w4 + w5·0.5 + w6·0.5) = {h2:.8f}, "
                               f"z_out = w7 + w8·h1 + w9·h2 = {z_out:.8f}, ŷ = σ(z_out) = {y_hat:.8f}",
                    look="Go through it unit by unit: each hidden unit adds its bias to its two weights times 0.5, "
                         "then σ; the output unit the same with h1 and h2",
                    mistakes=[Mistake("z_out", z_out, "that is z_out, the output unit's weighted sum; ŷ = σ(z_out)"),
                              Mistake("h1", h1, "that is a hidden unit's activation (h1); go one layer further to ŷ"),
                              Mistake("h2", h2, "that is a hidden unit's activation (h2); go one layer further to ŷ"),
                              *[Mistake(f"corner_{k}", float(corner[k]),
                                        f"that is ŷ for the corner {tuple(CORNERS[k].astype(int).tolist())}, printed "
                                        "above; use x1 = x2 = 0.5") for k in range(4)],
                              Mistake("no_biases", float(sigmoid(w["w8"] * sigmoid(0.5 * (w["w2"] + w["w3"]))
                                                                 + w["w9"] * sigmoid(0.5 * (w["w5"] + w["w6"])))),
                                      "the biases w1, w4 and w7 are missing: each unit adds its bias first"),
                              Mistake("no_hidden_sigmoid",
                                      float(sigmoid(w["w7"] + w["w8"] * (w["w1"] + 0.5 * (w["w2"] + w["w3"]))
                                                    + w["w9"] * (w["w4"] + 0.5 * (w["w5"] + w["w6"])))),
                                      "the hidden units need their sigmoid too: h1 = σ(w1 + w2·x1 + w3·x2)")])


@nine_check("the nine gradients ∂E/∂w1 … ∂E/∂w9")
def gradients_01() -> Solution:
    """∂E/∂w1..∂E/∂w9 for the example (0, 1) with target 1 and E = (y − ŷ)²."""
    g = _nine(start_network(), X_01, Y_01)
    x1_zero = "∂E/∂w2 and ∂E/∂w5 should be 0: they multiply x1, and x1 = 0 in this example"
    as_if_x1 = [g.copy() for _ in range(3)]      # as if x1 were 1: w2 like w1, w5 like w4, or both
    as_if_x1[0][1], as_if_x1[1][4] = g[0], g[3]
    as_if_x1[2][[1, 4]] = g[[0, 3]]
    return Solution(g, how="forward for (0, 1); δ_out = 2(ŷ − y)·ŷ(1 − ŷ); δ_h1 = δ_out·w8·h1(1 − h1), "
                           "δ_h2 = δ_out·w9·h2(1 − h2); each weight's gradient is its unit's δ times what the "
                           "weight multiplies (1 for a bias, x1, x2, h1 or h2)",
                    mistakes=[Mistake("sign", -g, "every sign is flipped: ∂E/∂ŷ = 2(ŷ − y), and here ŷ < y, so "
                                                  "the gradients are negative"),
                              Mistake("half", g / 2, "every gradient is half the right size: E = (y − ŷ)² has "
                                                     "∂E/∂ŷ = 2(ŷ − y), keep the 2"),
                              Mistake("x1_w2", as_if_x1[0], x1_zero),
                              Mistake("x1_w5", as_if_x1[1], x1_zero),
                              Mistake("x1_both", as_if_x1[2], x1_zero),
                              Mistake("stale", _stale_forward_gradients(),
                                      "these use h1, h2 and ŷ of the corner (0, 0), still in the variables from "
                                      "the forward pass above: run the forward pass for (0, 1) first")])


def _stale_forward_gradients() -> np.ndarray:
    """The trial's slip: the backward rules for (0, 1) → 1 fed with the forward values of (0, 0)."""
    w = dict(zip(NAMES, xor221.tutorial_start()))
    h1, h2 = float(sigmoid(w["w1"])), float(sigmoid(w["w4"]))             # the corner (0, 0)
    y_hat = float(sigmoid(w["w7"] + w["w8"] * h1 + w["w9"] * h2))
    d_out = 2 * (y_hat - 1) * y_hat * (1 - y_hat)
    d_h1, d_h2 = d_out * w["w8"] * h1 * (1 - h1), d_out * w["w9"] * h2 * (1 - h2)
    return np.array([d_h1, 0.0, d_h1, d_h2, 0.0, d_h2, d_out, d_out * h1, d_out * h2])


@nine_check("the nine gradients of the MSE, ∂L/∂w1 … ∂L/∂w9")
def mse_gradients() -> Solution:
    """∂L/∂w1..∂L/∂w9 for L = the MSE over all four XOR examples: the summed gradient divided by 4."""
    net = start_network()
    X, y = xor()
    summed = _nine(net, X, y, loss="sse")
    mistakes = [Mistake("summed", summed, "that is the gradient of the *sum* of squared errors; the mean divides "
                                          "it by N = 4"),
                Mistake("sign", -summed / 4, "every sign is flipped: ∂E/∂ŷ = 2(ŷ − y)"),
                Mistake("half", summed / 8, "half the right size: keep the 2 of ∂E/∂ŷ = 2(ŷ − y)")]
    for row in range(len(X)):
        alone = _nine(net, X[row:row + 1], y[row:row + 1])
        hint = (f"that comes from example {row}, ({int(X[row, 0])}, {int(X[row, 1])}), alone; add up all four "
                f"examples' gradients, then divide by 4")
        mistakes += [Mistake(f"example_{row}", alone, hint), Mistake(f"example_{row}_over_4", alone / 4, hint)]
    return Solution(summed / len(X), how="the MSE is the mean of the four examples' errors, so its gradient is "
                                         "the mean of their gradients: compute the nine gradients of (y − ŷ)² for "
                                         "each example, add them up, divide by N = 4", mistakes=mistakes)


@number_check("ŷ for (0, 0) after the step", digits=6)
def after_one_step() -> Solution:
    """ŷ for (0, 0) after one gradient step on the example (0, 0) alone, α = 0.6 (all nine weights)."""
    w = np.array(xor221.tutorial_start())
    g = _nine(start_network(), X_00, Y_00)

    def output_with(weights: np.ndarray) -> float:
        return float(xor221.xor_network(weights).predict(X_00)[0, 0])

    only_output = w.copy()
    only_output[6:] -= LEARNING_RATE * g[6:]
    after = output_with(w - LEARNING_RATE * g)
    return Solution(after, how=f"the nine gradients of (y − ŷ)² for (0, 0); every weight moves w ← w − α·∂E/∂w "
                               f"with α = {LEARNING_RATE:g}; then a forward pass for (0, 0) gives {after:.8f}",
                    look="Look again at the order: the nine gradients of (0, 0) from the starting weights, all nine "
                         "weights moved by −0.6 × their gradient, then a fresh forward pass for (0, 0)",
                    mistakes=[Mistake("before", output_with(w), "that is ŷ before the step; change the weights "
                                                                "first, w ← w − α·∂E/∂w"),
                              Mistake("uphill", output_with(w + LEARNING_RATE * g), "ŷ went up, away from the "
                                      "target 0: step *against* the gradient, w − α·∂E/∂w"),
                              Mistake("only_output", output_with(only_output), "only w7..w9 changed; w1 and w4 "
                                      "have non-zero gradients too, update all nine"),
                              Mistake("no_rate", output_with(w - g), "the learning rate is missing: the step is "
                                                                     "α·∂E/∂w with α = 0.6")])


# Exercise 3 (predict, then run): how many of the per-example gradients are exactly 0.

def per_example_table() -> np.ndarray:
    """The nine gradients of (y − ŷ)² for each XOR corner alone: shape (4 corners, 9 weights)."""
    net = start_network()
    X, y = xor()
    return np.array([_nine(net, X[i:i + 1], y[i:i + 1]) for i in range(len(X))])


@whole_check("your prediction: how many of the 36 per-example gradients are exactly 0")
def zero_count() -> Solution:
    """The number of exact zeros in the (4, 9) table of per-example gradients at the worked example's start."""
    table = per_example_table()
    X, _ = xor()
    zeros = int(np.sum(table == 0.0))
    per_corner = ", ".join(f"({int(a)}, {int(b)}): {int(np.sum(row == 0.0))}" for (a, b), row in zip(X, table))
    return Solution(zeros, how="a weight's gradient is the δ of the unit it feeds times the value it multiplies, "
                               "so it is 0 exactly when that value is 0. Only x1 and x2 can be 0 (a bias multiplies "
                               "1, and h1, h2 = σ(…) are never 0), and x1 feeds w2 and w5, x2 feeds w3 and w6. Each "
                               f"input that is 0 zeroes two gradients; zeros per corner: {per_corner}",
                    look="Ask which values can be exactly 0 (only the inputs can), which weights multiply them, and at how many corners",
                    mistakes=[Mistake("only_00", int(np.sum(table[0] == 0.0)),
                                      "too few: that is the zeros of (0, 0) alone (or one zero per input that is "
                                      "0); the corners (0, 1) and (1, 0) have an input that is 0 too, and each such "
                                      "input silences two weights, one into h1 and one into h2")])
