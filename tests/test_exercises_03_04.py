"""The exercise checks of notebooks 03, 04 and 04b, and the facts those notebooks state.

Every check must say "correct" for the right answer, and for each typical
wrong answer (a flipped sign, a missing slope, a factor 2, the wrong axis, a
forgotten scaling, …) a hint that names what is off. No check may raise,
whatever it is given.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nnlib import (Network, gate, legacy_draws, mse, sigmoid, sigmoid_slope_from_z, toy_xor3, train, xor)
from nncourse.exercises import nb03, nb04, nb04b
from exercise_checks import assert_correct, assert_hint


# --- 03 ----------------------------------------------------------------------------------

def test_03_equivalent_rate(capsys):
    assert_correct(capsys, nb03.equivalent_rate, 0.6)
    assert_correct(capsys, nb03.equivalent_rate, np.float64(0.02 * 30))
    assert_hint(capsys, nb03.equivalent_rate, 0.02 / 30, "other way round")
    assert_hint(capsys, nb03.equivalent_rate, 1.2, "factor 2 too big")
    assert_hint(capsys, nb03.equivalent_rate, 0.3, "factor 2 too small")
    assert_hint(capsys, nb03.equivalent_rate, 0.02, "30 times smaller")
    assert_hint(capsys, nb03.equivalent_rate, 5.0, "too big")
    assert_hint(capsys, nb03.equivalent_rate, 0.599, "close")


def test_03_equivalent_rate_really_gives_the_same_steps():
    rng = np.random.default_rng(0)
    X, y = rng.random((nb03.N_EXAMPLES, 2)), rng.integers(0, 2, (nb03.N_EXAMPLES, 1)).astype(float)
    ends = []
    for loss, rate in (("sse", nb03.SSE_RATE), ("mse", nb03.SSE_RATE * nb03.N_EXAMPLES)):
        net = Network([2, 1], seed=0)
        train(net, X, y, loss=loss, learning_rate=rate, epochs=50)
        ends.append(net.weights[0])
    np.testing.assert_allclose(ends[0], ends[1], rtol=1e-12)


def practice_loss(w, b):
    return float(mse(sigmoid(nb03.PRACTICE_X * w + b), nb03.PRACTICE_Y))


def test_03_central_difference(capsys):
    eps, w, b = nb03.EPS, nb03.W2, nb03.B2
    central = (practice_loss(w, b + eps) - practice_loss(w, b - eps)) / (2 * eps)
    true = Network.from_weights([[[w]]], [[b]]).gradients(nb03.PRACTICE_X, nb03.PRACTICE_Y, "mse").biases[0][0]
    assert central == pytest.approx(true, abs=1e-10)
    assert_correct(capsys, nb03.central_difference, central)
    assert_correct(capsys, nb03.central_difference, true)
    assert_hint(capsys, nb03.central_difference, 2 * central, "2ε")
    assert_hint(capsys, nb03.central_difference, -central, "sign")
    d_w = Network.from_weights([[[w]]], [[b]]).gradients(nb03.PRACTICE_X, nb03.PRACTICE_Y, "mse").weights[0][0, 0]
    assert_hint(capsys, nb03.central_difference, d_w, "slope for w")
    one_sided = (practice_loss(w, b + eps) - practice_loss(w, b)) / eps
    assert_hint(capsys, nb03.central_difference, one_sided, "one-sided")
    assert_hint(capsys, nb03.central_difference, 0.5, "wrong sign")
    backward = (practice_loss(w, b) - practice_loss(w, b - eps)) / eps
    assert_hint(capsys, nb03.central_difference, backward, "one-sided")
    assert_hint(capsys, nb03.central_difference, round(central, 5), "rounded to 4", "asks for 8")


def test_03_fixed_gradient(capsys):
    X, y, w, b = nb03.X3, nb03.Y3, nb03.W3, nb03.B3
    right = Network.from_weights([w], [b]).gradients(X, y, loss="half_sse").weights[0]
    assert np.all(np.abs(right) > 1e-3), "every entry of the exercise's gradient should be clearly non-zero"
    assert_correct(capsys, nb03.fixed_gradient, right)
    assert_correct(capsys, nb03.fixed_gradient, right.tolist())
    a = sigmoid(X @ w + b)
    assert_hint(capsys, nb03.fixed_gradient, X.T @ ((a - y) * sigmoid_slope_from_z(a)), "still the buggy", "a(1 − a)")
    assert_hint(capsys, nb03.fixed_gradient, -right, "sign")
    assert_hint(capsys, nb03.fixed_gradient, 2 * right, "SSE")
    assert_hint(capsys, nb03.fixed_gradient, right / 2, "MSE")
    assert_hint(capsys, nb03.fixed_gradient, X.T @ (a - y), "slope")
    assert_hint(capsys, nb03.fixed_gradient, right.T, "transposed")
    assert_hint(capsys, nb03.fixed_gradient, right.ravel(), "shape (2, 1)")


def test_03_the_buggy_gradient_of_exercise_3_fails_a_gradient_check():
    from nnlib import Gradients, check_gradients
    X, y, w, b = nb03.X3, nb03.Y3, nb03.W3, nb03.B3
    a = sigmoid(X @ w + b)
    delta = (a - y) * sigmoid_slope_from_z(a)
    buggy = Gradients([X.T @ delta], [delta.sum(axis=0)])
    assert not check_gradients(Network.from_weights([w], [b]), X, y, "half_sse", gradients=buggy).passed()


def separable_tables() -> int:
    """How many of the 16 truth tables on the four corners some line separates (a threshold unit computes).

    Weights in {−1, 0, 1} and a threshold in {±0.5, ±1.5} are enough for every
    linearly separable function of two inputs, so a search over them finds all.
    """
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    found = {tuple(int(v) for v in (corners @ [w1, w2] + b > 0))
             for w1 in (-1, 0, 1) for w2 in (-1, 0, 1) for b in (-1.5, -0.5, 0.5, 1.5)}
    return len(found)


def test_03_gate_count(capsys):
    count = separable_tables()
    assert count == 16 - 2                      # all but XOR and XNOR
    assert_correct(capsys, nb03.gate_count, count)
    assert_correct(capsys, nb03.gate_count, float(count))
    assert_correct(capsys, nb03.gate_count, np.int64(count))
    assert_hint(capsys, nb03.gate_count, 16, "not all")
    assert_hint(capsys, nb03.gate_count, 15, "XNOR")
    assert_hint(capsys, nb03.gate_count, 16 - count, "cannot")
    assert_hint(capsys, nb03.gate_count, 3, "every possible truth table")
    assert_hint(capsys, nb03.gate_count, 13.5, "whole number")
    assert_hint(capsys, nb03.gate_count, count - 4, "too small")
    assert_hint(capsys, nb03.gate_count, count - 1, "one too few")


def test_03_the_trained_gate_count_is_the_separable_count():
    assert nb03.learnable_gates() == separable_tables()


def test_03_exactly_xor_and_xnor_are_not_learned():
    corners = gate("and")[0]
    failed = []
    for targets in itertools.product((0.0, 1.0), repeat=4):
        y = np.array(targets).reshape(4, 1)
        net = Network([2, 1], seed=0)
        train(net, corners, y, epochs=nb03.GATE_EPOCHS, learning_rate=nb03.GATE_RATE, loss="mse")
        if not np.all((net.predict(corners) >= 0.5) == (y == 1)):
            failed.append(targets)
    assert failed == [(0.0, 1.0, 1.0, 0.0), (1.0, 0.0, 0.0, 1.0)]


def test_03_one_neuron_on_xor_sits_on_the_fence():
    X, y = xor()
    net = Network([2, 1], seed=0)
    history = train(net, X, y, loss="mse", learning_rate=10.0, epochs=1000)
    np.testing.assert_allclose(net.predict(X), 0.5, atol=1e-4)
    assert history.final_loss == pytest.approx(0.25, abs=1e-6)


# --- 04 ----------------------------------------------------------------------------------

def test_04_hidden_gradient(capsys):
    X, y, W1, W2 = nb04.X1, nb04.Y1, nb04.W1_HIDDEN, nb04.W1_OUTPUT
    grads = Network.from_weights([W1, W2]).gradients(X, y, loss="half_sse")
    right = grads.weights[0]
    assert_correct(capsys, nb04.hidden_gradient, right)
    assert_hint(capsys, nb04.hidden_gradient, right.T, "transposed")
    assert_hint(capsys, nb04.hidden_gradient, -right, "sign")
    assert_hint(capsys, nb04.hidden_gradient, 2 * right, "SSE")
    assert_hint(capsys, nb04.hidden_gradient, right / 2, "MSE")
    assert_hint(capsys, nb04.hidden_gradient, grads.weights[1], "∂L/∂W²")
    a1 = sigmoid(X @ W1)
    a2 = sigmoid(a1 @ W2)
    d2 = (a2 - y) * sigmoid_slope_from_z(a2)
    wrong_slopes = X.T @ ((d2 @ W2.T) * sigmoid_slope_from_z(a1))
    assert_hint(capsys, nb04.hidden_gradient, wrong_slopes, "σ'(a)")
    d2 = (a2 - y) * a2 * (1 - a2)
    assert_hint(capsys, nb04.hidden_gradient, X.T @ (d2 @ W2.T), "hidden layer's slope")
    assert_hint(capsys, nb04.hidden_gradient, X.T @ (((a2 - y) @ W2.T) * a1 * (1 - a1)), "output's slope")


def test_04_hidden_bias_gradient(capsys):
    delta = nb04.DELTA_HIDDEN
    assert_correct(capsys, nb04.hidden_bias_gradient, delta.sum(axis=0))
    assert_correct(capsys, nb04.hidden_bias_gradient, list(delta.sum(axis=0)))
    assert_hint(capsys, nb04.hidden_bias_gradient, delta.sum(axis=1), "wrong axis")
    assert_hint(capsys, nb04.hidden_bias_gradient, delta.mean(axis=1), "wrong axis")
    assert_hint(capsys, nb04.hidden_bias_gradient, delta.sum(axis=1, keepdims=True), "wrong axis")
    assert_hint(capsys, nb04.hidden_bias_gradient, delta.sum(axis=0, keepdims=True), "shape (3,)")
    assert_hint(capsys, nb04.hidden_bias_gradient, delta.mean(axis=0), "mean")
    assert_hint(capsys, nb04.hidden_bias_gradient, delta.sum(), "shape")


def plain_updates(X, y, W1, W2, steps):
    """``steps`` full-batch updates of a bias-free 2-3-1 sigmoid network, α = 1 on ½·SSE: (W1, W2)."""
    for _ in range(steps):
        a1 = 1 / (1 + np.exp(-(X @ W1)))
        y_hat = 1 / (1 + np.exp(-(a1 @ W2)))
        d2 = (y_hat - y) * y_hat * (1 - y_hat)
        d1 = (d2 @ W2.T) * a1 * (1 - a1)
        W2 = W2 - a1.T @ d2
        W1 = W1 - X.T @ d1
    return W1, W2


def figure8_plain():
    """The figure-8 run in plain numpy, as curriculum.md's recipe 8 describes it: (W1, W2, maxima)."""
    X = np.array([[2.0, 9.0], [1.0, 5.0], [3.0, 6.0]])
    y = np.array([[92.0], [86.0], [89.0]]) / 100
    maxima = X.max(axis=0)
    X = X / maxima
    generator = np.random.RandomState(1)
    W1, W2 = plain_updates(X, y, generator.randn(2, 3), generator.randn(3, 1), 1000)
    return W1, W2, maxima


