"""Checks for the exercises of notebook 02 · Training a neuron.

Call a check with your answer: ``check.batch_gradient(answer)``; ask for the
answer and its reasoning with ``check.batch_gradient.reveal()``. The exercise
data live here too; every expected value is computed from them when the check runs.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from nnlib.activations import sigmoid, sigmoid_slope_from_z
from nnlib.data import toy_neuron
from nnlib.network import Network
from nnlib.training import train
from nnlib.weights import legacy_draws
from . import Mistake, Outcome, Solution, array_check, custom_check, number_check, read_number, wrong
from . import judge_prediction
from .progress import progress_for

progress = progress_for(__name__)      # check.progress(): what is done in this notebook

# Exercises 1 and 2: the gradient of ½·SSE and one step downhill.
X1, Y1 = toy_neuron()                          # (4, 3) and (4, 1)
W1 = np.array([[0.5], [-0.3], [0.2]])          # (3, 1)
ALPHA = 0.5

# Exercise 3: the figure-1 starting weights.
SEED = 1

# Exercise 4: the figure-1 neuron after a short training.
EPOCHS = 100
NEW_CASE = np.array([[1.0, 0.0, 0.0]])

# Exercise 5, predict then run: the loss after 1,000 epochs at α = 3, from the figure-1 weights.
RATE5 = 3.0
EPOCHS5 = 1_000
KNOWN_RATES5 = (1.0, 10.0)     # the rates whose loss after 1,000 epochs the notebook printed
TOLERANCE5 = 0.25              # a prediction within 25 % of the truth counts as right


def gradient() -> np.ndarray:
    """∂L/∂w = Xᵀ · ((ŷ − y) ⊙ ŷ(1 − ŷ)) for L = ½·SSE, exercise 1's data: shape (3, 1)."""
    a = sigmoid(X1 @ W1)
    return X1.T @ ((a - Y1) * a * (1 - a))


@array_check("the gradient ∂L/∂w", digits=4, n=len(X1))
def batch_gradient() -> Solution:
    """The gradient of ½·SSE with respect to w for exercise 1's data, shape (3, 1)."""
    a = sigmoid(X1 @ W1)
    g = gradient()
    return Solution(g, how="ŷ = σ(X · w), (4, 1); δ = (ŷ − y) ⊙ ŷ(1 − ŷ), one number per example; "
                           "∂L/∂w = Xᵀ · δ, (3, 4)·(4, 1) = (3, 1), each input's share summed over the examples",
                    mistakes=[Mistake("sign", -g, "wrong sign: that is −∂L/∂w, the direction to move in. The "
                                                  "gradient itself starts from the error ŷ − y"),
                              Mistake("sse", 2 * g, "twice too big: that is the gradient of SSE; the ½ in "
                                                    "½·SSE cancels the 2"),
                              Mistake("mean", g / len(X1), "divided by the number of examples: that is a "
                                                           "mean; ½·SSE sums over them"),
                              Mistake("no_slope", X1.T @ (a - Y1), "the sigmoid's slope ŷ(1 − ŷ) is missing "
                                                                   "from the chain rule"),
                              Mistake("slope_from_z", X1.T @ ((a - Y1) * sigmoid_slope_from_z(a)),
                                      "the slope was computed as σ'(ŷ), feeding the activation to the from-z "
                                      "formula; from the activation it is ŷ(1 − ŷ)"),
                              Mistake("no_xt", (a - Y1) * a * (1 - a), "one number per example: multiply by Xᵀ "
                                      "to sum each input's share over the examples, one number per weight")])


@array_check("the new weights", digits=4)
def gradient_step() -> Solution:
    """The weights after one step w − α · ∂L/∂w with α = 0.5, shape (3, 1)."""
    g = gradient()
    return Solution(W1 - ALPHA * g, how=f"w_new = w − α · ∂L/∂w with α = {ALPHA:g}: every weight moves against "
                                        f"its gradient, ∂L/∂w = {np.round(g.ravel(), 6)}",
                    mistakes=[Mistake("uphill", W1 + ALPHA * g, "that step went uphill: subtract the gradient, "
                                                                "w − α · ∂L/∂w"),
                              Mistake("no_rate", W1 - g, "the learning rate is missing: the step is α · ∂L/∂w"),
                              Mistake("step_only", -ALPHA * g, "that is the step alone; add it to the old "
                                                               "weights to get the new ones"),
                              Mistake("step_only_plus", ALPHA * g, "that is the step alone; add it to the old "
                                                                   "weights to get the new ones")])


