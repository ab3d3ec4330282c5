"""Checks for the exercises of notebook 05b · Rounding and timing (optional).

Call a check with your answer: ``check.copied_gradient(answer)``; ask for the
answer and its reasoning with ``check.copied_gradient.reveal()``. Every expected
value is computed when the check runs, from the worked example's starting
weights (``xor221.tutorial_start()``) or from ``nnlib.Network``'s parameters.
"""

from __future__ import annotations

from math import exp, floor

from nnlib import xor221
from nnlib.network import Network
from . import Mistake, Solution, number_check, whole_check
from .progress import progress_for

progress = progress_for(__name__)      # check.progress(): what is done in this notebook

# Exercises 1 and 2: the worked example's hand calculation of ∂E/∂w8 for (0, 0) -> 0, with h1, h2
# and ŷ copied to COPIED decimals and the slope ŷ(1 − ŷ) to two more, as the worked example did (8 and 10).
COPIED = 5

# Exercise 3: the network of Nielsen's handwritten digits, 784 inputs, 30 hidden units, 10 outputs.
DIGIT_SIZES = [784, 30, 10]


def _sigma(z: float) -> float:
    return 1 / (1 + exp(-z))


def exact_values() -> tuple[float, float, float]:
    """h1, h2 and ŷ for the corner (0, 0) at the worked example's start, at full precision."""
    w1, _, _, w4, _, _, w7, w8, w9 = (float(v) for v in xor221.tutorial_start())
    h1, h2 = _sigma(w1), _sigma(w4)
    return h1, h2, _sigma(w7 + w8 * h1 + w9 * h2)


def exact_w8() -> float:
    """∂E/∂w8 for (0, 0) -> 0 with E = (y − ŷ)², at full precision: 2ŷ · ŷ(1 − ŷ) · h1."""
    h1, _, y_hat = exact_values()
    return 2 * y_hat * y_hat * (1 - y_hat) * h1


def copied_w8(decimals: int = COPIED, slope_decimals: int | None = COPIED + 2, cut=round,
              use_h2: bool = False) -> float:
    """∂E/∂w8 the worked example's way: h1, h2, ŷ copied to ``decimals``, the slope to ``slope_decimals``
    (None: not rounded), each copy made by ``cut`` (round, or a cut-off); ``use_h2`` is the slip of
    multiplying by h2 (that gives ∂E/∂w9)."""
    h1, h2, y_hat = (cut(v, decimals) for v in exact_values())
    slope = y_hat * (1 - y_hat)
    if slope_decimals is not None:
        slope = cut(slope, slope_decimals)
    delta_out = 2 * (y_hat - 0) * slope
    return delta_out * (h2 if use_h2 else h1)


def _cut_off(value: float, decimals: int) -> float:
    """The digits after ``decimals`` dropped, not rounded."""
    return floor(value * 10 ** decimals) / 10 ** decimals


@number_check(f"∂E/∂w8 from h1, h2, ŷ copied to {COPIED} decimals", digits=8)
def copied_gradient() -> Solution:
    """∂E/∂w8 for (0, 0) -> 0 from h1, h2, ŷ rounded to 5 decimals and the slope ŷ(1 − ŷ) to 7."""
    value = copied_w8()
    return Solution(value, how=f"h1, h2, ŷ = round(h1, {COPIED}), round(h2, {COPIED}), round(ŷ, {COPIED}); "
                               f"slope = round(ŷ·(1 − ŷ), {COPIED + 2}); δ_out = 2·(ŷ − 0)·slope; "
                               f"∂E/∂w8 = δ_out·h1 = {value:.10f}, against {exact_w8():.10f} at full precision",
                    look="Redo the copied-digits cell of «A lesson in rounding» with 5 decimals for h1, h2, ŷ "
                         "and 7 for the slope",
                    mistakes=[Mistake("exact", exact_w8(), "that is the gradient at full precision (copies at 8 "
                                      "decimals agree with it to 8 digits): copy h1, h2 and ŷ to "
                                      f"{COPIED} decimals first, round(h1, {COPIED})"),
                              Mistake("slope_unrounded", copied_w8(slope_decimals=None),
                                      f"the slope ŷ(1 − ŷ) was copied too, to {COPIED + 2} decimals: round it"),
                              Mistake("slope_same", copied_w8(slope_decimals=COPIED),
                                      f"the slope is copied to {COPIED + 2} decimals, two more than h1, h2 and ŷ"),
                              Mistake("cut_off", copied_w8(cut=_cut_off), "the digits were cut off; copying "
                                      "rounds to the nearest, round(value, 5)"),
                              Mistake("w9", copied_w8(use_h2=True), "that is ∂E/∂w9 (δ_out times h2); ∂E/∂w8 is "
                                      "δ_out times h1")])


