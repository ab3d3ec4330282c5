"""The many-seed trainer equals training each seed alone."""

import numpy as np
import pytest

from nnlib import Network, train, train_many_seeds, xor

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
        np.testing.assert_allclose(many.losses[i], history.losses, rtol=1e-12, atol=1e-15)
        alone = many.network(i)
        for a, b in zip(alone.parameter_list(), net.parameter_list()):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


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
    assert 0.15 < share < 0.40       # measured 0.27 for 5,000 epochs; most seeds solve XOR
