"""Training: batch and online gradient descent, history, snapshots, early stop, divergence."""

import numpy as np
import pytest

from nnlib import Network, noisy_gate, train, xor

X, Y = xor()

# Documented behaviour of the 2-2-1 sigmoid net on XOR (full batch, MSE, 5,000 epochs):
# these seeds solve it at every learning rate below; seeds 6, 10, 11, 13 and 14 get stuck
# near a loss of 0.125 (a local minimum) and stay there even after 10,000 epochs at rate 4.
SOLVING_SEEDS = [0, 1, 2, 3, 4, 5, 7, 8, 12, 15]
STUCK_SEEDS = [6, 10, 11, 13, 14]


@pytest.mark.parametrize("learning_rate", [0.5, 1.0, 2.0, 4.0])
@pytest.mark.parametrize("seed", SOLVING_SEEDS)
def test_xor_221_converges_for_documented_seeds(seed, learning_rate):
    net = Network([2, 2, 1], seed=seed)
    history = train(net, X, Y, epochs=5000, learning_rate=learning_rate, stop_below=0.01)
    assert history.final_loss < 0.01
    np.testing.assert_array_equal(net.predict(X) > 0.5, Y > 0.5)


@pytest.mark.parametrize("seed", STUCK_SEEDS)
def test_xor_221_stays_stuck_for_documented_seeds(seed):
    net = Network([2, 2, 1], seed=seed)
    history = train(net, X, Y, epochs=10000, learning_rate=4.0)
    assert 0.12 < history.final_loss < 0.13
    # Stuck means stuck: the last 5,000 epochs barely moved the loss.
    assert history.losses[5000] - history.final_loss < 1e-3


def test_history_records_the_loss_before_each_update_and_after_the_last():
    net = Network([2, 2, 1], seed=0)
    start = net.loss(X, Y)
    history = train(net, X, Y, epochs=50, learning_rate=1.0)
    assert history.losses.shape == (51,) and history.epochs_run == 50
    assert history.losses[0] == start
    assert history.final_loss == net.loss(X, Y)
    assert history.report == "mse"


def test_batch_training_is_repeated_gradient_steps():
    net, twin = Network([2, 3, 1], seed=2), Network([2, 3, 1], seed=2)
    train(net, X, Y, epochs=3, learning_rate=0.7, loss="sse")
    for _ in range(3):
        twin.step(twin.gradients(X, Y, loss="sse"), 0.7)
    for a, b in zip(net.parameter_list(), twin.parameter_list()):
        np.testing.assert_allclose(a, b, rtol=1e-14)


def test_online_training_steps_through_examples_in_order():
    order = [2, 0, 3, 1]
    net, twin = Network([2, 2, 1], seed=1), Network([2, 2, 1], seed=1)
    train(net, X, Y, epochs=2, learning_rate=0.6, loss="sse", mode="online", order=order)
    for _ in range(2):
        for i in order:
            twin.step(twin.gradients(X[i:i + 1], Y[i:i + 1], loss="sse"), 0.6)
    for a, b in zip(net.parameter_list(), twin.parameter_list()):
        np.testing.assert_allclose(a, b, rtol=1e-14)


def test_online_and_batch_follow_different_paths():
    a, b = Network([2, 2, 1], seed=1), Network([2, 2, 1], seed=1)
    train(a, X, Y, epochs=10, learning_rate=0.5, mode="online")
    train(b, X, Y, epochs=10, learning_rate=0.5, mode="batch")
    assert not np.allclose(a.weights[0], b.weights[0])


def test_stop_below_stops_at_the_first_epoch_under_the_threshold():
    net = Network([2, 2, 1], seed=0)
    history = train(net, X, Y, epochs=5000, learning_rate=2.0, stop_below=0.01)
    assert history.stopped_early
    assert history.final_loss < 0.01 <= history.losses[-2]


def test_snapshots_every_k_epochs_and_at_the_end():
    net = Network([2, 2, 1], seed=0)
    history = train(net, X, Y, epochs=95, learning_rate=1.0, snapshot_every=10)
    assert [s.epoch for s in history.snapshots] == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95]
    for snap in history.snapshots:
        assert snap.network.loss(X, Y) == pytest.approx(history.losses[snap.epoch], rel=1e-12)
    assert history.snapshots[-1].network.weights[0] is not net.weights[0]


def test_report_can_differ_from_the_loss_followed():
    net, twin = Network([2, 2, 1], seed=0), Network([2, 2, 1], seed=0)
    h1 = train(net, X, Y, epochs=20, loss="sse", report="mae")
    h2 = train(twin, X, Y, epochs=20, loss="sse")
    assert h1.report == "mae"
    assert h1.final_loss == pytest.approx(float(np.mean(np.abs(net.predict(X) - Y))))
    np.testing.assert_array_equal(net.weights[0], twin.weights[0])
    assert h2.final_loss != h1.final_loss


def test_divergence_is_reported_not_raised():
    """A learning rate near the largest float overflows ReLU units: no warning, a flag.

    (Sigmoid units cannot overflow: they saturate, their slope becomes 0, and
    training just stops moving.)
    """
    X_big, y_big = noisy_gate("xor", 10, 0.3, seed=0)
    net = Network([2, 4, 1], seed=0, activation="relu")
    history = train(net, 100 * X_big, y_big, epochs=50, learning_rate=1e306)
    assert history.diverged
    assert not np.isfinite(history.final_loss)
    assert history.epochs_run < 50