def plain_predict(W1, W2, x):
    return (1 / (1 + np.exp(-((1 / (1 + np.exp(-(x @ W1)))) @ W2))))[0, 0]


def test_04_new_student(capsys):
    W1, W2, maxima = figure8_plain()
    assert plain_predict(W1, W2, np.array([[4.0, 8.0]]) / maxima) == pytest.approx(0.91963205, abs=1e-8)  # published
    right = 100 * plain_predict(W1, W2, np.array([[3.0, 7.0]]) / maxima)
    assert_correct(capsys, nb04.new_student, right)
    assert_correct(capsys, nb04.new_student, round(right, 2), rounded=True)
    assert_hint(capsys, nb04.new_student, right / 100, "undo")
    assert_hint(capsys, nb04.new_student, 100 * plain_predict(W1, W2, np.array([[3.0, 7.0]])), "not scaled")
    assert_hint(capsys, nb04.new_student, plain_predict(W1, W2, np.array([[3.0, 7.0]])), "not scaled")
    assert_hint(capsys, nb04.new_student, 100 * plain_predict(W1, W2, np.array([[1.0, 1.0]])), "own maxima")
    assert_hint(capsys, nb04.new_student, round(right), "rounded to 2 significant digits")
    assert_hint(capsys, nb04.new_student, right + 1, "too big")


