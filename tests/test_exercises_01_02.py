"""The exercise checks of notebooks 00, 01 and 02.

Every check must say "correct" for the right answer, and for each typical
wrong answer (a transposed shape, a flipped sign, a forgotten bias or slope,
…) a hint that names what is off. No check may raise, whatever it is given.
"""

from __future__ import annotations

import numpy as np

from nnlib import Network, gate, legacy_draws, sigmoid, sigmoid_slope_from_z, train
from nncourse.exercises import nb00, nb01, nb02
from exercise_checks import assert_correct, assert_hint


# --- 00 ----------------------------------------------------------------------------------

def test_00_first_weight_shape(capsys):
    assert_correct(capsys, nb00.first_weight_shape, (3, 4))
    assert_correct(capsys, nb00.first_weight_shape, [3, 4])
    assert_correct(capsys, nb00.first_weight_shape, Network([3, 4, 1]).weights[0].shape)
    assert_hint(capsys, nb00.first_weight_shape, (4, 3), "transposed")
    assert_hint(capsys, nb00.first_weight_shape, (4, 1), "second layer")
    assert_hint(capsys, nb00.first_weight_shape, (3, 4, 1), "layer sizes")
    assert_hint(capsys, nb00.first_weight_shape, Network([3, 4, 1]).weights[0], ".shape")
    assert_hint(capsys, nb00.first_weight_shape, (2, 2), "(n_in, n_out)")


def test_00_parameter_count(capsys):
    net = Network([2, 2, 1])
    assert_correct(capsys, nb00.parameter_count, sum(p.size for p in net.parameter_list()))
    assert_hint(capsys, nb00.parameter_count, 6, "bias")
    assert_hint(capsys, nb00.parameter_count, 3, "weights")
    assert_hint(capsys, nb00.parameter_count, 5, "units")
    assert_hint(capsys, nb00.parameter_count, 8, "one too few")
    assert_hint(capsys, nb00.parameter_count, 20, "too big")


# --- 01 ----------------------------------------------------------------------------------

def test_01_neuron_output(capsys):
    x, w, b = nb01.X1, nb01.W1, nb01.B1
    z = x @ w + b
    assert_correct(capsys, nb01.neuron_output, 1 / (1 + np.exp(-z)))
    assert_correct(capsys, nb01.neuron_output, sigmoid(z))                  # a 0-d array is fine
    assert_hint(capsys, nb01.neuron_output, z, "is z")
    assert_hint(capsys, nb01.neuron_output, sigmoid(x @ w), "bias")
    assert_hint(capsys, nb01.neuron_output, sigmoid(-z), "sign")
    assert_hint(capsys, nb01.neuron_output, 1.0, "threshold")
    assert_hint(capsys, nb01.neuron_output, 0.7, "too big")
    assert_hint(capsys, nb01.neuron_output, 0.5 * sigmoid(z), "factor of 2")


def test_01_batch_outputs(capsys):
    X, w, b = nb01.X2, nb01.W2, nb01.B2
    right = sigmoid(X @ w + b)
    assert_correct(capsys, nb01.batch_outputs, right)
    assert_correct(capsys, nb01.batch_outputs, right.tolist())
    assert_hint(capsys, nb01.batch_outputs, right.T, "transpose")
    assert_hint(capsys, nb01.batch_outputs, right.ravel(), "(3, 1) column")
    as_row = sigmoid(X @ w.ravel() + b).reshape(1, 4)
    assert_hint(capsys, nb01.batch_outputs, as_row + np.zeros((4, 1)), "broadcast")      # (1, 4) met (4, 1)
    assert_hint(capsys, nb01.batch_outputs, X @ w + b, "sigmoid")
    assert_hint(capsys, nb01.batch_outputs, sigmoid(X @ w), "bias")
    assert_hint(capsys, nb01.batch_outputs, sigmoid(X @ w - b), "every entry is off", "too big")


def test_01_slope_from_activation(capsys):
    a = nb01.A3
    assert_correct(capsys, nb01.slope_from_activation, a * (1 - a))
    assert_hint(capsys, nb01.slope_from_activation, sigmoid_slope_from_z(a), "as if it were z")
    assert_hint(capsys, nb01.slope_from_activation, a * (1 - a) * (1 - a * (1 - a)), "twice")
    assert_hint(capsys, nb01.slope_from_activation, a, "activation itself")
    assert_hint(capsys, nb01.slope_from_activation, -a * (1 - a), "sign")


