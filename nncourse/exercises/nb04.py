"""Checks for the exercises of notebook 04 · A hidden layer.

Call a check with your answer: ``check.hidden_gradient(answer)``; ask for the
answer and its reasoning with ``check.hidden_gradient.reveal()``. The exercise
data live here too; every expected value is computed from them when the check runs.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from nnlib.activations import sigmoid, sigmoid_slope_from_z
from nnlib.data import study_sleep_score, xor
from nnlib.network import Network
from nnlib.training import train
from nnlib.weights import legacy_draws
from . import Mistake, Solution, array_check, number_check
from .progress import progress_for

progress = progress_for(__name__)      # check.progress(): what is done in this notebook

# Exercise 1: backpropagation through a hidden layer, 2-3-1 without bias, L = ½·SSE on XOR.
X1, Y1 = xor()                                            # (4, 2), (4, 1)
W1_HIDDEN = np.array([[0.5, -1.0, 0.3], [0.8, 0.2, -0.6]])  # (2, 3)
W1_OUTPUT = np.array([[1.0], [-0.5], [0.7]])              # (3, 1)

# Exercise 2: the hidden bias gradient from δ¹ (4 examples × 3 hidden units).
DELTA_HIDDEN = np.array([[0.02, -0.01, 0.03],
                         [-0.04, 0.05, 0.01],
                         [0.06, -0.02, -0.05],
                         [0.01, 0.03, 0.02]])

# Exercise 3: the figure-8 network predicting a new student.
NEW_STUDENT = np.array([[3.0, 7.0]])                         # 3 hours of study, 7 of sleep


def _exercise1(slope=lambda a: a * (1 - a), output_slope: bool = True, hidden_slope: bool = True):
    """(∂L/∂W¹, ∂L/∂W²) of ½·SSE for exercise 1, with switchable slips."""
    a1 = sigmoid(X1 @ W1_HIDDEN)                           # (4, 3)
    a2 = sigmoid(a1 @ W1_OUTPUT)                           # (4, 1)
    d2 = (a2 - Y1) * (slope(a2) if output_slope else 1.0)  # δ², (4, 1)
    d1 = (d2 @ W1_OUTPUT.T) * (slope(a1) if hidden_slope else 1.0)   # δ¹, (4, 3)
    return X1.T @ d1, a1.T @ d2


@array_check("∂L/∂W¹", digits=4, n=len(X1))
def hidden_gradient() -> Solution:
    """∂L/∂W¹ = Xᵀ · δ¹ with δ¹ = (δ² · (W²)ᵀ) ⊙ a¹(1 − a¹), δ² = (ŷ − y) ⊙ ŷ(1 − ŷ): shape (2, 3)."""
    g, output_gradient = _exercise1()
    return Solution(g, how="forward: a¹ = σ(X · W¹) (4, 3), ŷ = σ(a¹ · W²) (4, 1); backward: δ² = (ŷ − y) ⊙ ŷ(1 − ŷ), "
                           "δ¹ = (δ² · (W²)ᵀ) ⊙ a¹(1 − a¹) (4, 3); ∂L/∂W¹ = Xᵀ · δ¹, (2, 4)·(4, 3) = (2, 3)",
                    mistakes=[Mistake("sign", -g, "wrong sign: start from the error ŷ − y (y − ŷ gives minus the "
                                                  "gradient)"),
                              Mistake("sse", 2 * g, "twice too big: that is the gradient of SSE; ½·SSE's ½ cancels "
                                                    "the 2"),
                              Mistake("mse", g / 2, "half the gradient: that is the MSE's (2/N = 1/2 here); the "
                                                    "exercise uses ½·SSE"),
                              Mistake("output_layer", output_gradient, "that is ∂L/∂W², the output layer's gradient; "
                                                                       "go one layer further back"),
                              Mistake("slope_from_z", _exercise1(slope=sigmoid_slope_from_z)[0],
                                      "the slopes were computed as σ'(a), the σ' formula fed an activation; from "
                                      "the stored activations the slope is a(1 − a)"),
                              Mistake("no_hidden_slope", _exercise1(hidden_slope=False)[0],
                                      "the hidden layer's slope a¹(1 − a¹) is missing: δ¹ = (δ² · (W²)ᵀ) ⊙ a¹(1 − a¹)"),
                              Mistake("no_output_slope", _exercise1(output_slope=False)[0],
                                      "the output's slope ŷ(1 − ŷ) is missing from δ² = (ŷ − y) ⊙ ŷ(1 − ŷ)")])


@array_check("∂L/∂b¹", digits=4, n=len(DELTA_HIDDEN))
def hidden_bias_gradient() -> Solution:
    """∂L/∂b¹ = δ¹ summed over the examples (axis 0): shape (3,)."""
    wrong_axis = ("one number per *example*: summed over the wrong axis (\"A right shape is not a proof\"). A bias "
                  "belongs to a hidden unit, so add up over the examples, axis 0")
    return Solution(DELTA_HIDDEN.sum(axis=0),
                    how="each hidden unit's bias gets the sum of its column of δ¹ over the 4 examples: "
                        "δ¹.sum(axis=0), shape (3,)",
                    mistakes=[Mistake("axis_1", DELTA_HIDDEN.sum(axis=1), wrong_axis),
                              Mistake("axis_1_keepdims", DELTA_HIDDEN.sum(axis=1, keepdims=True), wrong_axis),
                              Mistake("axis_1_mean", DELTA_HIDDEN.mean(axis=1), wrong_axis),
                              Mistake("keepdims", DELTA_HIDDEN.sum(axis=0, keepdims=True),
                                      "the right numbers, but shape (1, 3): a bias vector has shape (3,), one "
                                      "entry per hidden unit (drop keepdims, or .ravel())"),
                              Mistake("everything", DELTA_HIDDEN.sum(), "one number: that sums over both axes; "
                                                                        "the bias gradient has shape (3,), sum over axis 0 only"),
                              Mistake("mean", DELTA_HIDDEN.mean(axis=0), "that is the mean over the examples; the "
                                      "gradient of a summed loss sums them (a mean would be a quarter-size step)")])


@cache
def figure8_network() -> tuple[Network, np.ndarray]:
    """The figure-8 network after 1,000 updates, and the training maxima it was scaled by."""
    X_raw, y_raw = study_sleep_score()
    maxima = X_raw.max(axis=0)
    net = Network.from_weights(legacy_draws(1, [(2, 3), (3, 1)], "normal"))
    train(net, X_raw / maxima, y_raw / 100, epochs=1000, learning_rate=1.0, loss="half_sse")
    return net, maxima


@number_check("the predicted score", digits=4)
def new_student() -> Solution:
    """The predicted test score (0-100) of a student with 3 hours of study and 7 of sleep."""
    net, maxima = figure8_network()
    score = 100 * float(net.predict(NEW_STUDENT / maxima)[0, 0])
    not_scaled = ("the input was not scaled: divide it by the *training* maxima "
                  f"{maxima.tolist()} first, as the training data were")
    return Solution(score, how=f"scale the input by the training maxima {maxima.tolist()}: "
                               f"{np.round(NEW_STUDENT / maxima, 6).tolist()}; the network gives "
                               f"{score / 100:.6g} on the 0-1 scale the scores were divided onto, so ×100",
                    look="Check the scaling: divide the input by the training maxima before predicting, and multiply the output back",
                    mistakes=[Mistake("scaled_output", score / 100, "that is the network's output on the 0-1 "
                                      "scale; undo the target scaling (the scores were divided by 100) to get points"),
                              Mistake("raw_input", 100 * float(net.predict(NEW_STUDENT)[0, 0]), not_scaled),
                              Mistake("raw_input_01", float(net.predict(NEW_STUDENT)[0, 0]), not_scaled),
                              Mistake("own_maxima", 100 * float(net.predict(NEW_STUDENT / NEW_STUDENT.max(axis=0))[0, 0]),
                                      "the input was scaled by its own maxima; use the training maxima "
                                      f"{maxima.tolist()}, the scale the network learned on")])
