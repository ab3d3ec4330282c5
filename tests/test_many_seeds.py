"""The many-seed trainer equals training each seed alone, bit for bit; solved, stuck and diverged runs."""

import numpy as np
import pytest

from nnlib import ManySeeds, Network, noisy_gate, train, train_many_seeds, xor
from nnlib.training import loss_stalled

X, Y = xor()


@pytest.mark.parametrize("sizes,bias,activation", [([2, 2, 1], True, "sigmoid"), ([2, 4, 1], False, "sigmoid"),
                                                   ([2, 3, 2, 1], True, "tanh")])
def test_each_seed_follows_the_path_it_follows_alone(sizes, bias, activation):
    seeds = [0, 3, 6, 41]
    many = train_many_seeds(sizes, seeds, X, Y, epochs=300, learning_rate=1.5, bias=bias, activation=activation)
    assert many.losses.shape == (4, 301)
    for i, seed in enumerate(seeds):
        net = Network(sizes, seed=seed, bias=bias, activation=activation)
        history = train(net, X, Y, epochs=300, learning_rate=1.5)
        np.testing.assert_array_equal(many.losses[i], history.losses)
        alone = many.network(i)
        for a, b in zip(alone.parameter_list(), net.parameter_list()):
            np.testing.assert_array_equal(a, b)
        assert (alone.hidden_activation.name, alone.has_bias) == (activation, bias)      # rebuilt as it was trained
        np.testing.assert_array_equal(alone.predict(X), net.predict(X))


def test_stacked_shapes_and_seed_count():
    many = train_many_seeds([2, 2, 1], 25, X, Y, epochs=10)
    np.testing.assert_array_equal(many.seeds, np.arange(25))
    assert [W.shape for W in many.weights] == [(25, 2, 2), (25, 2, 1)]
    assert [b.shape for b in many.biases] == [(25, 2), (25, 1)]
    assert many.final_losses.shape == (25,)


def test_stuck_fraction_counts_the_documented_stuck_seeds():
    # Of seeds 0..19, exactly 6, 10, 11, 13 and 14 stay stuck (see test_training.py).
    many = train_many_seeds([2, 2, 1], 20, X, Y, epochs=5000, learning_rate=2.0)
    np.testing.assert_array_equal(np.flatnonzero(many.stuck(0.05)), [6, 10, 11, 13, 14])
    assert many.stuck_fraction(0.05) == 0.25


def test_stuck_share_over_a_thousand_seeds_is_a_real_minority():
    many = train_many_seeds([2, 2, 1], 1000, X, Y, epochs=2000, learning_rate=2.0)
    share = many.stuck_fraction(0.05)
    assert 0.15 < share < 0.40       # measured 0.278; most seeds solve XOR


def _result(final_losses):
    """A ManySeeds whose runs ended at the given losses (the weights do not matter here)."""
    n = len(final_losses)
    losses = np.column_stack([np.full(n, 0.25), final_losses])
    return ManySeeds(np.arange(n), [2, 2, 1], [np.zeros((n, 2, 2)), np.zeros((n, 2, 1))],
                     [np.zeros((n, 2)), np.zeros((n, 1))], losses)


def test_a_nan_run_is_diverged_not_solved():
    """Regression (issue 9, bug 2): stuck() was final >= threshold, so NaN counted as solved."""
    result = _result([0.001, 0.2, np.nan, np.inf])
    np.testing.assert_array_equal(result.solved(0.05), [True, False, False, False])
    np.testing.assert_array_equal(result.stuck(0.05), [False, True, False, False])
    np.testing.assert_array_equal(result.diverged(), [False, False, True, True])
    assert result.stuck_fraction(0.05) == 0.25
    # the three outcomes split the seeds: each seed is exactly one of them
    outcomes = np.stack([result.solved(0.05), result.stuck(0.05), result.diverged()])
    np.testing.assert_array_equal(outcomes.sum(axis=0), 1)


def test_a_final_loss_equal_to_the_threshold_is_stuck_not_solved():
    """The module's rule: solved is L < threshold, stuck is L ≥ threshold. 0.05 itself is stuck."""
    result = _result([np.nextafter(0.05, 0), 0.05, np.nextafter(0.05, 1)])
    np.testing.assert_array_equal(result.solved(0.05), [True, False, False])
    np.testing.assert_array_equal(result.stuck(0.05), [False, True, True])


def test_network_takes_a_position_not_a_python_negative_index():
    """network(i) counts seeds from 0: -1 is refused, not read as "the last one" (mutation testing
    found that dropping the lower bound went unnoticed)."""
    result = _result([0.01, 0.2])
    with pytest.raises(ValueError, match="index must be a whole number from 0 to 1, got -1"):
        result.network(-1)


def test_overflow_gives_diverged_seeds_and_no_warning():
    """Regression (issue 9, bug 2): numpy's overflow warnings escaped (pytest makes warnings errors)."""
    X_big, y_big = noisy_gate("xor", 10, 0.3, seed=0)
    result = train_many_seeds([2, 4, 1], 3, 100 * X_big, y_big, epochs=50, learning_rate=1e306,
                              activation="relu")
    assert result.diverged().all()
    assert not result.solved().any() and not result.stuck().any()
    with pytest.raises(ValueError, match=r"index 0 \(seed 0\) diverged"):
        result.network(0)


def test_absurd_learning_rate_stalls_every_seed():
    # At α = 1e6 the first step saturates every sigmoid: the slope is 0 and nothing moves again.
    result = train_many_seeds([2, 2, 1], 10, *xor(), epochs=100, learning_rate=1e6)
    assert loss_stalled(result.losses).all() and result.stuck().all()
    normal = train_many_seeds([2, 2, 1], 10, *xor(), epochs=100, learning_rate=1.0)
    assert not loss_stalled(normal.losses).any()