@array_check("the starting weights", digits=6)
def figure1_start() -> Solution:
    """The figure-1 starting weights: seed 1, 2·random((3, 1)) − 1."""
    [expected] = legacy_draws(SEED, [(3, 1)], "symmetric")
    [unit] = legacy_draws(SEED, [(3, 1)], "uniform")
    [normal] = legacy_draws(SEED, [(3, 1)], "normal")
    modern = np.random.default_rng(SEED).random((3, 1))
    later = legacy_draws(SEED, [(3, 1)] * 3, "symmetric")[1:]        # a generator already drawn from
    drawn_before = ("these are the numbers that come after a first draw: the generator had already been drawn "
                    "from. Seed it again right before this draw (np.random.seed(1)), or use np.random.RandomState(1)")
    wrong_generator = ("default_rng(1) is a different generator with different numbers; replay the tutorial's "
                       "with np.random.RandomState(1) (or np.random.seed(1))")
    return Solution(expected, how="np.random.seed(1), then r = np.random.random((3, 1)) is uniform on [0, 1); "
                                  "2 · r − 1 stretches and shifts it onto [−1, 1)",
                    mistakes=[Mistake("unit", unit, "these are uniform on [0, 1); stretch and shift them onto "
                                                    "[−1, 1): 2 · r − 1"),
                              Mistake("normal", normal, "these come from randn, the standard normal distribution; "
                                                        "the tutorial drew uniformly with random and mapped onto [−1, 1)"),
                              Mistake("modern", 2 * modern - 1, wrong_generator),
                              Mistake("modern_unit", modern, wrong_generator),
                              Mistake("second_draw", later[0], drawn_before),
                              Mistake("third_draw", later[1], drawn_before),
                              Mistake("flat", expected.ravel(), "a flat vector: draw a (3, 1) column, "
                                                                "random((3, 1)), one row per input")])


@cache
def prediction(epochs: int) -> float:
    """The figure-1 neuron's prediction for (1, 0, 0) after ``epochs`` updates (cached)."""
    [w] = legacy_draws(SEED, [(3, 1)], "symmetric")
    net = Network.from_weights([w])
    train(net, X1, Y1, epochs=epochs, loss="half_sse", learning_rate=1.0)
    return float(net.predict(NEW_CASE)[0, 0])


@number_check("the prediction for (1, 0, 0)", digits=6)
def short_training() -> Solution:
    """The figure-1 neuron trained for 100 epochs, predicting (1, 0, 0)."""
    return Solution(prediction(EPOCHS),
                    how=f"start from the figure-1 weights, apply {EPOCHS} full-batch updates "
                        f"w ← w − Xᵀ · ((ŷ − y) ⊙ ŷ(1 − ŷ)), then ŷ = σ((1, 0, 0) · w)",
                    look="Look again at the loop: 100 updates of the figure-1 start, each with the slope ŷ(1 − ŷ) "
                         "and Xᵀ, then one prediction for (1, 0, 0)",
                    mistakes=[Mistake("off_by_one", prediction(EPOCHS - 1), "off by one: that is after 99 "
                                      "updates (an output computed before the last update); predict after all 100"),
                              Mistake("long", prediction(10_000), "that is the prediction after 10,000 epochs; "
                                                                  "train for 100 only"),
                              Mistake("origin", 0.5, "exactly 0.5 means z = 0: did you predict for (0, 0, 0)? "
                                                     "The new case is (1, 0, 0)")])


@cache
def final_loss(learning_rate: float, epochs: int) -> float:
    """½·SSE of the figure-1 neuron after ``epochs`` full-batch updates at ``learning_rate`` (cached)."""
    [w] = legacy_draws(SEED, [(3, 1)], "symmetric")
    net = Network.from_weights([w])
    return train(net, X1, Y1, epochs=epochs, loss="half_sse", learning_rate=learning_rate).final_loss


def _rate_solution() -> Solution:
    truth = final_loss(RATE5, EPOCHS5)
    low, high = (final_loss(rate, EPOCHS5) for rate in KNOWN_RATES5)
    return Solution(truth, how=f"training at α = {RATE5:g} for {EPOCHS5:,} epochs gives ½·SSE = {truth:.6g}. While "
                               f"the steps are small, α × epochs is what counts: α = 1 for 3,000 epochs gives "
                               f"{final_loss(1.0, 3 * EPOCHS5):.6g}, and α = 10 for 1,000 ({high:.6g}) is close to "
                               f"α = 1 for 10,000 ({final_loss(1.0, 10 * EPOCHS5):.6g}). Between α = 1 ({low:.6g}) "
                               f"and α = 10, the loss falls by a factor, so interpolate on a log scale")


@custom_check(_rate_solution, f"your prediction of the loss after {EPOCHS5:,} epochs at α = {RATE5:g}, one number "
                              f"(within {TOLERANCE5:.0%} counts)")
def rate_prediction(answer: Any, solution: Solution) -> Outcome:
    """Exercise 5, predict then run: ½·SSE after 1,000 epochs at α = 3, right within 25 %."""
    value, _ = read_number(answer)
    low, high = (final_loss(rate, EPOCHS5) for rate in KNOWN_RATES5)
    straight = low + (RATE5 - KNOWN_RATES5[0]) / (KNOWN_RATES5[1] - KNOWN_RATES5[0]) * (high - low)
    slips = [(low, "that is the loss at α = 1: a larger rate takes larger steps and gets further in the same "
                   "1,000 epochs"),
             (high, "that is the loss at α = 10: α = 3 takes smaller steps and gets less far"),
             (straight, "that is a straight-line interpolation between α = 1 and α = 10. The loss falls by "
                        "factors, not by equal amounts: compare the losses on a log scale, or ask how many "
                        "epochs at α = 1 cover the same distance")]
    if value is not None and abs(value - solution.value) > TOLERANCE5 * abs(solution.value):
        for slip, hint in slips:
            if abs(value - slip) <= 0.05 * abs(slip):
                return wrong(hint)
    return judge_prediction(answer, solution.value, TOLERANCE5, relative=True)
