"""The exercise checks of notebooks 05, 05b and 06, and the facts those notebooks state.

Every check must say "correct" for the right answer, and for each typical
wrong answer (a flipped sign, a missing factor 2, the sum instead of the
mean, online instead of batch, …) a hint that names what is off. No check may
raise, whatever it is given.
"""

from __future__ import annotations

import numpy as np
import pytest

import nnlib
from nnlib import Network, train, train_many_seeds, xor
from nnlib import xor221
from nncourse.exercises import Solution, nb05, nb05b, nb06
from exercise_checks import assert_correct, assert_hint
from test_published_figures import FIGURE4_GRADIENTS, FIGURE4_Y_HAT  # figure 4, typed in once


def nine(gradients) -> np.ndarray:
    """∂E/∂w1..∂E/∂w9 of a Gradients object, as an array (9,)."""
    by_name = xor221.gradients_by_name(gradients)
    return np.array([by_name[name] for name in xor221.W_NAMES])


X, Y = xor()
START = xor221.tutorial_start()


def start_net() -> Network:
    return xor221.xor_network(START)


# --- 05 ----------------------------------------------------------------------------------

def sigma(z):
    return 1 / (1 + np.exp(-z))


def test_05_forward_middle(capsys):
    w1, w2, w3, w4, w5, w6, w7, w8, w9 = START
    h1, h2 = sigma(w1 + 0.5 * w2 + 0.5 * w3), sigma(w4 + 0.5 * w5 + 0.5 * w6)
    z_out = w7 + w8 * h1 + w9 * h2
    assert_correct(capsys, nb05.forward_middle, sigma(z_out))
    assert_correct(capsys, nb05.forward_middle, start_net().predict([[0.5, 0.5]]))  # a (1, 1) array is fine
    assert_hint(capsys, nb05.forward_middle, z_out, "z_out")
    assert_hint(capsys, nb05.forward_middle, h1, "hidden unit", "h1")
    assert_hint(capsys, nb05.forward_middle, h2, "hidden unit", "h2")
    assert_hint(capsys, nb05.forward_middle, float(FIGURE4_Y_HAT[0]), "(0, 0)", "0.5")
    assert_hint(capsys, nb05.forward_middle, 0.85314043, "(1, 1)", "printed above")    # the published (1, 1)
    assert_hint(capsys, nb05.forward_middle, sigma(w8 * sigma(0.5 * (w2 + w3)) + w9 * sigma(0.5 * (w5 + w6))), "biases")
    assert_hint(capsys, nb05.forward_middle,
                sigma(w7 + w8 * (w1 + 0.5 * (w2 + w3)) + w9 * (w4 + 0.5 * (w5 + w6))), "sigmoid")
    assert_hint(capsys, nb05.forward_middle, 0.5, "too small")
    assert_hint(capsys, nb05.forward_middle, round(float(sigma(z_out)), 3), "rounded to 3", "asks for 6")


def test_05_gradients_01(capsys):
    right = nine(start_net().gradients([[0, 1]], [[1]], loss="sse"))
    assert right[1] == 0 and right[4] == 0 and np.all(np.delete(right, [1, 4]) < 0)
    assert_correct(capsys, nb05.gradients_01, right)
    assert_correct(capsys, nb05.gradients_01, list(right))
    assert_correct(capsys, nb05.gradients_01, dict(zip(xor221.W_NAMES, right)))
    assert_correct(capsys, nb05.gradients_01, right.reshape(9, 1))
    assert_hint(capsys, nb05.gradients_01, -right, "sign")
    assert_hint(capsys, nb05.gradients_01, right / 2, "2(ŷ − y)")
    assert_hint(capsys, nb05.gradients_01, right[::-1], "order")
    assert_hint(capsys, nb05.gradients_01, right[:7], "nine")
    assert_hint(capsys, nb05.gradients_01, {"w1": 0.0}, "missing")
    wrong_zero = right.copy()
    wrong_zero[1] = wrong_zero[0]                    # treats x1 as if it were 1
    assert_hint(capsys, nb05.gradients_01, wrong_zero, "x1 = 0")
    # the trial's slip: the rules for (0, 1) -> 1 with h1, h2, y_hat still from the (0, 0) forward pass
    w1, w2, w3, w4, w5, w6, w7, w8, w9 = START
    h1, h2 = sigma(w1), sigma(w4)
    y_hat = sigma(w7 + w8 * h1 + w9 * h2)
    d = 2 * (y_hat - 1) * y_hat * (1 - y_hat)
    stale = [d * w8 * h1 * (1 - h1) * x for x in (1, 0, 1)] + [d * w9 * h2 * (1 - h2) * x for x in (1, 0, 1)] \
        + [d, d * h1, d * h2]
    assert_hint(capsys, nb05.gradients_01, stale, "(0, 0)", "forward pass for (0, 1)")
    # An exact 0 computed another way comes out as rounding noise, about 1e-11 here: still right.
    noisy = right.copy()
    noisy[[1, 4]] = 3e-11
    assert_correct(capsys, nb05.gradients_01, noisy, rounded=True)
    wrong_zero[4] = wrong_zero[3]
    assert_hint(capsys, nb05.gradients_01, wrong_zero, "x1 = 0")
    wrong_zero[1] = 0.0
    assert_hint(capsys, nb05.gradients_01, wrong_zero, "x1 = 0")
    one_off = right.copy()
    one_off[6] += 0.01
    assert_hint(capsys, nb05.gradients_01, one_off, "w7")
    # the gradients of the (0, 0) example are another example's, not these
    assert_hint(capsys, nb05.gradients_01, nine(start_net().gradients(X[:1], Y[:1], loss="sse")))