def decimals_agreeing(a: float, b: float, most: int = 15) -> int:
    """The most decimals k such that a and b, both rounded to 1, 2, …, k decimals, agree every time."""
    k = 0
    while k < most and round(a, k + 1) == round(b, k + 1):
        k += 1
    return k


@whole_check("how many decimals of your copied-digits ∂E/∂w8 agree with the exact one")
def decimals_trusted() -> Solution:
    """The decimals in which exercise 1's result and the exact ∂E/∂w8 agree once both are rounded."""
    copied, exact = copied_w8(), exact_w8()
    k = decimals_agreeing(copied, exact)
    return Solution(k, how=f"round both to 1, 2, 3, … decimals: {copied:.10f} and {exact:.10f} agree as "
                           f"{copied:.{k}f} at {k} decimals and differ from {k + 1} on "
                           f"({copied:.{k + 1}f} and {exact:.{k + 1}f})",
                    look="Compare round(answer_1, k) with round(by_nnlib['w8'], k) for k = 1, 2, 3, …",
                    mistakes=[Mistake("copied", COPIED, f"{COPIED} is how many decimals were copied; round both "
                                      f"results to {COPIED} decimals and compare: a copy can tip the last one"),
                              Mistake("worked_example", 8, "8 is what the worked example copied; here the "
                                      f"inputs were copied to {COPIED}: compare exercise 1's result with the "
                                      "exact one")])


def parameter_count(sizes: list[int], biases: bool = True) -> int:
    """The weights (and biases) of a fully connected network with these layer sizes."""
    return sum(n_in * n_out + (n_out if biases else 0) for n_in, n_out in zip(sizes, sizes[1:]))


@whole_check("the forward passes of one gradient by finite differences for Network([784, 30, 10])")
def finite_difference_passes() -> Solution:
    """2P forward passes for the P parameters of Network([784, 30, 10]): two per parameter."""
    net = Network(DIGIT_SIZES, seed=0)
    p = sum(int(a.size) for a in net.parameter_list())
    assert p == parameter_count(DIGIT_SIZES)
    product = 1
    for size in DIGIT_SIZES:
        product *= size
    return Solution(2 * p, how=f"P = 784·30 + 30 + 30·10 + 10 = {p} parameters (weights and biases of both "
                               f"layers); each needs two forward passes, one nudged up and one down: 2P = {2 * p}",
                    look="Count the weights and the biases of both layers, then two passes for each",
                    mistakes=[Mistake("once", p, "that is the number of parameters, P; a central difference runs "
                                                 "the network twice for each, once nudged up and once down"),
                              Mistake("one_sided", p + 1, "that is a one-sided difference (P nudges and one "
                                                          "unnudged pass); the central difference needs two "
                                                          "passes per parameter"),
                              Mistake("no_biases", 2 * parameter_count(DIGIT_SIZES, biases=False),
                                      "the biases are parameters too: 30 in the hidden layer and 10 in the output"),
                              Mistake("product", 2 * product, "the layer sizes were multiplied together; add up "
                                      "each layer's weights (inputs × units) and biases instead")])
