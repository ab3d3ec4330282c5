"""nncourse.tutorial_bugs: the deliberately wrong backward passes behave as their docstrings say.

The "none" variants must equal nnlib's correct gradients; every bug must fail
a gradient check; and the figure-6 replay must print the published numbers.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnlib import Network, check_gradients, legacy_draws, relative_error, train, xor
from nncourse import tutorial_bugs as tb


@pytest.fixture
def xor_net():
    X, y = xor()
    return Network([2, 2, 1], seed=0), X, y


def test_no_bug_is_the_correct_gradient(xor_net):
    net, X, y = xor_net
    for loss in ("mse", "half_sse", "sse"):
        ours = tb.gradients_with_bug(net, X, y, "none", loss=loss)
        right = net.gradients(X, y, loss=loss)
        for a, b in zip(ours.as_list(), right.as_list()):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("bug", [b for b in tb.SLOPE_BUGS if b != "none"])
def test_every_slope_bug_fails_a_gradient_check(xor_net, bug):
    net, X, y = xor_net
    check = check_gradients(net, X, y, loss="mse", gradients=tb.gradients_with_bug(net, X, y, bug, loss="mse"))
    assert check.max_relative_error > 1e-2
    assert check_gradients(net, X, y, loss="mse").max_relative_error < 1e-7


def test_slope_bugs_work_without_bias_and_with_more_layers():
    rng = np.random.default_rng(0)
    X, y = rng.random((5, 3)), rng.random((5, 2))
    for bias in (True, False):
        net = Network([3, 4, 4, 2], bias=bias, seed=2)
        right = tb.gradients_with_bug(net, X, y, "none")
        assert check_gradients(net, X, y, gradients=right).passed()
        assert (right.biases is None) == (not bias)
        for bug in ("sigma_prime_of_a", "slope_of_slope", "a_formula_on_z"):
            assert not check_gradients(net, X, y, gradients=tb.gradients_with_bug(net, X, y, bug)).passed()


def test_the_slopes_the_bugs_use():
    a = np.array([[0.1, 0.5, 0.9]])
    s = a * (1 - a)
    assert np.allclose(tb._SLOPES["sigma_prime_of_a"](a), 1 / (1 + np.exp(-a)) * (1 - 1 / (1 + np.exp(-a))))
    assert np.allclose(tb._SLOPES["slope_of_slope"](a), s * (1 - s))


def test_bad_input_is_refused(xor_net):
    net, X, y = xor_net
    with pytest.raises(ValueError, match="choose one of"):
        tb.gradients_with_bug(net, X, y, "typo")
    with pytest.raises(ValueError, match="sigmoid"):
        tb.gradients_with_bug(Network([2, 2, 1], activation="tanh"), X, y, "none")
    with pytest.raises(ValueError, match="3-4-1"):
        tb.figure6_gradients(net, X, y)
    with pytest.raises(ValueError, match=r"\[W1, W2, b1, b2\]"):
        tb.figure6_run(10, start=tb.figure6_start()[:3])
    with pytest.raises(ValueError, match="W2"):
        tb.figure6_run(10, start=[np.zeros((3, 4)), np.zeros((4, 2)), np.zeros(4), np.zeros(1)])


# --- figure 6 ---------------------------------------------------------------------------

def test_figure6_start_is_the_published_draw():
    W1, W2, b1, b2 = tb.figure6_start()
    np.random.seed(1)
    expected = [np.random.randn(3, 4), np.random.randn(4, 1), np.random.randn(4), np.random.randn(1)]
    for got, want in zip((W1, W2, b1, b2), expected):
        np.testing.assert_array_equal(got, want)


def test_figure6_run_is_the_plain_loop():
    X, y = tb.FIGURE6_X, tb.FIGURE6_Y
    W1, W2, b1, b2 = legacy_draws(1, [(3, 4), (4, 1), (4,), (1,)], "normal")
    printed = {}
    sig = lambda z: 1 / (1 + np.exp(-z))                      # noqa: E731
    slope = lambda x: sig(x) * (1 - sig(x))                    # noqa: E731  (the tutorial's, fed activations)
    for epoch in range(1001):
        a1 = sig(X @ W1 + b1)
        a2 = sig(a1 @ W2 + b2)
        if epoch % 500 == 0:
            printed[epoch] = float(np.mean(np.abs(y - a2)))
        d2 = (y - a2) * slope(a2)
        d1 = (d2 @ W2.T) * slope(a1)
        W2 += a1.T @ d2
        b2 += np.mean(d2, axis=0)
        W1 += X.T @ d1
        b1 += np.mean(d1, axis=1)
    assert tb.figure6_run(1000, every=500) == printed


def one_ulp_nudges(start):
    """Copies of `start` with one entry moved to the next float up or down (np.nextafter):
    the first entry of each of W1, W2, b1, b2, and W1[0, 2] (the weight curriculum.md nudges)."""
    entries = [(0, (0, 0)), (0, (0, 2)), (1, (0, 0)), (2, (0,)), (3, (0,))]
    for array, index in entries:
        for direction in (np.inf, -np.inf):
            nudged = [p.copy() for p in start]
            nudged[array][index] = np.nextafter(nudged[array][index], direction)
            assert nudged[array][index] != start[array][index]
            yield nudged


def test_figure6_is_chaotic_between_epoch_1000_and_2000():
    """What makes the later printed losses irreproducible, without pinning any of them.

    A 1-ulp change of one starting weight (about 1e-16) is the size of one rounding difference
    between two CPUs or two BLAS builds. Up to epoch 1000 the runs stay within 1e-12 of each other
    (a thousand steps of rounding noise of ~1e-16 each, with room to spare; the published
    epoch-1000 figure is reproducible to about 1e-15 on one processor, 1e-12 on any). By epoch 2000 at least one such nudge has
    moved the printed loss by more than 0.01: an amplification of more than 1e10 in 1000 epochs,
    which is what chaotic means here. (curriculum.md quotes two such runs at 0.242 and about 0.37,
    0.12 apart; which nudge lands where depends on the machine, so no value is pinned.)
    """
    start = tb.figure6_start()
    untouched = [p.copy() for p in start]
    base = tb.figure6_run(2000, start=start)
    moves = []
    for nudged in one_ulp_nudges(start):
        run = tb.figure6_run(2000, start=nudged)
        assert abs(run[0] - base[0]) < 1e-12
        assert abs(run[1000] - base[1000]) < 1e-12
        moves.append(abs(run[2000] - base[2000]))
    assert max(moves) > 1e-2, f"epoch-2000 changes after 1-ulp nudges: {moves}"
    for p, q in zip(start, untouched):                # figure6_run did not change its start
        np.testing.assert_array_equal(p, q)


def test_figure6_gradient_check_finds_each_bug():
    net = tb.figure6_network()
    X, y = tb.FIGURE6_X, tb.FIGURE6_Y

    def errors(**switches):
        check = check_gradients(net, X, y, loss="half_sse", gradients=tb.figure6_gradients(net, **switches))
        return [float(np.max(relative_error(a, n))) for a, n in zip(check.analytic, check.numeric)]

    published = errors()
    assert min(published) > 1e-2                                      # every array fails
    slope_fixed = errors(slope_bug=False)
    assert max(slope_fixed[:2]) < 1e-7 and min(slope_fixed[2:]) > 0.5  # weights pass, biases fail
    both_fixed = errors(slope_bug=False, axis_bug=False)
    # The mean over 4 examples is a quarter of the sum: with a = n/4 the relative error
    # ‖a − n‖ / (‖a‖ + ‖n‖) is (3/4) / (5/4) = 0.6 exactly (up to the finite difference's error).
    assert both_fixed[2:] == pytest.approx([0.6, 0.6], abs=1e-6)
    assert max(errors(slope_bug=False, axis_bug=False, bias_mean=False)) < 1e-7


def test_figure6_without_its_bugs_is_nnlib_training():
    X, y = tb.FIGURE6_X, tb.FIGURE6_Y
    fixed = tb.figure6_run(300, every=100, slope_bug=False, axis_bug=False, bias_mean=False)
    net = tb.figure6_network()
    history = train(net, X, y, loss="half_sse", learning_rate=1.0, epochs=300, recorded_loss="mae")
    for epoch, loss in fixed.items():
        assert loss == pytest.approx(history.losses[epoch], abs=1e-13)


def plain_gradient_descent(start, epochs):
    """Figure 6's loop with its three bugs removed, in plain numpy: gradient descent on ½·SSE,
    learning rate 1. Returns the mean |y − ŷ| before each update (epochs 0..epochs) and ŷ at the end."""
    X, y = tb.FIGURE6_X, tb.FIGURE6_Y
    W1, W2, b1, b2 = [p.copy() for p in start]
    sig = lambda z: 1 / (1 + np.exp(-z))                      # noqa: E731
    maes = []
    for epoch in range(epochs + 1):
        a1 = sig(X @ W1 + b1)
        a2 = sig(a1 @ W2 + b2)
        maes.append(float(np.mean(np.abs(y - a2))))
        if epoch == epochs:
            return np.array(maes), a2
        d2 = (y - a2) * a2 * (1 - a2)                         # −∂(½·SSE)/∂z2, the slope from a
        d1 = (d2 @ W2.T) * a1 * (1 - a1)
        W2 += a1.T @ d2
        b2 += d2.sum(axis=0)                                   # summed over the examples, like the weights
        W1 += X.T @ d1
        b1 += d1.sum(axis=0)


def test_figure6_fixed_training_is_not_chaotic_and_solves_the_task():
    start = tb.figure6_start()
    expected, y_hat = plain_gradient_descent(start, 2000)
    # It solves the task: every output within 0.1 of its target (so on the right side of 0.5).
    assert np.max(np.abs(tb.FIGURE6_Y - y_hat)) < 0.1, y_hat.ravel()
    for weights in (start, *one_ulp_nudges(start)):
        history = train(tb.figure6_network(weights), tb.FIGURE6_X, tb.FIGURE6_Y, loss="half_sse",
                        learning_rate=1.0, epochs=2000, recorded_loss="mae")
        # nnlib follows the plain loop, and a 1-ulp nudge changes no epoch by more than 1e-12.
        np.testing.assert_allclose(history.losses, expected, rtol=0, atol=1e-12)


def test_figure6_gradients_need_four_examples():
    net = tb.figure6_network()
    with pytest.raises(ValueError, match="4 examples"):
        tb.figure6_gradients(net, tb.FIGURE6_X[:3], tb.FIGURE6_Y[:3])
