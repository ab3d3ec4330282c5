"""Finite differences themselves, and the relative error."""

import numpy as np
import pytest

from nnlib import Network, check_gradients, numerical_gradient, relative_error


def test_numerical_gradient_of_a_known_function():
    p = np.array([1.0, -2.0, 0.5])
    grad = numerical_gradient(lambda: float(np.sum(p ** 3)), p)
    np.testing.assert_allclose(grad, 3 * np.array([1.0, 4.0, 0.25]), rtol=1e-8)
    np.testing.assert_array_equal(p, [1.0, -2.0, 0.5])      # put back unchanged


def test_relative_error_is_scale_free():
    a = np.array([1.0, 2.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(1e-6 * a, 1e-6 * a * 1.01) == pytest.approx(relative_error(a, a * 1.01))
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


def test_check_leaves_the_network_unchanged():
    net = Network([2, 3, 1], seed=0)
    before = [p.copy() for p in net.parameter_list()]
    result = check_gradients(net, [[0.0, 1.0], [1.0, 1.0]], [[1.0], [0.0]])
    for a, b in zip(before, net.parameter_list()):
        np.testing.assert_array_equal(a, b)
    assert result.passed() and len(result.numeric) == 4


def test_a_missing_factor_two_is_caught():
    net = Network([2, 2, 1], seed=1)
    X, y = [[0.0, 1.0], [1.0, 0.0]], [[1.0], [1.0]]
    halved = net.gradients(X, y, loss="half_sse")                  # gradients of ½·SSE …
    result = check_gradients(net, X, y, loss="sse", gradients=halved)  # … checked against SSE
    assert result.max_relative_error == pytest.approx(1 / 3, rel=1e-6)
    assert not result.passed()