def test_05_mse_gradients(capsys):
    net = start_net()
    summed = nine(net.gradients(X, Y, loss="sse"))
    per_example = np.array([nine(net.gradients(X[i:i + 1], Y[i:i + 1], loss="sse")) for i in range(4)])
    np.testing.assert_allclose(per_example.sum(axis=0), summed, atol=1e-15)     # what notebook 05 shows
    assert_correct(capsys, nb05.mse_gradients, summed / 4)
    assert_correct(capsys, nb05.mse_gradients, nine(net.gradients(X, Y, loss="mse")))
    assert_hint(capsys, nb05.mse_gradients, summed, "divides it by N = 4")
    assert_hint(capsys, nb05.mse_gradients, -summed / 4, "sign")
    assert_hint(capsys, nb05.mse_gradients, summed / 8, "2")
    assert_hint(capsys, nb05.mse_gradients, per_example[3], "example 3")
    assert_hint(capsys, nb05.mse_gradients, per_example[0] / 4, "example 0")
    assert_hint(capsys, nb05.mse_gradients, np.zeros(9), "every entry is off", "w1 is zero")
    one_off = summed / 4
    one_off[8] *= 4
    assert_hint(capsys, nb05.mse_gradients, one_off, "1 of 9 entries is off", "w9 is too big",
                "factor between 3 and 10")


# The published gradients of the (0, 0) example alone, E = (y − ŷ)² (curriculum.md, figure 4).
PUBLISHED_00 = {name: float(v) for name, v in FIGURE4_GRADIENTS.items() if float(v) != 0}


def test_05_after_one_step(capsys):
    net = start_net()
    g = nine(net.gradients(X[:1], Y[:1], loss="sse"))
    w = np.array(START)

    def output(weights):
        return float(xor221.xor_network(weights).predict([[0, 0]])[0, 0])

    new = dict(zip(xor221.W_NAMES, START))                  # by hand, from the published gradients
    for name, gradient in PUBLISHED_00.items():
        new[name] -= 0.6 * gradient
    by_hand = sigma(new["w7"] + new["w8"] * sigma(new["w1"]) + new["w9"] * sigma(new["w4"]))
    right = output(w - 0.6 * g)
    assert right == pytest.approx(by_hand, abs=1e-8)
    assert right < float(FIGURE4_Y_HAT[0])                  # the published ŷ(0, 0) before the step
    assert_correct(capsys, nb05.after_one_step, by_hand, rounded=True)
    assert_correct(capsys, nb05.after_one_step, right)
    assert_hint(capsys, nb05.after_one_step, float(FIGURE4_Y_HAT[0]), "before the step")
    assert_hint(capsys, nb05.after_one_step, output(w + 0.6 * g), "against")
    only_output = w.copy()
    only_output[6:] -= 0.6 * g[6:]
    assert_hint(capsys, nb05.after_one_step, output(only_output), "all nine")
    assert_hint(capsys, nb05.after_one_step, output(w - g), "learning rate")
    assert_hint(capsys, nb05.after_one_step, 0.5, "too small")


