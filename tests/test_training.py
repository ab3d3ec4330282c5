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
def test_xor_221_converges_for_documented_seeds(learning_rate):
    failed = []
    for seed in SOLVING_SEEDS:
        net = Network([2, 2, 1], seed=seed)
        history = train(net, X, Y, epochs=5000, learning_rate=learning_rate, stop_below=0.01)
        if not (history.final_loss < 0.01 and np.array_equal(net.predict(X) > 0.5, Y > 0.5)):
            failed.append(f"seed {seed}: final loss {history.final_loss:.4g}, predictions {net.predict(X).ravel()}")
    assert not failed, "\n".join(failed)


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
    assert history.recorded_loss == "mse"


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


def test_a_run_that_reaches_the_threshold_only_at_its_last_epoch_did_not_stop_early():
    """stopped_early means "fell below stop_below while epochs were left". Here one epoch is run
    and stop_below sits halfway between the loss before it and after it, so the loss first falls
    under the threshold when no epoch is left: all epochs ran, nothing was cut short."""
    before, after = train(Network([2, 2, 1], seed=0), X, Y, epochs=1, learning_rate=2.0).losses
    assert after < before                                          # the step went downhill
    history = train(Network([2, 2, 1], seed=0), X, Y, epochs=1, learning_rate=2.0,
                    stop_below=(before + after) / 2)
    assert history.epochs_run == 1 and history.final_loss < (before + after) / 2
    assert history.stopped_early is False
    # the same threshold with two epochs to run: the loss is under it after one, so it stops early
    assert train(Network([2, 2, 1], seed=0), X, Y, epochs=2, learning_rate=2.0,
                 stop_below=(before + after) / 2).stopped_early is True


def test_snapshots_every_k_epochs_and_at_the_end():
    net = Network([2, 2, 1], seed=0)
    history = train(net, X, Y, epochs=95, learning_rate=1.0, snapshot_every=10)
    assert [s.epoch for s in history.snapshots] == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95]
    for snap in history.snapshots:
        assert snap.network.loss(X, Y) == pytest.approx(history.losses[snap.epoch], rel=1e-12)
    assert history.snapshots[-1].network.weights[0] is not net.weights[0]


def test_report_can_differ_from_the_loss_followed():
    net, twin = Network([2, 2, 1], seed=0), Network([2, 2, 1], seed=0)
    h1 = train(net, X, Y, epochs=20, loss="sse", recorded_loss="mae")
    h2 = train(twin, X, Y, epochs=20, loss="sse")
    assert h1.recorded_loss == "mae"
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


def test_order_in_batch_mode_is_refused():
    """Regression (issue 9, bug 6): order was silently ignored in batch mode."""
    with pytest.raises(ValueError, match=r"order only applies to mode='online' .* Got order=\[3, 2, 1, 0\] with mode='batch'"):
        train(Network([2, 2, 1]), X, Y, epochs=1, order=[3, 2, 1, 0])


@pytest.mark.parametrize("order,error,message", [
    ("0123", TypeError, r"order must be a list of example indices such as \[0, 1, 2, 3\], got str '0123'"),
    ([0.5, 1, 2, 3], TypeError, r"order\[0\] must be a whole number >= 0, got float 0.5"),
    ([0, 1, 2, 3.7], TypeError, r"order\[3\] must be a whole number >= 0, got float 3.7"),
])
def test_online_order_must_be_whole_numbers(order, error, message):
    """Regression (issue 9, bug 6): floats were truncated and '0123' was read digit by digit."""
    with pytest.raises(error, match=message):
        train(Network([2, 2, 1]), X, Y, epochs=1, mode="online", order=order)


def test_online_order_accepts_whole_floats_and_arrays():
    nets = [Network([2, 2, 1], seed=1) for _ in range(3)]
    for net, order in zip(nets, ([3, 1, 0, 2], [3.0, 1.0, 0.0, 2.0], np.array([3, 1, 0, 2]))):
        train(net, X, Y, epochs=3, mode="online", order=order)
    for other in nets[1:]:
        for a, b in zip(nets[0].parameter_list(), other.parameter_list()):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("learning_rate", [1e3, 1e6])
def test_absurd_learning_rates_stall_and_say_so(learning_rate):
    """At α = 1e3 the first step drives every sigmoid deep into its flat tail: the slope is 0 in
    floating point, no later step moves anything, and the loss stays high for good."""
    history = train(Network([2, 2, 1], seed=0), X, Y, epochs=200, learning_rate=learning_rate)
    assert history.stalled and not history.diverged
    assert history.losses[1] == history.final_loss            # nothing moved after the first step
    assert history.final_loss > 0.1


