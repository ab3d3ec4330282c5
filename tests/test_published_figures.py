"""The published figures of curriculum.md, reproduced with nnlib to the printed digits.

Each test follows the recipe the original tutorial ran (seed, draw, data, loss
convention, number of updates) and compares with the numbers it printed.
"""

import numpy as np
import pytest

from nnlib import (MaxScaler, Network, legacy_draws, sigmoid, study_sleep_score, toy_first_input, toy_neuron,
                   toy_xor3, train, xor)
from nnlib.xor221 import gradients_by_name, hidden_table, output_unit_table, tutorial_start, xor_network
from nncourse import tutorial_bugs
from nncourse.exercises import nb04b


# Figure 4 of curriculum.md as published (8 decimals, trailing zeros dropped as printed): the one place
# these digits are typed in; tests/test_stepper.py and tests/test_exercises_05_06.py import them.
FIGURE4_W = {"w1": "0.42572141", "w2": "0.73539729", "w3": "0.38338077", "w4": "0.81458374",
             "w5": "0.8680032", "w6": "0.97945663", "w7": "0.89319435", "w8": "0.20971517",
             "w9": "0.74182765"}
FIGURE4_Y_HAT = ["0.82261865", "0.84215617", "0.84269835", "0.85314043"]     # (0,0) (0,1) (1,0) (1,1)
FIGURE4_H = {"h1": "0.60485152", "h2": "0.69308541"}                          # for (0, 0)
FIGURE4_GRADIENTS = {"w7": "0.24006843", "w8": "0.14520575", "w9": "0.16638793", "w1": "0.01203300",
                     "w4": "0.03788282", "w2": "0", "w3": "0", "w5": "0", "w6": "0"}   # (0, 0) alone, E = (y − ŷ)²


def digits(value, places):
    """Round to the printed number of decimal places."""
    return np.round(np.asarray(value, dtype=float), places)


def test_figure_1_single_neuron():
    X, y = toy_neuron()
    (start,) = legacy_draws(1, [(3, 1)], "symmetric")
    np.testing.assert_array_equal(digits(start.ravel(), 8), [-0.16595599, 0.44064899, -0.99977125])
    net = Network.from_weights([start])           # no bias
    train(net, X, y, epochs=10000, learning_rate=1.0, loss="half_sse")
    np.testing.assert_array_equal(digits(net.weights[0].ravel(), 8), [9.67299303, -0.2078435, -4.62963669])
    assert digits(net.predict([[1, 0, 0]])[0, 0], 8) == 0.99993704


def test_figure_2_same_neuron_other_data():
    X, y = toy_first_input()
    net = Network.from_weights(legacy_draws(1, [(3, 1)], "symmetric"))
    # The tutorial printed the output of its last forward pass, which comes
    # before its last update: that is the network after 9,999 updates.
    train(net, X, y, epochs=9999, learning_rate=1.0, loss="half_sse")
    np.testing.assert_array_equal(digits(net.predict(X).ravel(), 8),
                                  [0.00966449, 0.00786506, 0.99358898, 0.99211957])


def test_figure_3_three_four_one_network():
    X, y = toy_xor3()
    net = Network.from_weights(legacy_draws(1, [(3, 4), (4, 1)], "symmetric"))
    history = train(net, X, y, epochs=59999, learning_rate=1.0, loss="half_sse", recorded_loss="mae")
    assert history.losses[0] == pytest.approx(0.4964100319027255, abs=1e-12)   # any processor: 1e-12
    np.testing.assert_array_equal(digits(net.predict(X).ravel(), 8),
                                  [0.00260572, 0.99672209, 0.99701711, 0.00386759])