def formula_gradients(x, target) -> np.ndarray:
    """∂E/∂w1..∂E/∂w9 of one example from notebook 05's chain-rule formulas (a second implementation)."""
    w1, w2, w3, w4, w5, w6, w7, w8, w9 = START
    h1, h2 = sigma(w1 + w2 * x[0] + w3 * x[1]), sigma(w4 + w5 * x[0] + w6 * x[1])
    y_hat = sigma(w7 + w8 * h1 + w9 * h2)
    d_out = 2 * (y_hat - target) * y_hat * (1 - y_hat)
    d1, d2 = d_out * w8 * h1 * (1 - h1), d_out * w9 * h2 * (1 - h2)
    return np.array([d1, d1 * x[0], d1 * x[1], d2, d2 * x[0], d2 * x[1], d_out, d_out * h1, d_out * h2])


def test_05_zero_count(capsys):
    """Exercise 3 predicts how many of the 4 × 9 per-example gradients are exactly 0."""
    by_reasoning = 2 * int(np.sum(X == 0))          # each input that is 0 silences the two weights it feeds
    table = np.array([formula_gradients(x, t) for x, t in zip(X, Y.ravel())])
    assert by_reasoning == int(np.sum(table == 0)) == 8
    np.testing.assert_allclose(nb05.per_example_table(), table, rtol=1e-12, atol=1e-15)
    assert_correct(capsys, nb05.zero_count, 8)
    assert_correct(capsys, nb05.zero_count, 8.0)
    assert_hint(capsys, nb05.zero_count, 4, "too few", "(0, 0) alone", "(0, 1) and (1, 0)")
    assert_hint(capsys, nb05.zero_count, 9, "one too many")
    assert_hint(capsys, nb05.zero_count, 2, "too small")
    assert_hint(capsys, nb05.zero_count, 20, "too big")
    assert_hint(capsys, nb05.zero_count, 8.5, "whole number")
    assert_hint(capsys, nb05.zero_count, "8", "text")


# --- 05b ---------------------------------------------------------------------------------

def test_05b_exact_gradients_match_figure_4_and_not_the_worked_examples_last_digits():
    """Notebook 05b's rounding lesson (05 prints figure 4's 8 decimals): the worked example printed ∂E/∂w7..w9 to 10 decimals from
    intermediates it had copied at 8, so its 9th and 10th decimals are off. The exact gradients
    agree with figure 4 (8 decimals) and differ from those printed 10-decimal digits."""
    worked_example = [0.2400684312, 0.1452057555, 0.1663879270]          # as printed in the source
    exact = nine(start_net().gradients(X[:1], Y[:1], loss="sse"))
    np.testing.assert_allclose(exact, formula_gradients(X[0], Y[0, 0]), rtol=1e-12)   # the second implementation
    assert [f"{v:.8f}" for v in exact[6:]] == [FIGURE4_GRADIENTS[n] for n in ("w7", "w8", "w9")]   # figure 4
    assert all(5e-10 < abs(e - w) < 5e-8 for e, w in zip(exact[6:], worked_example))


def test_05b_finite_differences_run_two_forward_passes_per_parameter():
    """Notebook 05b: finite differences cost 2 forward passes per parameter, backpropagation one call,
    and backpropagation is the faster of the two on the notebook's network with a few hundred parameters."""
    import time

    big = Network([2, 16, 16, 1], seed=0)
    n_parameters = sum(p.size for p in big.parameter_list())
    assert n_parameters == (2 * 16 + 16) + (16 * 16 + 16) + (16 * 1 + 1) == 337
    calls = []

    def loss():
        calls.append(1)
        return big.loss(X, Y)

    numeric = [nnlib.numerical_gradient(loss, p, eps=1e-5) for p in big.parameter_list()]
    assert len(calls) == 2 * n_parameters
    analytic = big.gradients(X, Y).as_list()
    assert all(nnlib.relative_error(a, n) < 1e-6 for a, n in zip(analytic, numeric))

    def best(method):
        times = []
        for _ in range(3):
            begin = time.perf_counter()
            method()
            times.append(time.perf_counter() - begin)
        return min(times)

    finite = best(lambda: [nnlib.numerical_gradient(lambda: big.loss(X, Y), p, eps=1e-5)
                           for p in big.parameter_list()])
    assert best(lambda: big.gradients(X, Y)) < finite / 10