def test_01_or_neuron(capsys):
    assert_correct(capsys, nb01.or_neuron, (np.array([10.0, 10.0]), -5.0))
    assert_correct(capsys, nb01.or_neuron, (np.array([[10.0], [10.0]]), np.array([-5.0])))
    assert_correct(capsys, nb01.or_neuron, ([6, 6], -3))
    assert_hint(capsys, nb01.or_neuron, (np.array([10.0, 10.0]), 0.0), "origin")
    assert_hint(capsys, nb01.or_neuron, (np.array([1.0, 1.0]), -0.5), "not clearly")
    assert_hint(capsys, nb01.or_neuron, (np.array([10.0, 10.0]), -15.0), "(0, 1)", "(1, 0)")   # that is AND
    assert_hint(capsys, nb01.or_neuron, (np.array([-10.0, -10.0]), 5.0), "wrong side")        # NOR
    assert_hint(capsys, nb01.or_neuron, (np.array([10.0, 10.0, 1.0]), -5.0), "two weights")
    assert_hint(capsys, nb01.or_neuron, np.array([10.0, 10.0]), "two weights")
    assert_hint(capsys, nb01.or_neuron, (np.array([10.0, 10.0]), "b"), "one number")


def test_01_or_answer_really_is_or():
    X, y = gate("or")
    w, b = np.array([[10.0], [10.0]]), -5.0
    assert np.all(np.abs(sigmoid(X @ w + b) - y) < 0.1)


# --- 02 ----------------------------------------------------------------------------------

def right_gradient():
    X, y, w = nb02.X1, nb02.Y1, nb02.W1
    a = 1 / (1 + np.exp(-(X @ w)))
    return X.T @ ((a - y) * a * (1 - a))


def test_02_gradient_agrees_with_nnlib():
    net = Network.from_weights([nb02.W1])
    np.testing.assert_allclose(net.gradients(nb02.X1, nb02.Y1, loss="half_sse").weights[0], nb02.gradient(),
                               rtol=0, atol=1e-12)


def test_02_batch_gradient(capsys):
    X, y, w = nb02.X1, nb02.Y1, nb02.W1
    a = sigmoid(X @ w)
    g = right_gradient()
    assert_correct(capsys, nb02.batch_gradient, g)
    assert_hint(capsys, nb02.batch_gradient, g.T, "transpose")
    assert_hint(capsys, nb02.batch_gradient, -g, "sign")
    assert_hint(capsys, nb02.batch_gradient, X.T @ ((y - a) * a * (1 - a)), "sign")
    assert_hint(capsys, nb02.batch_gradient, 2 * g, "SSE")
    assert_hint(capsys, nb02.batch_gradient, g / 4, "mean")
    printed = assert_hint(capsys, nb02.batch_gradient, 4 * g, "N = 4 times too big")
    assert "mean" not in printed                 # ½·SSE sums over the examples: no mean is asked
    assert_hint(capsys, nb02.batch_gradient, X.T @ (a - y), "slope")
    assert_hint(capsys, nb02.batch_gradient, X.T @ ((a - y) * sigmoid_slope_from_z(a)), "from-z")
    assert_hint(capsys, nb02.batch_gradient, (a - y) * a * (1 - a), "Xᵀ")
    assert_hint(capsys, nb02.batch_gradient, g.ravel(), "shape (3, 1)")


def test_02_gradient_step(capsys):
    w, g, alpha = nb02.W1, right_gradient(), nb02.ALPHA
    assert_correct(capsys, nb02.gradient_step, w - alpha * g)
    assert_hint(capsys, nb02.gradient_step, w + alpha * g, "uphill")
    assert_hint(capsys, nb02.gradient_step, w - g, "learning rate")
    assert_hint(capsys, nb02.gradient_step, -alpha * g, "step alone")
    assert_hint(capsys, nb02.gradient_step, alpha * g, "step alone")
    assert_hint(capsys, nb02.gradient_step, (w - alpha * g).T, "transpose")


def test_02_figure1_start(capsys):
    right = 2 * np.random.RandomState(1).random_sample((3, 1)) - 1
    np.testing.assert_array_equal(right, legacy_draws(1, [(3, 1)], "symmetric")[0])
    assert_correct(capsys, nb02.figure1_start, right)
    assert_hint(capsys, nb02.figure1_start, np.random.RandomState(1).random_sample((3, 1)), "2 · r − 1")
    assert_hint(capsys, nb02.figure1_start, np.random.RandomState(1).randn(3, 1), "standard normal")
    assert_hint(capsys, nb02.figure1_start, 2 * np.random.default_rng(1).random((3, 1)) - 1, "RandomState")
    assert_hint(capsys, nb02.figure1_start, np.random.default_rng(1).random((3, 1)), "RandomState")
    assert_hint(capsys, nb02.figure1_start, right.ravel(), "(3, 1)")
    assert_hint(capsys, nb02.figure1_start, right.T, "(3, 1)")
    assert_hint(capsys, nb02.figure1_start, 2 * np.random.RandomState(2).random_sample((3, 1)) - 1, "entry (0, 0)", "off")
    drawn_from = np.random.RandomState(1)               # the trial's slip: a generator that has drawn before
    drawn_from.random_sample((3, 1))
    assert_hint(capsys, nb02.figure1_start, 2 * drawn_from.random_sample((3, 1)) - 1, "already been drawn from", "seed")


