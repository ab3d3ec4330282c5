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


def test_the_classic_bug_gives_a_different_number():
    """σ'(a) — the from-z formula fed an activation — is not the slope."""
    z = 1.3
    a = act.sigmoid(z)
    assert abs(act.sigmoid_slope_from_z(a) - act.sigmoid_slope_from_a(a)) > 0.01


def test_unknown_activation_lists_the_choices():
    with pytest.raises(ValueError, match="unknown activation 'softsign'.*'sigmoid', 'tanh', 'relu'"):
        act.get_activation("softsign")
