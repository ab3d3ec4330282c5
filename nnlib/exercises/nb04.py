"""Checks for the exercises of notebook 04 · A hidden layer.

Each check prints "correct" or a hint and returns a Verdict (true if correct); none raises.
The exercise data live here too, so the notebook, its solutions and the tests
use the same numbers.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..activations import sigmoid, sigmoid_slope_from_z
from ..data import MaxScaler, study_sleep_score, xor
from ..network import Network
from ..training import train
from ..weights import legacy_draws
from . import Verdict, as_array, as_number, check_array, check_number, not_started, same_array, verdict

# Exercise 1: backpropagation through a hidden layer, 2-3-1 without bias, L = ½·SSE on XOR.
X1, Y1 = xor()                                            # (4, 2), (4, 1)
W1_HIDDEN = np.array([[0.5, -1.0, 0.3], [0.8, 0.2, -0.6]])  # (2, 3)
W1_OUTPUT = np.array([[1.0], [-0.5], [0.7]])              # (3, 1)

# Exercise 2: the hidden bias gradient from δ¹ (4 examples × 3 hidden units).
DELTA_HIDDEN = np.array([[0.02, -0.01, 0.03],
                         [-0.04, 0.05, 0.01],
                         [0.06, -0.02, -0.05],
                         [0.01, 0.03, 0.02]])

# Exercise 3: the hand-calculated 2-3-1 network of figure 7, another student.
BOOK_HIDDEN = np.array([[0.2, 0.6, 0.1], [0.8, 0.3, 0.7]])  # (2, 3): row i belongs to input i
BOOK_OUTPUT = np.array([[0.4], [0.5], [0.9]])               # (3, 1)
BOOK_INPUT = np.array([[1.0, 5.0]])                          # 1 hour of study, 5 of sleep

# Exercise 4: the figure-8 network predicting a new student.
NEW_STUDENT = np.array([[3.0, 7.0]])                         # 3 hours of study, 7 of sleep


# --- exercise 1 ---------------------------------------------------------------------

def _exercise1(slope=lambda a: a * (1 - a), output_slope: bool = True, hidden_slope: bool = True):
    """(∂L/∂W¹, ∂L/∂W²) of ½·SSE for exercise 1, with switchable slips."""
    a1 = sigmoid(X1 @ W1_HIDDEN)                           # (4, 3)
    a2 = sigmoid(a1 @ W1_OUTPUT)                           # (4, 1)
    d2 = (a2 - Y1) * (slope(a2) if output_slope else 1.0)  # δ², (4, 1)
    back = d2 @ W1_OUTPUT.T                                # (4, 3)
    d1 = back * (slope(a1) if hidden_slope else 1.0)       # δ¹, (4, 3)
    return X1.T @ d1, a1.T @ d2


def hidden_gradient(answer: Any) -> Verdict:
    """∂L/∂W¹ = Xᵀ · δ¹ with δ¹ = (δ² · (W²)ᵀ) ⊙ a¹(1 − a¹), δ² = (ŷ − y) ⊙ ŷ(1 − ŷ): shape (2, 3)."""
    expected, output_gradient = _exercise1()
    value = None if not_started(answer) else as_array(answer)
    if value is not None:
        if same_array(value, expected.T):
            return verdict(False, "transposed: ∂L/∂W¹ has the shape of W¹, (2, 3); it is Xᵀ · δ¹, "
                                  "(2, 4) · (4, 3)")
        if same_array(value, -expected):
            return verdict(False, "wrong sign: start from the error ŷ − y (y − ŷ gives minus the gradient)")
        if same_array(value, 2 * expected):
            return verdict(False, "twice too big: that is the gradient of SSE; ½·SSE's ½ cancels the 2")
        if same_array(value, expected / 2):
            return verdict(False, "half the gradient: that is the MSE's (2/N = 1/2 here); the exercise uses ½·SSE")
        if same_array(value, output_gradient):
            return verdict(False, "that is ∂L/∂W², the output layer's gradient; go one layer further back")
        if same_array(value, _exercise1(slope=sigmoid_slope_from_z)[0]):
            return verdict(False, "the slopes were computed as σ'(a), the σ' formula fed an activation; "
                                  "from the stored activations the slope is a(1 − a)")
        if same_array(value, _exercise1(hidden_slope=False)[0]):
            return verdict(False, "the hidden layer's slope a¹(1 − a¹) is missing: "
                                  "δ¹ = (δ² · (W²)ᵀ) ⊙ a¹(1 − a¹)")
        if same_array(value, _exercise1(output_slope=False)[0]):
            return verdict(False, "the output's slope ŷ(1 − ŷ) is missing from δ² = (ŷ − y) ⊙ ŷ(1 − ŷ)")
    return check_array(answer, expected, "∂L/∂W¹")


# --- exercise 2 ---------------------------------------------------------------------

def hidden_bias_gradient(answer: Any) -> Verdict:
    """∂L/∂b¹ = δ¹ summed over the examples (axis 0): shape (3,)."""
    expected = DELTA_HIDDEN.sum(axis=0)
    value = None if not_started(answer) else as_array(answer)
    if value is not None:
        if value.shape == (4,) or value.shape == (4, 1):
            return verdict(False, "one number per *example*: that is the wrong axis (figure 6's bug). "
                                  "A bias belongs to a hidden unit, so add up over the examples, axis 0")
        if same_array(value.reshape(-1), expected) and value.shape != (3,):
            return verdict(False, f"the right numbers, but shape {value.shape}: a bias vector has "
                                  f"shape (3,), one entry per hidden unit (drop keepdims, or .ravel())")
        if same_array(value, DELTA_HIDDEN.mean(axis=0)):
            return verdict(False, "that is the mean over the examples; the gradient of a summed loss "
                                  "sums them (a mean would be a quarter-size step)")
    return check_array(answer, expected, "∂L/∂b¹")


# --- exercise 3 ---------------------------------------------------------------------

def book_output(x: np.ndarray = BOOK_INPUT, hidden: np.ndarray = BOOK_HIDDEN) -> float:
    """The hand network's output σ(σ(x·W¹)·W²) for one input row x (1, 2)."""
    return float(sigmoid(sigmoid(x @ hidden) @ BOOK_OUTPUT)[0, 0])