def test_figure_4_xor_worked_by_hand():
    w = tutorial_start()
    np.testing.assert_array_equal(digits(w, 8), [float(FIGURE4_W[f"w{k}"]) for k in range(1, 10)])
    net = xor_network(w)
    X, y = xor()
    np.testing.assert_array_equal(digits(net.predict(X).ravel(), 8), [float(v) for v in FIGURE4_Y_HAT])
    np.testing.assert_array_equal(digits(hidden_table(net, X[:1]).ravel(), 8), [float(v) for v in FIGURE4_H.values()])
    grads = gradients_by_name(net.gradients(X[:1], y[:1], loss="sse"))   # E = (y − ŷ)² for (0,0)
    for name, value in FIGURE4_GRADIENTS.items():
        assert digits(grads[name], 8) == float(value), name


def test_figure_5_training_the_221_network_online():
    X, y = xor()
    net = xor_network(tutorial_start())
    history = train(net, X, y, epochs=10000, learning_rate=0.6, loss="sse", mode="online",
                    recorded_loss="mse", stop_below=0.001)
    assert history.epochs_run == 1615 and history.stopped_early
    hidden = hidden_table(net, X)
    np.testing.assert_array_equal(digits(hidden[:, 0], 3), [0.001, 0.093, 0.094, 0.879])   # h1: AND-like
    np.testing.assert_array_equal(digits(hidden[:, 1], 3), [0.065, 0.969, 0.971, 1.000])   # h2: OR-like
    binary = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    out = output_unit_table(net, binary).ravel()
    np.testing.assert_array_equal(digits(out[:2], 2), [0.02, 0.99])
    np.testing.assert_array_equal(digits(out[2:], 3), [0.000, 0.011])                     # h2 and not h1


def test_figure_5_is_not_reached_by_full_batch_training():
    X, y = xor()
    for rate in (0.6, 2.4):
        net = xor_network(tutorial_start())
        history = train(net, X, y, epochs=10000, learning_rate=rate, loss="sse", recorded_loss="mse", stop_below=0.001)
        assert history.epochs_run != 1615
        assert not np.array_equal(digits(hidden_table(net, X)[:, 0], 3), [0.001, 0.093, 0.094, 0.879])


def test_figure_6_is_printed_only_with_both_bugs():
    run = tutorial_bugs.figure6_run(1000)
    assert run[0] == pytest.approx(0.5013730688788007, abs=1e-12)       # what any processor reproduces
    assert run[1000] == pytest.approx(0.4664830127093482, abs=1e-12)    # (notebook 04b: 12 digits, not 17)
    for slope_bug, axis_bug in ((True, False), (False, True), (False, False)):
        other = tutorial_bugs.figure6_run(1000, slope_bug=slope_bug, axis_bug=axis_bug)
        assert other[0] == run[0]
        assert abs(other[1000] - 0.4664830127093482) > 1e-2


def test_figure_7_errors_in_a_hand_calculation():
    x = np.array([[2.0, 9.0]])
    z1 = x @ nb04b.BOOK_HIDDEN
    np.testing.assert_allclose(z1, [[7.6, 3.9, 6.5]])
    assert f"{sigmoid(7.5):.9f}" == "0.999447221"
    assert f"{1 / sigmoid(7.5):.9f}" == "1.000553084"          # the book's S(7.5) is σ's denominator
    assert f"{nb04b.book_output(x=x):.4f}" == "0.8567"
    book = z1.copy()
    book[0, 1] = 7.5
    assert round(float(sigmoid(sigmoid(book) @ nb04b.BOOK_OUTPUT)[0, 0]), 3) == 0.858


def test_figure_8_regression_on_scaled_data():
    X_raw, y_raw = study_sleep_score()
    x_scaler = MaxScaler.fit(X_raw)
    X, y = x_scaler.transform(X_raw), y_raw / 100
    net = Network.from_weights(legacy_draws(1, [(2, 3), (3, 1)], "normal"))   # randn, no bias
    train(net, X, y, epochs=1000, learning_rate=1.0, loss="half_sse")
    assert f"{net.loss(X, y, 'mse'):.6e}" == "3.557361e-04"
    prediction = net.predict(x_scaler.transform([[4, 8]]))[0, 0]
    assert digits(prediction, 8) == 0.91963205
    assert round(prediction * 100) == 92
