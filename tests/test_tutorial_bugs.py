"""nnlib.tutorial_bugs: the deliberately wrong backward passes behave as their docstrings say.

The "none" variants must equal nnlib's correct gradients; every bug must fail
a gradient check; and the figure-6 replay must print the published numbers.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnlib import Network, check_gradients, legacy_draws, relative_error, train, xor
from nnlib import tutorial_bugs as tb


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


def test_figure6_prints_the_published_numbers_only_with_both_bugs():
    run = tb.figure6_run(1000)
    assert run[0] == 0.5013730688788007
    assert run[1000] == pytest.approx(0.4664830127093482, abs=1e-15)
    for slope_bug, axis_bug in ((True, False), (False, True), (False, False)):
        other = tb.figure6_run(1000, slope_bug=slope_bug, axis_bug=axis_bug)
        assert other[0] == run[0]
        assert abs(other[1000] - 0.4664830127093482) > 1e-2


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


def test_figure6_is_chaotic_after_epoch_1000():
    start = tb.figure6_start()
    nudged = [p.copy() for p in start]
    nudged[0][0, 2] += 2e-16
    a, b = tb.figure6_run(2000, start=start), tb.figure6_run(2000, start=nudged)
    assert round(a[2000], 3) == 0.242 and round(b[2000], 3) == 0.366
    assert abs(a[1000] - b[1000]) < 1e-14
    assert start[0][0, 2] != nudged[0][0, 2]       # figure6_run did not change its start


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
    assert both_fixed[2:] == pytest.approx([0.6, 0.6], abs=1e-6)       # exactly a factor 4: the mean
    assert max(errors(slope_bug=False, axis_bug=False, bias_mean=False)) < 1e-7


def test_figure6_without_its_bugs_is_nnlib_training():
    X, y = tb.FIGURE6_X, tb.FIGURE6_Y
    fixed = tb.figure6_run(300, every=100, slope_bug=False, axis_bug=False, bias_mean=False)
    net = tb.figure6_network()
    history = train(net, X, y, loss="half_sse", learning_rate=1.0, epochs=300, report="mae")
    for epoch, loss in fixed.items():
        assert loss == pytest.approx(history.losses[epoch], abs=1e-13)


def test_figure6_fixed_training_is_not_chaotic():
    start = tb.figure6_start()
    nudged = [p.copy() for p in start]
    nudged[0][0, 2] += 2e-16
    losses = []
    for weights in (start, nudged):
        net = tb.figure6_network(weights)
        losses.append(train(net, tb.FIGURE6_X, tb.FIGURE6_Y, loss="half_sse", learning_rate=1.0,
                            epochs=2000, report="mae").losses)
    assert np.max(np.abs(losses[0] - losses[1])) < 1e-12
    assert losses[0][2000] == pytest.approx(0.033807, abs=1e-6)


def test_figure6_gradients_need_four_examples():
    net = tb.figure6_network()
    with pytest.raises(ValueError, match="4 examples"):
        tb.figure6_gradients(net, tb.FIGURE6_X[:3], tb.FIGURE6_Y[:3])