def book_check(answer: Any) -> Verdict:
    """The figure-7 network's output for the input (1, 5)."""
    expected = book_output()
    value = None if not_started(answer) else as_number(answer)
    if value is not None:
        h = sigmoid(BOOK_INPUT @ BOOK_HIDDEN)
        if abs(value - float((h @ BOOK_OUTPUT)[0, 0])) <= 1e-6:
            return verdict(False, "that is the output unit's z; the output is σ(z), between 0 and 1")
        if abs(value - float(sigmoid((BOOK_INPUT @ BOOK_HIDDEN) @ BOOK_OUTPUT)[0, 0])) <= 1e-6:
            return verdict(False, "the hidden units need their sigmoid too: h = σ(x · W¹) before the output unit")
        paired = np.array([[0.2, 0.1, 0.3], [0.6, 0.8, 0.7]])   # the six weights read in pairs, one pair per unit
        if abs(value - book_output(hidden=paired)) <= 1e-6:
            return verdict(False, "the weights are read in the wrong layout: row i of W¹ holds input i's "
                                  "weights to the three hidden units (.2 .6 .1 for x₁, .8 .3 .7 for x₂)")
        if abs(value - book_output(x=np.array([[2.0, 9.0]]))) <= 1e-6:
            return verdict(False, "that is the book's student (2, 9); this exercise asks for (1, 5)")
    return check_number(answer, expected, "the output for (1, 5)")


# --- exercise 4 ---------------------------------------------------------------------

@lru_cache(maxsize=1)
def figure8_network() -> tuple[Network, MaxScaler]:
    """The figure-8 network after 1,000 updates, and the scaler fitted on its training inputs."""
    X_raw, y_raw = study_sleep_score()
    scaler = MaxScaler.fit(X_raw)
    net = Network.from_weights(legacy_draws(1, [(2, 3), (3, 1)], "normal"))
    train(net, scaler.transform(X_raw), y_raw / 100, epochs=1000, learning_rate=1.0, loss="half_sse")
    return net, scaler


def new_student(answer: Any) -> Verdict:
    """The predicted test score (0-100) of a student with 3 hours of study and 7 of sleep."""
    net, scaler = figure8_network()
    expected = 100 * float(net.predict(scaler.transform(NEW_STUDENT))[0, 0])
    value = None if not_started(answer) else as_number(answer)
    if value is not None:
        if abs(value - expected / 100) <= 1e-6:
            return verdict(False, "that is the network's output on the scaled 0-1 scale; undo the "
                                  "target scaling (the scores were divided by 100) to get points")
        raw = 100 * float(net.predict(NEW_STUDENT)[0, 0])
        if abs(value - raw) <= 1e-4 or abs(value - raw / 100) <= 1e-6:
            return verdict(False, "the input was not scaled: divide it by the *training* maxima "
                                  f"{scaler.scale.tolist()} first, as the training data were")
        own = 100 * float(net.predict(NEW_STUDENT / NEW_STUDENT.max(axis=0))[0, 0])
        if abs(value - own) <= 1e-4:
            return verdict(False, "the input was scaled by its own maxima; use the training maxima "
                                  f"{scaler.scale.tolist()} (scaler.transform), the scale the network learned on")
        if value.is_integer() and abs(value - round(expected)) < 1e-9:
            return verdict(False, f"rounded to {value:.0f}: give the unrounded score, to check every digit")
    return check_number(answer, expected, "the predicted score", tolerance=1e-4)