def hand_w8(decimals: int, slope_decimals: int | None, cut=round, h=0) -> float:
    """∂E/∂w8 (h=0; h=1 gives ∂E/∂w9) the worked example's way, from copies of h1, h2, ŷ for (0, 0)."""
    w1, _, _, w4, _, _, w7, w8, w9 = START
    exact = [sigma(w1), sigma(w4)]
    y_hat = sigma(w7 + w8 * exact[0] + w9 * exact[1])
    h1, h2, y_hat = (cut(float(v), decimals) for v in (*exact, y_hat))
    slope = y_hat * (1 - y_hat) if slope_decimals is None else cut(y_hat * (1 - y_hat), slope_decimals)
    return 2 * y_hat * slope * (h1, h2)[h]


def test_05b_copied_gradient(capsys):
    """Exercise 1: ∂E/∂w8 from h1, h2, ŷ copied to 5 decimals and the slope to 7."""
    right = hand_w8(5, 7)
    exact = float(nine(start_net().gradients(X[:1], Y[:1], loss="sse"))[7])
    assert abs(right - exact) > 5e-7                       # the copies move the 6th decimal: the exercise means something
    assert hand_w8(8, 10) == pytest.approx(0.1452057555, abs=1e-10)      # 05b's copied-digits cell, the worked example's
    assert_correct(capsys, nb05b.copied_gradient, right)
    assert_hint(capsys, nb05b.copied_gradient, exact, "full precision", "5 decimals")
    assert_hint(capsys, nb05b.copied_gradient, hand_w8(8, 10), "8 decimals", "5 decimals")
    assert_hint(capsys, nb05b.copied_gradient, hand_w8(5, None), "slope")
    assert_hint(capsys, nb05b.copied_gradient, hand_w8(5, 5), "two more")
    assert_hint(capsys, nb05b.copied_gradient, hand_w8(5, 7, cut=lambda v, k: np.floor(v * 10 ** k) / 10 ** k),
                "cut off")
    assert_hint(capsys, nb05b.copied_gradient, hand_w8(5, 7, h=1), "∂E/∂w9")
    assert_hint(capsys, nb05b.copied_gradient, round(right, 6), "rounded to 6")


def test_05b_decimals_trusted(capsys):
    """Exercise 2: the copies tip the 5th decimal, so only 4 agree although 5 were copied."""
    right, exact = hand_w8(5, 7), float(nine(start_net().gradients(X[:1], Y[:1], loss="sse"))[7])
    agreeing = [k for k in range(1, 12) if round(right, k) == round(exact, k)]
    assert agreeing == [1, 2, 3, 4]
    assert_correct(capsys, nb05b.decimals_trusted, 4)
    assert_hint(capsys, nb05b.decimals_trusted, 5, "copied", "round both")
    assert_hint(capsys, nb05b.decimals_trusted, 8, "worked example")
    assert_hint(capsys, nb05b.decimals_trusted, 3, "one too few")
    assert_hint(capsys, nb05b.decimals_trusted, 12, "too big", "round(")


def test_05b_finite_difference_passes(capsys):
    """Exercise 3: two forward passes per parameter of Network([784, 30, 10])."""
    net = Network([784, 30, 10], seed=0)
    p = sum(a.size for a in net.parameter_list())
    assert p == 784 * 30 + 30 + 30 * 10 + 10
    calls = []
    small = Network([3, 2, 1], seed=0)          # the rule 2P, counted on a small network
    Xs, Ys = np.ones((1, 3)), np.ones((1, 1))
    for a in small.parameter_list():
        nnlib.numerical_gradient(lambda: calls.append(1) or small.loss(Xs, Ys), a, eps=1e-5)
    assert len(calls) == 2 * sum(a.size for a in small.parameter_list())
    assert_correct(capsys, nb05b.finite_difference_passes, 2 * p)
    assert_hint(capsys, nb05b.finite_difference_passes, p, "number of parameters", "twice")
    assert_hint(capsys, nb05b.finite_difference_passes, p + 1, "one-sided")
    assert_hint(capsys, nb05b.finite_difference_passes, 2 * (784 * 30 + 30 * 10), "biases")
    assert_hint(capsys, nb05b.finite_difference_passes, 2 * 784 * 30 * 10, "multiplied")
    assert_hint(capsys, nb05b.finite_difference_passes, 18, "too small", "biases")


# --- 06 ----------------------------------------------------------------------------------

