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


def test_nan_gradients_fail_the_check_and_say_which_entry():
    """Regression (issue 9, bug 1): a NaN scale made relative_error 0.0, so NaN gradients passed."""
    net = Network([2, 2, 1], seed=0)
    X, y = [[0.0, 1.0], [1.0, 1.0]], [[1.0], [0.0]]
    grads = net.gradients(X, y)
    grads.weights[0][1, 0] = np.nan
    result = check_gradients(net, X, y, gradients=grads)
    assert not result.passed()
    assert np.isnan(result.max_relative_error)
    assert result.non_finite == ["analytic ∂L/∂weights[0], entry (1, 0), is nan"]


def test_a_nan_in_a_later_array_also_fails():
    # Python's max() keeps a NaN only when it comes first; the worst error must be NaN wherever it is.
    net = Network([2, 2, 1], seed=0)
    X, y = [[0.0, 1.0], [1.0, 1.0]], [[1.0], [0.0]]
    grads = net.gradients(X, y)
    grads.biases[1][0] = np.nan
    result = check_gradients(net, X, y, gradients=grads)
    assert not result.passed() and np.isnan(result.max_relative_error)
    assert result.non_finite == ["analytic ∂L/∂biases[1], entry (0,), is nan"]      # named by its list index
    grads.biases[1][0], grads.biases[0][1] = 0.0, np.inf                             # the first bias array
    assert check_gradients(net, X, y, gradients=grads).non_finite == ["analytic ∂L/∂biases[0], entry (1,), is inf"]


def test_the_check_keeps_the_gradients_it_was_given_and_nudges_by_eps():
    net = Network([2, 2, 1], seed=0)
    X, y = [[0.0, 1.0], [1.0, 1.0]], [[1.0], [0.0]]
    ours = net.gradients(X, y)
    result = check_gradients(net, X, y, gradients=ours)
    assert all(a is g or np.array_equal(a, g) for a, g in zip(result.analytic, ours.as_list()))
    # a central difference's error grows like eps²: eps = 0.5 is visibly worse than the default 1e-6
    rough = check_gradients(net, X, y, eps=0.5)
    assert rough.max_relative_error > 1e3 * result.max_relative_error


def test_gradients_entirely_nan_fail():
    net = Network([2, 2, 1], seed=0)
    X, y = [[0.0, 1.0]], [[1.0]]
    grads = net.gradients(X, y)
    nan_grads = type(grads)([np.full_like(w, np.nan) for w in grads.weights],
                            [np.full_like(b, np.nan) for b in grads.biases])
    result = check_gradients(net, X, y, gradients=nan_grads)
    assert not result.passed(tolerance=1.0)
    assert len(result.non_finite) == 4 + 2 + 2 + 1         # every entry of W¹, W², b¹, b²


def test_relative_error_of_a_non_finite_array_is_nan():
    assert np.isnan(relative_error([np.nan, 1.0], [1.0, 1.0]))
    assert np.isnan(relative_error([np.inf], [1.0]))
    assert not relative_error([np.nan], [np.nan]) < 1e-6


def test_nan_eps_is_refused():
    """Regression (issue 9, bug 1): eps=float('nan') made every numeric gradient NaN, and the check passed."""
    net = Network([2, 2, 1], seed=0)
    with pytest.raises(ValueError, match="eps must be a finite number greater than 0, got nan"):
        check_gradients(net, [[0.0, 1.0]], [[1.0]], eps=float("nan"))


def test_numerical_gradient_refuses_integer_arrays():
    """Regression (issue 9, bug 3): p = [1, 2, 3] as ints gave [500000 1500000 2500000]."""
    p = np.array([1, 2, 3])
    with pytest.raises(TypeError, match=r"p must be a numpy array of floats .* got an array of shape \(3,\) "
                                         r"and dtype int64; use p = p.astype\(float\)"):
        numerical_gradient(lambda: float(np.sum(p ** 2)), p)
    q = p.astype(float)
    np.testing.assert_allclose(numerical_gradient(lambda: float(np.sum(q ** 2)), q), [2, 4, 6], rtol=1e-8)
