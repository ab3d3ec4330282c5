"""Checks for the exercises of notebook 02 · Training a neuron.

Each check prints "correct" or a hint and returns a Verdict (true if correct); none raises.
The exercise data live here too, so the notebook, its solutions and the tests
use the same numbers.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..activations import sigmoid, sigmoid_slope_from_z
from ..data import toy_neuron
from ..network import Network
from ..training import train
from ..weights import legacy_draws
from . import Verdict, as_array, check_array, check_number, not_started, same_array, verdict

# Exercises 1 and 2: the gradient of ½·SSE and one step downhill.
X1, Y1 = toy_neuron()                          # (4, 3) and (4, 1)
W1 = np.array([[0.5], [-0.3], [0.2]])          # (3, 1)
ALPHA = 0.5

# Exercise 4: the figure-1 neuron after a short training.
EPOCHS = 100
NEW_CASE = np.array([[1.0, 0.0, 0.0]])


def gradient() -> np.ndarray:
    """∂L/∂w = Xᵀ · ((ŷ − y) ⊙ ŷ(1 − ŷ)) for L = ½·SSE, exercise 1's data: shape (3, 1)."""
    a = sigmoid(X1 @ W1)
    return X1.T @ ((a - Y1) * a * (1 - a))


def batch_gradient(answer: Any) -> Verdict:
    """The gradient of ½·SSE with respect to w for exercise 1's data, shape (3, 1)."""
    expected = gradient()
    value = None if not_started(answer) else as_array(answer)
    a = sigmoid(X1 @ W1)
    if value is not None:
        if same_array(value, -expected):
            return verdict(False, "wrong sign: that is −∂L/∂w, the direction to move in. The gradient "
                                  "itself starts from the error ŷ − y")
        if same_array(value, 2 * expected):
            return verdict(False, "twice too big: that is the gradient of SSE; the ½ in ½·SSE cancels the 2")
        if same_array(value, expected / len(X1)):
            return verdict(False, "divided by the number of examples: that is a mean; ½·SSE sums over them")
        if same_array(value, X1.T @ (a - Y1)):
            return verdict(False, "the sigmoid's slope ŷ(1 − ŷ) is missing from the chain rule")
        if same_array(value, X1.T @ ((a - Y1) * sigmoid_slope_from_z(a))):
            return verdict(False, "the slope was computed as σ'(ŷ), feeding the activation to the from-z "
                                  "formula; from the activation it is ŷ(1 − ŷ)")
        if value.shape in ((4, 1), (4,)):
            return verdict(False, "one number per example: multiply by Xᵀ to sum each input's share "
                                  "over the examples, giving one number per weight, shape (3, 1)")
    return check_array(answer, expected, "gradient ∂L/∂w")


def gradient_step(answer: Any) -> Verdict:
    """The weights after one step w − α · ∂L/∂w with α = 0.5, shape (3, 1)."""
    g = gradient()
    value = None if not_started(answer) else as_array(answer)
    if value is not None:
        if same_array(value, W1 + ALPHA * g):
            return verdict(False, "that step went uphill: subtract the gradient, w − α · ∂L/∂w")
        if same_array(value, W1 - g):
            return verdict(False, "the learning rate is missing: the step is α · ∂L/∂w with α = 0.5")
        if same_array(value, -ALPHA * g) or same_array(value, ALPHA * g):
            return verdict(False, "that is the step alone; add it to the old weights to get the new ones")
    return check_array(answer, W1 - ALPHA * g, "new weights")


def figure1_start(answer: Any) -> Verdict:
    """The figure-1 starting weights: seed 1, 2·random((3, 1)) − 1."""
    [expected] = legacy_draws(1, [(3, 1)], "symmetric")
    value = None if not_started(answer) else as_array(answer)
    if value is not None and value.size == 3 and value.shape != (3, 1):
        return verdict(False, f"shape {value.shape}: draw a (3, 1) column, random((3, 1)), one row per input")
    if value is not None and value.shape == (3, 1):
        [unit] = legacy_draws(1, [(3, 1)], "uniform")
        [normal] = legacy_draws(1, [(3, 1)], "normal")
        if same_array(value, unit):
            return verdict(False, "these are uniform on [0, 1); stretch and shift them onto [−1, 1): 2 · r − 1")
        if same_array(value, normal):
            return verdict(False, "these come from randn, the standard normal distribution; the tutorial "
                                  "drew uniformly with random and mapped onto [−1, 1)")
        modern = np.random.default_rng(1).random((3, 1))
        if same_array(value, 2 * modern - 1) or same_array(value, modern):
            return verdict(False, "default_rng(1) is a different generator with different numbers; replay the "
                                  "tutorial's with np.random.RandomState(1) (or np.random.seed(1))")
    return check_array(answer, expected, "starting weights")


@lru_cache(maxsize=None)
def prediction(epochs: int) -> float:
    """The figure-1 neuron's prediction for (1, 0, 0) after ``epochs`` updates (cached)."""
    [w] = legacy_draws(1, [(3, 1)], "symmetric")
    net = Network.from_weights([w])
    train(net, X1, Y1, epochs=epochs, loss="half_sse", learning_rate=1.0)
    return float(net.predict(NEW_CASE)[0, 0])


def short_training(answer: Any) -> Verdict:
    """The figure-1 neuron trained for 100 epochs, predicting (1, 0, 0)."""
    value = None
    if not not_started(answer):
        array = as_array(answer)
        if array is not None and array.size == 1:
            value = float(array.reshape(()))
    if value is not None:
        if abs(value - prediction(EPOCHS - 1)) <= 1e-6:
            return verdict(False, "off by one: that is after 99 updates (an output computed before the "
                                  "last update); predict after all 100")
        if abs(value - prediction(10_000)) <= 1e-6:
            return verdict(False, "that is the prediction after 10,000 epochs; train for 100 only")
        if abs(value - 0.5) <= 1e-9:
            return verdict(False, "exactly 0.5 means z = 0: did you predict for (0, 0, 0)? "
                                  "The new case is (1, 0, 0)")
    return check_number(answer, prediction(EPOCHS), "the prediction for (1, 0, 0)")