def plain_batch_epochs(loss_scale: float, rate: float = 0.6, stop: float = 0.001, epochs: int = 10000) -> int:
    """Full-batch training of the tutorial's start in plain numpy; the epoch at which the MSE first falls below ``stop``.

    The loss's gradient with respect to ŷ is ``loss_scale``·(ŷ − y): 2 for the SSE, 2/N for the MSE.
    """
    w1, w2, w3, w4, w5, w6, w7, w8, w9 = START
    W1, b1 = np.array([[w2, w5], [w3, w6]]), np.array([w1, w4])
    W2, b2 = np.array([[w8], [w9]]), np.array([w7])
    for epoch in range(epochs + 1):
        h = sigma(X @ W1 + b1)
        y_hat = sigma(h @ W2 + b2)
        if np.mean((y_hat - Y) ** 2) < stop or epoch == epochs:
            return epoch
        d2 = loss_scale * (y_hat - Y) * y_hat * (1 - y_hat)
        d1 = (d2 @ W2.T) * h * (1 - h)
        W2, b2 = W2 - rate * h.T @ d2, b2 - rate * d2.sum(axis=0)
        W1, b1 = W1 - rate * X.T @ d1, b1 - rate * d1.sum(axis=0)


def test_06_batch_epochs(capsys):
    batch = plain_batch_epochs(loss_scale=2.0)
    assert_correct(capsys, nb06.batch_epochs, batch)
    assert_correct(capsys, nb06.batch_epochs, float(batch))
    assert_hint(capsys, nb06.batch_epochs, 1615, "online", 'mode="batch"')      # the published online run
    assert_hint(capsys, nb06.batch_epochs, plain_batch_epochs(loss_scale=2.0 / 4), "MSE")
    assert_hint(capsys, nb06.batch_epochs, 10000, "stop_below")
    assert_hint(capsys, nb06.batch_epochs, batch + 0.5, "whole number")
    assert_hint(capsys, nb06.batch_epochs, 12, "too small")
    assert_hint(capsys, nb06.batch_epochs, batch + 1, "one too many")


def test_06_hidden_gates(capsys):
    net = Network([2, 2, 1], seed=8)
    train(net, X, Y, epochs=2000, learning_rate=4.0)
    H = xor221.hidden_table(net, X)
    right = (H > 0.5).astype(int)
    np.testing.assert_array_equal(right, [[1, 1], [0, 1], [0, 1], [0, 0]])    # NOR and NAND
    np.testing.assert_array_equal(xor221.output_unit_table(net, [[0, 0], [0, 1], [1, 0], [1, 1]]).round(),
                                  [[0], [1], [0], [0]])                     # "h2 and not h1"
    assert_correct(capsys, nb06.hidden_gates, right)
    assert_correct(capsys, nb06.hidden_gates, right.tolist())
    assert_correct(capsys, nb06.hidden_gates, H > 0.5)
    assert_hint(capsys, nb06.hidden_gates, H, "round")
    assert_hint(capsys, nb06.hidden_gates, right[:, ::-1], "swapped")
    assert_hint(capsys, nb06.hidden_gates, 1 - right, "flipped")
    assert_hint(capsys, nb06.hidden_gates, right.T, "transpose")
    assert_hint(capsys, nb06.hidden_gates, H.round(1), "0 or 1")


def test_06_stuck_seed(capsys):
    result = train_many_seeds([2, 2, 1], 20, X, Y, **nb06.STUCK_RUN)
    stuck = np.flatnonzero(result.stuck(nb06.STUCK_THRESHOLD))
    solved = np.flatnonzero(~result.stuck(nb06.STUCK_THRESHOLD))
    assert nb06.SHOWN_STUCK_SEED in stuck and len(stuck) >= 2
    for seed in stuck:
        if seed != nb06.SHOWN_STUCK_SEED:
            assert_correct(capsys, nb06.stuck_seed, int(seed))
    assert_correct(capsys, nb06.stuck_seed, np.int64(stuck[-1]))
    assert_hint(capsys, nb06.stuck_seed, nb06.SHOWN_STUCK_SEED, "find another")
    assert_hint(capsys, nb06.stuck_seed, int(solved[0]), "solves XOR")
    assert_hint(capsys, nb06.stuck_seed, 2.5, "whole number")
    assert_hint(capsys, nb06.stuck_seed, -1, "whole number")


