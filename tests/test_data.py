"""Data sets and scaling."""

import numpy as np
import pytest

from nnlib import (MaxScaler, gate, noisy_gate, practice_hours, study_sleep_score, toy_first_input, toy_neuron,
                   toy_xor3, xor)


def test_gates():
    X, y = xor()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y.ravel(), [0, 1, 1, 0])
    np.testing.assert_array_equal(gate("and")[1].ravel(), [0, 0, 0, 1])
    np.testing.assert_array_equal(gate("or")[1].ravel(), [0, 1, 1, 1])
    X[0, 0] = 9                              # a copy: the next call is clean
    assert xor()[0][0, 0] == 0


def test_noisy_gate_is_a_seeded_cloud_around_the_corners():
    X, y = noisy_gate("and", points_per_corner=50, noise=0.1, seed=3)
    assert X.shape == (200, 2) and y.shape == (200, 1)
    np.testing.assert_array_equal(X, noisy_gate("and", 50, 0.1, seed=3)[0])
    np.testing.assert_allclose(X[150:].mean(axis=0), [1, 1], atol=0.05)
    assert y[150:].all() and not y[:150].any()


def test_scaling_and_undoing_it():
    X, _ = study_sleep_score()
    scaler = MaxScaler.fit(X)
    np.testing.assert_array_equal(scaler.scale, [3, 9])
    scaled = scaler.transform(X)
    assert scaled.max() == 1.0
    np.testing.assert_allclose(scaler.inverse(scaled), X)
    np.testing.assert_allclose(scaler.transform([[4, 8]]), [[4 / 3, 8 / 9]])


def test_scaler_rejects_mismatched_columns_and_zero_columns():
    scaler = MaxScaler.fit([[1.0, 2.0]])
    with pytest.raises(ValueError, match="has 3 column\\(s\\) but this scaler was fitted on 2"):
        scaler.transform([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="column\\(s\\) \\[1\\] have \\[0.0\\]"):
        MaxScaler.fit([[1.0, 0.0], [2.0, 0.0]])


@pytest.mark.parametrize("scale,message", [
    ([3.0, 0.0], r"column\(s\) \[1\] have \[0.0\]"),
    ([-2.0, 9.0], r"column\(s\) \[0\] have \[-2.0\]"),
    ([np.nan, 9.0], r"column\(s\) \[0\] have \[nan\]"),
    ([[3.0, 9.0]], r"scale must be a 1-D array with one number per column, got shape \(1, 2\)"),
    ("39", r"scale must be an array of numbers, got str"),
])
def test_a_scaler_built_directly_checks_its_scale(scale, message):
    """Regression (issue 9, bug 6): MaxScaler(scale=[3, 0]).transform divided by zero."""
    error = TypeError if isinstance(scale, str) else ValueError
    with pytest.raises(error, match=message):
        MaxScaler(scale)


def test_a_scaler_built_directly_scales():
    scaler = MaxScaler([3, 9])
    np.testing.assert_array_equal(scaler.transform([[3.0, 4.5]]), [[1.0, 0.5]])


def test_practice_hours():
    from nnlib import practice_hours
    X, y = practice_hours()
    np.testing.assert_array_equal(X, [[1], [2], [3], [4]])
    np.testing.assert_array_equal(y, [[0.1], [0.3], [0.7], [0.9]])
    assert X.dtype == y.dtype == float


def test_noise_zero_puts_every_point_on_its_corner():
    X, y = noisy_gate("or", points_per_corner=3, noise=0, seed=1)
    np.testing.assert_array_equal(X, np.repeat([[0, 0], [0, 1], [1, 0], [1, 1]], 3, axis=0))


def test_noisy_gate_draws_from_seed_0_unless_told():
    np.testing.assert_array_equal(noisy_gate("xor")[0], noisy_gate("xor", seed=0)[0])
    assert not np.array_equal(noisy_gate("xor")[0], noisy_gate("xor", seed=1)[0])


@pytest.mark.parametrize("data_set", [lambda: gate("and"), xor, toy_neuron, toy_first_input, toy_xor3, study_sleep_score,
                                      practice_hours, lambda: noisy_gate("or", 2)])
def test_every_data_set_is_a_pair_of_float_arrays(data_set):
    """Float, not int: a learner who writes X[0, 0] = 0.5 into an int array gets 0, silently."""
    X, y = data_set()
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert X.ndim == 2 and y.ndim == 2 and len(X) == len(y)


def test_noisy_gate_defaults_are_25_points_per_corner_with_noise_0_15():
    X, y = noisy_gate("xor")
    assert X.shape == (100, 2) and y.shape == (100, 1)
    spread = (X - np.repeat(gate("xor")[0], 25, axis=0)).std()
    assert 0.12 < spread < 0.18                                  # standard deviation 0.15, from 200 draws
