"""Seeded weights: the tutorials' legacy draws and nnlib's own start."""

import numpy as np

from nnlib.weights import legacy_draws, random_parameters


def test_legacy_symmetric_draw_matches_np_random_seed():
    np.random.seed(1)
    expected = 2 * np.random.random((3, 1)) - 1
    (W,) = legacy_draws(1, [(3, 1)], "symmetric")
    np.testing.assert_array_equal(W, expected)
    np.testing.assert_allclose(W.ravel(), [-0.16595599, 0.44064899, -0.99977125], atol=5e-9)


def test_legacy_draws_come_in_order_and_shape():
    np.random.seed(1)
    expected = [np.random.randn(2, 3), np.random.randn(3, 1), np.random.randn(4)]
    got = legacy_draws(1, [(2, 3), (3, 1), (4,)], "normal")
    for e, g in zip(expected, got):
        np.testing.assert_array_equal(g, e)
    np.random.seed(27)
    expected = [np.random.random((3, 2)), np.random.random((3, 1))]
    for e, g in zip(expected, legacy_draws(27, [(3, 2), (3, 1)], "uniform")):
        np.testing.assert_array_equal(g, e)


def test_legacy_draws_leave_the_global_generator_alone():
    np.random.seed(5)
    before = np.random.get_state()[1].copy()
    legacy_draws(1, [(3, 3)], "normal")
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_random_parameters_are_reproducible_and_shaped():
    W1, b1 = random_parameters([3, 4, 1], seed=7)
    W2, b2 = random_parameters([3, 4, 1], seed=7)
    assert [w.shape for w in W1] == [(3, 4), (4, 1)] and [b.shape for b in b1] == [(4,), (1,)]
    for a, b in zip(W1 + b1, W2 + b2):
        np.testing.assert_array_equal(a, b)
    W3, _ = random_parameters([3, 4, 1], seed=8)
    assert not np.array_equal(W1[0], W3[0])
    W, b = random_parameters([2, 2, 1], seed=0, bias=False)
    assert b is None


def test_random_parameters_are_standard_normal():
    weights, _ = random_parameters([200, 500], seed=0)
    assert abs(weights[0].mean()) < 0.01 and abs(weights[0].std() - 1) < 0.01