def test_06_stuck_share_3_is_what_it_says(capsys):
    measured = train_many_seeds(nb06.SIZES_4, nb06.SEEDS_4, X, Y, **nb06.RUN_4).stuck_fraction(nb06.STUCK_THRESHOLD)
    assert 0 < measured < 0.2
    assert_correct(capsys, nb06.stuck_share_3, measured)
    assert_hint(capsys, nb06.stuck_share_3, 100 * measured, "percentage")
    assert_hint(capsys, nb06.stuck_share_3, 1 - measured, "solved")
    assert_hint(capsys, nb06.stuck_share_3, measured * nb06.SEEDS_4, "number of seeds")
    printed = assert_hint(capsys, nb06.stuck_share_3, 7.6 * measured, "too big", "factor between 3 and 10")
    assert "7.6" not in printed                 # your value ÷ 7.6 would be the answer
    assert_hint(capsys, nb06.stuck_share_3, -0.5, "wrong sign")


# --- facts notebook 06 states --------------------------------------------------------------

def tables(net: Network) -> tuple[str, str]:
    H = xor221.hidden_table(net, X)
    return tuple(" ".join(f"{v:.3f}" for v in H[:, j]) for j in range(2))


def test_06_no_full_batch_learning_rate_reproduces_the_online_run():
    """06's solutions say: α from 0.1 to 4 in steps of 0.1, none gives figure 5 (the online run)."""
    online = start_net()
    history = train(online, X, Y, **nb06.TUTORIAL_RUN)
    assert history.epochs_run == 1615
    assert tables(online) == ("0.001 0.093 0.094 0.879", "0.065 0.969 0.971 1.000")
    for rate in np.round(np.arange(0.1, 4.0001, 0.1), 1):
        batch = start_net()
        run = train(batch, X, Y, **dict(nb06.BATCH_RUN, learning_rate=float(rate)))
        assert run.stopped_early, f"α = {rate} did not reach MSE < 0.001 in 10000 epochs"
        assert (run.epochs_run, tables(batch)) != (1615, tables(online)), f"α = {rate} reproduces the online run"
        assert tables(batch) != tables(online), f"α = {rate} gives the online run's hidden tables"


def test_06_seed_12_swaps_the_roles():
    net = Network([2, 2, 1], seed=12)
    train(net, X, Y, epochs=2000, learning_rate=4.0)
    H = xor221.hidden_table(net, X) > 0.5
    np.testing.assert_array_equal(H[:, 0], [0, 1, 1, 1])      # h1: OR
    np.testing.assert_array_equal(H[:, 1], [0, 0, 0, 1])      # h2: AND


def test_06_stuck_share_prediction(capsys):
    measured = train_many_seeds(nb06.SIZES_4, nb06.SEEDS_4, X, Y, **nb06.RUN_4).stuck_fraction(nb06.STUCK_THRESHOLD)
    tolerance = nb06.PREDICTION_TOLERANCE
    assert tolerance == 0.05
    assert_correct(capsys, nb06.stuck_share_prediction, measured)
    assert_correct(capsys, nb06.stuck_share_prediction, measured + 0.9 * tolerance)
    assert_correct(capsys, nb06.stuck_share_prediction, max(0.0, measured - 0.9 * tolerance))
    assert_hint(capsys, nb06.stuck_share_prediction, measured + 1.5 * tolerance, "lower than your prediction")
    assert "much" not in assert_hint(capsys, nb06.stuck_share_prediction, measured + 1.5 * tolerance)
    assert_hint(capsys, nb06.stuck_share_prediction, 0.3, "much lower")          # the 2-2-1 share at α = 1
    # the measured share is near 0, so "higher" needs a made-up measurement to be seen
    ok, hint, counted = nb06.stuck_share_prediction._judge(0.2, Solution(0.5, how="a made-up share"))
    assert not ok and counted and "much higher than your prediction" in hint and "0.5" not in hint
    ok, hint, _ = nb06.stuck_share_prediction._judge(0.42, Solution(0.5, how="a made-up share"))
    assert not ok and "higher than your prediction" in hint and "much" not in hint
    assert_hint(capsys, nb06.stuck_share_prediction, 30, "between 0 and 1", "percentage")
    assert_hint(capsys, nb06.stuck_share_prediction, -0.1, "between 0 and 1")
    assert_hint(capsys, nb06.stuck_share_prediction, "0.04", "text")
    for printed in (assert_hint(capsys, nb06.stuck_share_prediction, v) for v in (0.3, 0.9, 0.5)):
        assert f"{measured:g}" not in printed and f"{measured:.1%}" not in printed

