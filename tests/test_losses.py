"""Losses: the four conventions, their factors, and gradients equal to finite differences."""

import numpy as np
import pytest

from nnlib import losses

Y_HAT = np.array([[0.2], [0.9], [0.6], [0.1]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def test_values_by_hand():
    squares = (0.2**2 + 0.1**2 + 0.4**2 + 0.1**2)
    assert losses.sse(Y_HAT, Y) == pytest.approx(squares)
    assert losses.half_sse(Y_HAT, Y) == pytest.approx(squares / 2)
    assert losses.mse(Y_HAT, Y) == pytest.approx(squares / 4)
    assert losses.mae(Y_HAT, Y) == pytest.approx((0.2 + 0.1 + 0.4 + 0.1) / 4)


def test_n_counts_every_entry_of_a_several_output_target():
    # Two outputs for two examples: N = 2 · 2 = 4 entries, not the 2 examples.
    y_hat, y = np.array([[0.5, 1.0], [0.0, 0.2]]), np.array([[0.0, 1.0], [0.0, 0.0]])
    assert losses.mse(y_hat, y) == pytest.approx((0.25 + 0.04) / 4)
    np.testing.assert_allclose(losses.mse_gradient(y_hat, y), 2 * (y_hat - y) / 4)


def test_factors_between_conventions():
    assert losses.sse_gradient(Y_HAT, Y) == pytest.approx(2 * losses.half_sse_gradient(Y_HAT, Y))
    assert losses.mse_gradient(Y_HAT, Y) == pytest.approx(losses.sse_gradient(Y_HAT, Y) / 4)


@pytest.mark.parametrize("name", ["half_sse", "sse", "mse", "mae"])
def test_gradient_equals_finite_difference(name):
    loss = losses.get_loss(name)
    y_hat, eps = Y_HAT.copy(), 1e-6
    numeric = np.zeros_like(y_hat)
    for i in range(len(y_hat)):
        up, down = y_hat.copy(), y_hat.copy()
        up[i] += eps
        down[i] -= eps
        numeric[i] = (loss.value(up, Y) - loss.value(down, Y)) / (2 * eps)
    np.testing.assert_allclose(loss.gradient(y_hat, Y), numeric, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("name", ["half_sse", "sse", "mse", "mae"])
def test_a_stack_gives_one_loss_per_seed(name):
    loss = losses.get_loss(name)
    stack = np.stack([Y_HAT, Y_HAT * 0.5, Y])
    np.testing.assert_allclose(loss.value(stack, Y), [loss.value(s, Y) for s in stack])


def test_unknown_loss_lists_the_choices():
    with pytest.raises(ValueError, match="unknown loss 'cross_entropy'.*'mse'"):
        losses.get_loss("cross_entropy")


@pytest.mark.parametrize("name", ["half_sse", "sse", "mse", "mae"])
def test_a_flat_target_is_refused_not_broadcast(name):
    """Regression (issue 9, bug 5): ŷ (N, 1) against y (N,) broadcast to (N, N): mse of a perfect fit was 1.0."""
    loss = losses.get_loss(name)
    perfect = np.array([[0.0], [1.0], [1.0], [0.0]])
    with pytest.raises(ValueError, match=r"y_hat and y must have the same shape .* got y_hat \(4, 1\) and y \(4,\)"):
        loss.value(perfect, perfect.ravel())
    with pytest.raises(ValueError, match=r"got y_hat \(4, 1\) and y \(4,\)"):
        loss.gradient(perfect, perfect.ravel())
    assert loss.value(perfect, perfect) == 0.0


def test_complex_predictions_are_refused():
    with pytest.raises(TypeError, match=r"y_hat must hold real numbers, got complex numbers"):
        losses.mse(Y_HAT + 1j, Y)