# --- facts the notebooks print -------------------------------------------------------------

def test_04_figure3_plain_loop_and_nnlib_agree_after_10000_updates():
    X, y = toy_xor3()
    W1, W2 = legacy_draws(1, [(3, 4), (4, 1)], "symmetric")
    for _ in range(10_000):
        a1 = 1 / (1 + np.exp(-(X @ W1)))
        y_hat = 1 / (1 + np.exp(-(a1 @ W2)))
        d2 = (y_hat - y) * y_hat * (1 - y_hat)
        d1 = (d2 @ W2.T) * a1 * (1 - a1)
        W2 -= a1.T @ d2
        W1 -= X.T @ d1
    net = Network.from_weights(legacy_draws(1, [(3, 4), (4, 1)], "symmetric"))
    train(net, X, y, loss="half_sse", learning_rate=1.0, epochs=10_000, recorded_loss="mae")
    np.testing.assert_allclose(net.weights[0], W1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(net.weights[1], W2, rtol=0, atol=1e-12)


# --- the predict-then-run exercises (03 exercise 5; 04b exercise 4 is below) ----------------------

def factor_relative_error(k: float) -> float:
    """|k g − g| / (|k g| + |g|) for a gradient g given k times: (|k − 1|)/(k + 1), derived by hand."""
    return abs(k - 1) / (abs(k) + 1)


def test_03_doubled_gradient_truth_is_one_third():
    assert nb03.doubled_gradient_check() == pytest.approx(factor_relative_error(2.0), abs=1e-6)   # 1/3


def test_03_doubled_gradient(capsys):
    third = factor_relative_error(2.0)
    assert_correct(capsys, nb03.doubled_gradient, third)
    assert_correct(capsys, nb03.doubled_gradient, 0.33)
    assert_correct(capsys, nb03.doubled_gradient, 0.35)                  # within the stated 0.03
    assert_hint(capsys, nb03.doubled_gradient, 0.5, "lower", "denominator")
    assert_hint(capsys, nb03.doubled_gradient, 0.25, "higher")
    assert_hint(capsys, nb03.doubled_gradient, 2.0, "never above 1")
    assert_hint(capsys, nb03.doubled_gradient, -0.3, "never negative")
    assert_hint(capsys, nb03.doubled_gradient, "0.33", "text")
    printed = assert_hint(capsys, nb03.doubled_gradient, 0.1, "higher")
    assert "0.33" not in printed and "1/3" not in printed


# --- 04b ---------------------------------------------------------------------------------------

def test_04b_book_check(capsys):
    right = Network.from_weights([nb04b.BOOK_HIDDEN, nb04b.BOOK_OUTPUT]).predict(nb04b.BOOK_INPUT)[0, 0]
    z1 = [1 * 0.2 + 5 * 0.8, 1 * 0.6 + 5 * 0.3, 1 * 0.1 + 5 * 0.7]            # by hand, as figure 7 does
    h = [1 / (1 + np.exp(-z)) for z in z1]
    assert right == pytest.approx(1 / (1 + np.exp(-(0.4 * h[0] + 0.5 * h[1] + 0.9 * h[2]))), abs=1e-12)
    assert_correct(capsys, nb04b.book_check, round(right, 4), rounded=True)
    assert_correct(capsys, nb04b.book_check, right)
    h = sigmoid(nb04b.BOOK_INPUT @ nb04b.BOOK_HIDDEN)
    assert_hint(capsys, nb04b.book_check, (h @ nb04b.BOOK_OUTPUT)[0, 0], "σ(z)")
    assert_hint(capsys, nb04b.book_check, sigmoid(nb04b.BOOK_INPUT @ nb04b.BOOK_HIDDEN @ nb04b.BOOK_OUTPUT)[0, 0],
                "hidden units")
    assert_hint(capsys, nb04b.book_check, nb04b.book_output(x=np.array([[2.0, 9.0]])), "(1, 5)")
    paired = np.array([[0.2, 0.1, 0.3], [0.6, 0.8, 0.7]])
    assert_hint(capsys, nb04b.book_check, nb04b.book_output(hidden=paired), "layout")


def test_04b_averaged_bias_truth_is_seven_ninths():
    # The bias gradients divided by N = 8: k = 1/8, so (1 − 1/8)/(1 + 1/8) = 7/9.
    assert len(nb04b.EIGHT_X) == 8
    assert nb04b.averaged_bias_error() == pytest.approx(factor_relative_error(1 / 8), abs=1e-6)
    assert factor_relative_error(1 / 4) == pytest.approx(0.6)          # figure 6's 0.60, with N = 4


def test_04b_averaged_bias(capsys):
    right = factor_relative_error(1 / 8)
    assert_correct(capsys, nb04b.averaged_bias, right)
    assert_correct(capsys, nb04b.averaged_bias, 0.8)
    assert_hint(capsys, nb04b.averaged_bias, 0.6, "figure 6", "8")
    assert_hint(capsys, nb04b.averaged_bias, 0.95, "lower")
    assert_hint(capsys, nb04b.averaged_bias, 0.5, "higher")
    assert_hint(capsys, nb04b.averaged_bias, 1.5, "never above 1")
    assert_hint(capsys, nb04b.averaged_bias, -0.7, "never negative")
    printed = assert_hint(capsys, nb04b.averaged_bias, 0.2, "higher")
    assert "0.78" not in printed and "7/9" not in printed


def test_04b_last_place(capsys):
    from nncourse.tutorial_bugs import figure6_start
    w = float(figure6_start()[0][0, 2])
    moved = w + 2e-16
    steps = 0
    x = w
    while x != moved:                                  # count the floats between, one np.nextafter at a time
        x = np.nextafter(x, moved)
        steps += 1
    assert steps == 2
    assert_correct(capsys, nb04b.last_place, steps)
    assert_hint(capsys, nb04b.last_place, 16, "digit")
    assert_hint(capsys, nb04b.last_place, 0, "did move")
    assert_hint(capsys, nb04b.last_place, 3, "too")
    assert_hint(capsys, nb04b.last_place, -steps, "wrong sign", "how many")    # the trial got "too small" here


def test_04b_bug1_alone(capsys):
    from nnlib import Gradients, check_gradients, relative_error
    from nncourse.tutorial_bugs import FIGURE6_X, FIGURE6_Y, figure6_start
    W1, W2, b1, b2 = figure6_start()
    X, y = FIGURE6_X, FIGURE6_Y
    # bug 1 alone, written out independently of tutorial_bugs: σ'(a) for the slope, sums over axis 0.
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    d2 = (a2 - y) * sigmoid_slope_from_z(a2)
    d1 = (d2 @ W2.T) * sigmoid_slope_from_z(a1)
    ours = Gradients([X.T @ d1, a1.T @ d2], [d1.sum(axis=0), d2.sum(axis=0)])
    net = Network.from_weights([W1, W2], [b1, b2])
    result = check_gradients(net, X, y, loss="half_sse", gradients=ours)
    right = relative_error(result.analytic[2], result.numeric[2])
    assert right > 1e-2
    assert_correct(capsys, nb04b.bug1_alone, right)
    assert_correct(capsys, nb04b.bug1_alone, round(right, 2), rounded=True)
    assert_hint(capsys, nb04b.bug1_alone, relative_error(result.analytic[0], result.numeric[0]), "W1")
    assert_hint(capsys, nb04b.bug1_alone, relative_error(result.analytic[3], result.numeric[3]), "b2")


# --- facts notebook 04 states about the regression of figure 8 ---------------------------------

def test_04_figure8_against_the_baseline_and_the_order():
    W1, W2, maxima = figure8_plain()
    X = np.array([[2.0, 9.0], [1.0, 5.0], [3.0, 6.0]]) / maxima
    y = np.array([[92.0], [86.0], [89.0]]) / 100
    predicted = np.array([[plain_predict(W1, W2, X[i:i + 1])] for i in range(3)])
    mse_net = float(np.mean((predicted - y) ** 2))
    mse_mean = float(np.mean((y - y.mean()) ** 2))          # by hand: (3² + 3² + 0²)/3 / 100² = 6e-4
    assert mse_mean == pytest.approx(6e-4)
    assert mse_net == pytest.approx(3.557361e-4, rel=1e-6)
    assert round(mse_net / mse_mean, 2) == 0.59               # "59% of the baseline's"
    assert list(np.argsort(y.ravel())) == [1, 2, 0]           # targets: student 2 < 3 < 1
    assert list(np.argsort(predicted.ravel())) == [1, 0, 2]   # predictions: 1 and 3 swapped


def test_04_figure8_trained_longer_memorises_the_three_students():
    W1, W2, maxima = figure8_plain()
    X = np.array([[2.0, 9.0], [1.0, 5.0], [3.0, 6.0]]) / maxima
    y = np.array([[92.0], [86.0], [89.0]]) / 100
    W1, W2 = plain_updates(X, y, W1, W2, 100_000)
    scores = 100 * (1 / (1 + np.exp(-((1 / (1 + np.exp(-(X @ W1)))) @ W2))))
    np.testing.assert_allclose(scores, 100 * y, atol=1e-3)
    new_student = 100 * plain_predict(W1, W2, np.array([[4.0, 8.0]]) / maxima)
    assert abs(new_student - 100 * 0.91963205) > 0.5           # "moved by a point"
