"""Activations: values, the two ways of writing the slope, and a sigmoid that never warns."""

import math
import warnings

import numpy as np
import pytest

from nnlib import activations as act


def test_sigmoid_known_values():
    assert act.sigmoid(0.0) == 0.5
    np.testing.assert_allclose(act.sigmoid([-2.0, 2.0]), [1 / (1 + math.exp(2.0)), 1 / (1 + math.exp(-2.0))], rtol=1e-15)


@pytest.mark.parametrize("z", [-1e308, -1e4, -745.0, -700.0, -50.0, 0.0, 50.0, 1e4, 1e308])
def test_sigmoid_is_stable_for_any_finite_input(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            s = act.sigmoid(z)
            slope = act.sigmoid_slope_from_z(z)
    assert 0.0 <= s <= 1.0 and np.isfinite(slope)
    if z >= 50:
        assert s == 1.0
    if z <= -745:
        assert s < 1e-300


def test_sigmoid_clamps_z_at_minus_700():
    """The docstring clamps z to [−700, 700] before e^(−z): below −700 every z gives σ(−700)
    = 1 / (1 + e^700), not its own, smaller value. (At +700 the clamp changes no digit: σ is
    already exactly 1.0 there.)"""
    at_clamp = 1 / (1 + math.exp(700.0))
    np.testing.assert_array_equal(act.sigmoid([-700.0, -700.5, -1e4, -1e308]), np.full(4, at_clamp))
    assert act.sigmoid(-699.5) > at_clamp


def test_sigmoid_matches_the_textbook_formula_where_that_formula_works():
    z = np.linspace(-30, 30, 601)
    np.testing.assert_array_equal(act.sigmoid(z), 1 / (1 + np.exp(-z)))


def test_sigmoid_is_symmetric():
    z = np.linspace(-20, 20, 81)
    np.testing.assert_allclose(act.sigmoid(-z), 1 - act.sigmoid(z), atol=1e-15)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_slope_from_z_and_from_a_are_the_same_derivative(name):
    f = act.get_activation(name)
    z = np.linspace(-4, 4, 17) + 0.05  # avoid relu's kink at exactly 0
    np.testing.assert_allclose(f.slope_from_z(z), f.slope_from_a(f.function(z)), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_slope_equals_a_finite_difference(name):
    f = act.get_activation(name)
    z, eps = np.linspace(-3, 3, 13) + 0.05, 1e-6
    numeric = (f.function(z + eps) - f.function(z - eps)) / (2 * eps)
    np.testing.assert_allclose(f.slope_from_z(z), numeric, rtol=1e-7, atol=1e-10)


def test_relu_slope_at_the_kink_is_zero():
    """relu's docstring picks the slope 0 at z = 0 (any number in [0, 1] would be a subgradient;
    nnlib chose 0). Just either side the slope is 0 and 1, as max(0, z) reads."""
    z = np.array([-1e-300, 0.0, -0.0, 1e-300])
    np.testing.assert_array_equal(act.relu_slope_from_z(z), [0.0, 0.0, 0.0, 1.0])
    # relu(0) = 0, and an activation of 0 cannot say z > 0: the slope from a is 0 there as well
    np.testing.assert_array_equal(act.relu_slope_from_a(act.relu(z)), [0.0, 0.0, 0.0, 1.0])


def test_the_classic_bug_gives_a_different_number():
    """σ'(a) — the from-z formula fed an activation — is not the slope."""
    z = 1.3
    a = act.sigmoid(z)
    assert abs(act.sigmoid_slope_from_z(a) - act.sigmoid_slope_from_a(a)) > 0.01


def test_unknown_activation_lists_the_choices():
    with pytest.raises(ValueError, match="unknown activation 'softsign'.*'sigmoid', 'tanh', 'relu'"):
        act.get_activation("softsign")


@pytest.mark.parametrize("name, low, high, midpoint", [
    ("sigmoid", 0.0, 1.0, 0.5), ("tanh", -1.0, 1.0, 0.0), ("relu", 0.0, math.inf, 0.5),
])
def test_each_activation_carries_its_range_and_midpoint(name, low, high, midpoint):
    """The pictures read these instead of naming an activation: the outputs lie in [low, high], and
    the midpoint (where a unit counts as "on") is the middle of a bounded range."""
    f = act.get_activation(name)
    assert (f.low, f.high, f.midpoint) == (low, high, midpoint)
    outputs = f.function(np.linspace(-30, 30, 601))
    assert outputs.min() >= low and outputs.max() <= high
    if math.isfinite(high):
        assert midpoint == (low + high) / 2