def test_02_figure1_start_leaves_the_global_generator_alone(capsys):
    np.random.seed(123)
    expected = np.random.random(3)
    np.random.seed(123)
    nb02.figure1_start(np.zeros((3, 1)))
    capsys.readouterr()
    np.testing.assert_array_equal(np.random.random(3), expected)


def test_02_short_training(capsys):
    def trained(epochs):
        net = Network.from_weights(legacy_draws(1, [(3, 1)], "symmetric"))
        train(net, nb02.X1, nb02.Y1, epochs=epochs, loss="half_sse", learning_rate=1.0)
        return net.predict([[1, 0, 0]])

    assert_correct(capsys, nb02.short_training, trained(100))              # shape (1, 1) is fine
    assert_correct(capsys, nb02.short_training, float(trained(100)[0, 0]))
    assert_hint(capsys, nb02.short_training, trained(99), "off by one")
    assert_hint(capsys, nb02.short_training, trained(10_000), "10,000")
    assert_hint(capsys, nb02.short_training, 0.5, "(0, 0, 0)")
    assert_hint(capsys, nb02.short_training, 0.8, "too small")
    assert_hint(capsys, nb02.short_training, round(float(trained(100)[0, 0]), 4), "rounded to 4", "asks for 6")


def test_02_short_training_by_hand_matches():
    X, y = nb02.X1, nb02.Y1
    w = 2 * np.random.RandomState(1).random_sample((3, 1)) - 1
    for _ in range(100):
        a = 1 / (1 + np.exp(-(X @ w)))
        w += X.T @ ((y - a) * a * (1 - a))
    assert abs(float(sigmoid(np.array([[1, 0, 0]]) @ w)[0, 0]) - nb02.prediction(100)) < 1e-12


# --- the predict-then-run exercises of 01 and 02 ----------------------------------------------

def test_01_nudge_prediction(capsys):
    # By hand: z = 2·0.5 + 1·(−1) + 0 = 0; nudging w1 by 0.1 moves z to 0.2.
    truth = 1 / (1 + np.exp(-0.2)) - 0.5
    chain_rule = 2 * 0.1 * 0.25                          # Δz = x1·Δw1, Δa ≈ σ'(0)·Δz
    assert abs(truth - chain_rule) < 0.005               # the chain rule is good enough here
    for guess in (truth, chain_rule, 0.046, 0.054):
        assert_correct(capsys, nb01.nudge_prediction, guess)
    assert_hint(capsys, nb01.nudge_prediction, 0.025, "x1")                 # the input forgotten
    assert_hint(capsys, nb01.nudge_prediction, 0.2, "change of z")          # the slope forgotten
    assert_hint(capsys, nb01.nudge_prediction, 1 / (1 + np.exp(-0.2)), "new output")
    assert_hint(capsys, nb01.nudge_prediction, 0.1, "lower")
    assert_hint(capsys, nb01.nudge_prediction, 0.01, "higher")
    assert_hint(capsys, nb01.nudge_prediction, -0.05, "sign")
    assert_hint(capsys, nb01.nudge_prediction, None, "replace None")


def plain_loss(alpha, epochs):
    """½·SSE of the figure-1 neuron after ``epochs`` full-batch steps of the plain loop at ``alpha``."""
    X, y = nb02.X1, nb02.Y1
    w = 2 * np.random.RandomState(1).random_sample((3, 1)) - 1
    for _ in range(epochs):
        a = 1 / (1 + np.exp(-(X @ w)))
        w -= alpha * X.T @ ((a - y) * a * (1 - a))
    return 0.5 * float(np.sum((1 / (1 + np.exp(-(X @ w))) - y) ** 2))


def test_02_rate_prediction(capsys):
    truth = plain_loss(3.0, 1_000)
    assert abs(truth - nb02.final_loss(3.0, 1_000)) < 1e-12
    assert abs(plain_loss(1.0, 3_000) / truth - 1) < 0.01       # α × epochs is what counts, here
    for guess in (truth, plain_loss(1.0, 3_000), 1.2 * truth, 0.8 * truth):
        assert_correct(capsys, nb02.rate_prediction, guess)
    low, high = plain_loss(1.0, 1_000), plain_loss(10.0, 1_000)
    assert_hint(capsys, nb02.rate_prediction, low, "loss at α = 1")
    assert_hint(capsys, nb02.rate_prediction, high, "loss at α = 10")
    assert_hint(capsys, nb02.rate_prediction, low + 2 / 9 * (high - low), "straight-line", "log scale")
    assert_hint(capsys, nb02.rate_prediction, 1.3 * truth, "lower")
    assert_hint(capsys, nb02.rate_prediction, 0.7 * truth, "higher")
    assert_hint(capsys, nb02.rate_prediction, 0.01, "lower", "factor between 10 and 100")
    assert_hint(capsys, nb02.rate_prediction, None, "replace None", "within 25%")
