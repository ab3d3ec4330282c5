"""Data sets and scaling."""

import numpy as np
import pytest

from nnlib import MaxScaler, gate, noisy_gate, study_sleep_score, xor


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
    with pytest.raises(ValueError, match="column\\(s\\) \\[1\\] are all zero"):
        MaxScaler.fit([[1.0, 0.0], [2.0, 0.0]])