def test_a_run_that_is_learning_is_not_stalled():
    assert not train(Network([2, 2, 1], seed=0), X, Y, epochs=2000, learning_rate=2.0).stalled
    # a stuck seed still creeps towards its local minimum: stuck, but not stalled
    assert not train(Network([2, 2, 1], seed=6), X, Y, epochs=2000, learning_rate=2.0).stalled


def test_stalled_rule_on_hand_made_histories():
    from nnlib.training import loss_stalled
    flat = np.full(101, 0.25)
    assert loss_stalled(flat)                                  # no change at all, loss 0.25
    moving = np.linspace(0.25, 0.2, 101)
    assert not loss_stalled(moving)
    assert not loss_stalled(np.zeros(101))                     # a perfect fit is not a stall
    assert not loss_stalled(np.full(5, 0.25))                  # too few epochs to tell
    assert loss_stalled(np.full((3, 5), 0.25)).shape == (3,)    # one answer per run, even too short to judge
    assert loss_stalled(np.full(11, 0.25))                     # 10 epochs are enough (STALL_MIN_EPOCHS)
    tiny = flat.copy()
    tiny[-1] = 0.25 * (1 - 1e-10)                              # moved by 1e-10 of itself: stalled
    assert loss_stalled(tiny)
    tiny[-1] = 0.25 * (1 - 1e-8)                               # by 1e-8: still moving
    assert not loss_stalled(tiny)
    np.testing.assert_array_equal(loss_stalled(np.stack([flat, moving])), [True, False])
    # The tolerance is relative to the loss (1e-9 of it), not an absolute 1e-9:
    small = np.full(101, 1e-4)
    small[-1] -= 5e-10                                         # 5e-6 of itself: still moving
    assert not loss_stalled(small)
    large = np.full(101, 50.0)
    large[-1] -= 5e-9                                          # 1e-10 of itself: stalled
    assert loss_stalled(large)


def test_the_stall_window_is_the_last_tenth_of_the_epochs():
    """100 epochs: the rule compares L[100] with L[100 − 100 // 10] = L[90], nothing further back."""
    from nnlib.training import loss_stalled
    # falling from 0.5 until epoch 90, then flat at 0.25: unchanged over the last 10 epochs, stalled
    # (a window of 20 would reach back to epoch 80, where the loss was still 0.25 + 0.25 · 10/90)
    flat_from_90 = np.concatenate([np.linspace(0.5, 0.25, 91), np.full(10, 0.25)])
    assert loss_stalled(flat_from_90)
    # flat only from epoch 91: L[90] is 0.25 + 0.25/91 above L[100], so it moved within the window
    # (a window of 5 would see only the flat part)
    flat_from_91 = np.concatenate([np.linspace(0.5, 0.25, 92), np.full(9, 0.25)])
    assert not loss_stalled(flat_from_91)
    # 109 epochs: 109 // 10 = 10 still, so L[99] is compared with L[109]
    assert loss_stalled(np.concatenate([np.linspace(0.5, 0.25, 100), np.full(10, 0.25)]))
    assert not loss_stalled(np.concatenate([np.linspace(0.5, 0.25, 101), np.full(9, 0.25)]))


def test_learner_friendly_numbers_are_accepted():
    a, b = Network([2, 2, 1], seed=3), Network(np.array([2, 2, 1]), seed=3.0)
    train(a, X, Y, epochs=10, learning_rate=0.5)
    train(b, X, Y, epochs=10.0, learning_rate=np.array(0.5))
    for p, q in zip(a.parameter_list(), b.parameter_list()):
        np.testing.assert_array_equal(p, q)


def test_a_run_stopped_early_keeps_its_last_network_as_the_last_snapshot():
    net = Network([2, 2, 1], seed=0)
    history = train(net, X, Y, epochs=5000, learning_rate=2.0, stop_below=0.01, snapshot_every=100)
    assert history.stopped_early and history.epochs_run % 100 != 0      # stopped between two snapshots
    last = history.snapshots[-1]
    assert last.epoch == history.epochs_run
    np.testing.assert_array_equal(last.network.predict(X), net.predict(X))
    assert last.network.weights[0] is not net.weights[0]


def test_stop_below_means_strictly_below():
    """A loss equal to stop_below does not stop training: the rule is loss < stop_below."""
    start = Network([2, 2, 1], seed=0).loss(X, Y)
    history = train(Network([2, 2, 1], seed=0), X, Y, epochs=5, learning_rate=1.0, stop_below=start)
    assert history.epochs_run >= 1 and history.losses[0] == start
