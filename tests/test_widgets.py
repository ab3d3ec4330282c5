"""nnlib.widgets, headless: set a control's value and check what was trained and drawn.

Setting ``explorer.controls[name].value`` runs the same observer a slider
runs in the browser, synchronously, so each test sees the finished redraw.
"""

import math

import matplotlib

matplotlib.use("Agg")   # no display needed; must come before pyplot is imported

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import nnlib  # noqa: E402
from nnlib import plots, widgets  # noqa: E402
from nnlib.data import CORNERS  # noqa: E402
from nnlib.training import Snapshot  # noqa: E402

TRAINING_CONTROLS = ["data", "hidden", "activation", "bias", "seed", "learning_rate", "epochs"]


@pytest.fixture(autouse=True)
def no_figures_left_open():
    yield
    assert plt.get_fignums() == [], "an explorer left a pyplot figure open"


@pytest.fixture
def xor():
    return widgets.xor_explorer()


@pytest.fixture
def count_training(monkeypatch):
    """Count the calls of nnlib.train made by the widgets."""
    calls = []

    def counting_train(*args, **kwargs):
        calls.append(kwargs)
        return nnlib.train(*args, **kwargs)

    monkeypatch.setattr(widgets, "train", counting_train)
    return calls


def trained_independently(seed=0, learning_rate=2.0, epochs=1000, hidden=2, bias=True, activation="sigmoid",
                          data="xor"):
    """What nnlib.train gives for these settings, computed here without the widgets."""
    if data.startswith("noisy "):
        X, y = nnlib.noisy_gate(data[len("noisy "):])
    else:
        X, y = nnlib.gate(data)
    net = nnlib.Network([2, hidden, 1], bias=bias, seed=seed, activation=activation)
    return nnlib.train(net, X, y, epochs=epochs, learning_rate=learning_rate, loss="mse")


def current_settings(explorer):
    return {name: explorer.controls[name].value for name in TRAINING_CONTROLS}


def loss_line(explorer):
    return [line for line in explorer.axes[0].lines if line.get_label() == "loss"][0]


def marker(explorer):
    return [line for line in explorer.axes[0].lines if line.get_label().startswith("epoch ")][0]


def boundary_image(explorer):
    return np.array(explorer.axes[1].images[0].get_array())


def assert_nothing_plotted_is_nan(explorer):
    for ax in explorer.axes:
        for line in ax.lines:
            assert np.all(np.isfinite(line.get_xydata())), line.get_label()
        for image in ax.images:
            assert np.all(np.isfinite(image.get_array()))


# --- the XOR explorer: what it shows first -----------------------------------------

def test_xor_explorer_defaults(xor):
    assert current_settings(xor) == {"data": "xor", "hidden": 2, "activation": "sigmoid", "bias": True,
                                     "seed": 0, "learning_rate": 2.0, "epochs": 1000}
    assert xor.controls["epoch"].value == 1000            # the trained network is shown first
    assert xor.controls["epoch"].step == 10               # 101 snapshots: epochs 0, 10, …, 1000


def test_seed_0_learns_xor_at_the_defaults(xor):
    expected = trained_independently()
    assert xor.history.final_loss == expected.final_loss
    assert xor.history.final_loss < 0.01
    final = xor.history.snapshots[-1].network.predict(CORNERS)
    assert np.array_equal(np.round(final[:, 0]), [0, 1, 1, 0])
    assert f"final loss: {expected.final_loss:.6g}" in xor.summary.value
    assert " ".join(f"{v:.3f}" for v in final[:, 0]) in xor.summary.value


def test_the_explorer_is_a_widget_that_shows_itself(xor):
    assert isinstance(xor.widget, ipywidgets.Box)
    assert xor.summary in xor.widget.children and xor.image in xor.widget.children
    assert "nnlib-summary" in xor.summary._dom_classes
    assert isinstance(xor.figure, Figure)
    bundle = xor._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == xor.widget.model_id
    assert bytes(xor.image.value).startswith(b"\x89PNG")


def test_retraining_sliders_report_only_when_released(xor):
    for name in ("seed", "learning_rate", "epochs", "hidden"):
        assert xor.controls[name].continuous_update is False
    learning_rate = xor.controls["learning_rate"]
    power = math.log2(learning_rate.value)
    assert learning_rate.base == 2 and learning_rate.step == 1
    assert power == round(power)                                          # on the browser's grid
    assert learning_rate.min == -7 and learning_rate.max == 7             # 0.0078 … 128


# --- retraining -------------------------------------------------------------------

def test_setting_the_seed_retrains_to_what_train_gives(xor):
    before_loss, before_png = xor.history.final_loss, bytes(xor.image.value)
    before_curve = loss_line(xor).get_ydata().copy()
    xor.controls["seed"].value = 3
    expected = trained_independently(seed=3)
    assert xor.history.final_loss != before_loss
    assert xor.history.final_loss == expected.final_loss
    np.testing.assert_array_equal(xor.history.losses, expected.losses)
    assert f"final loss: {expected.final_loss:.6g}" in xor.summary.value
    assert not np.array_equal(loss_line(xor).get_ydata(), before_curve)       # the artists changed
    np.testing.assert_array_equal(loss_line(xor).get_ydata(), expected.losses)
    assert bytes(xor.image.value) != before_png                                       # and the picture


@pytest.mark.parametrize("name, value", [
    ("learning_rate", 8.0), ("epochs", 500), ("hidden", 3), ("bias", False), ("activation", "tanh"),
    ("data", "noisy or"),
])
def test_every_training_control_retrains(xor, count_training, name, value):
    before = xor.history.final_loss
    xor.controls[name].value = value
    assert len(count_training) == 1
    expected = trained_independently(**{name: value})
    assert xor.history.final_loss == expected.final_loss != before
    assert f"final loss: {expected.final_loss:.6g}" in xor.summary.value


def test_snapshots_are_at_most_about_a_hundred(xor, count_training):
    xor.controls["epochs"].value = 4300
    assert count_training[0]["snapshot_every"] == 43
    assert len(xor.history.snapshots) == 101
    for name in ("epoch", "play"):
        assert (xor.controls[name].max, xor.controls[name].step, xor.controls[name].value) == (4300, 43, 4300)


# --- scrubbing -----------------------------------------------------------------------

def test_scrubbing_redraws_from_snapshots_without_retraining(xor, count_training):
    png, image = bytes(xor.image.value), boundary_image(xor)
    xor.controls["epoch"].value = 600
    assert count_training == []
    assert list(marker(xor).get_xdata()) == [600]
    assert list(marker(xor).get_ydata()) == [xor.history.losses[600]]
    assert xor.axes[1].get_title() == "ŷ at epoch 600"
    assert not np.array_equal(boundary_image(xor), image)
    assert bytes(xor.image.value) != png
    # The boundary is the snapshot's: the network as it was after 600 epochs.
    at_600 = next(s.network for s in xor.history.snapshots if s.epoch == 600)
    x1, x2 = plots.grid_over(xor.X, xor.resolution)
    X1, X2 = np.meshgrid(x1, x2)
    expected = at_600.predict(np.column_stack([X1.ravel(), X2.ravel()])).reshape(len(x2), len(x1))
    np.testing.assert_allclose(boundary_image(xor), expected)
    assert "shown: epoch 600" in xor.summary.value


def test_scrubbing_to_both_ends_and_between_snapshots(xor, count_training):
    xor.controls["epoch"].value = 0
    assert list(marker(xor).get_xdata()) == [0]
    xor.controls["epoch"].value = 605                        # between snapshots: the one before
    assert list(marker(xor).get_xdata()) == [600]
    xor.controls["epoch"].value = xor.controls["epoch"].max
    assert list(marker(xor).get_xdata()) == [1000]
    assert count_training == []


def test_play_and_scrubber_share_the_range(xor):
    xor.controls["epochs"].value = 500
    play, epoch = xor.controls["play"], xor.controls["epoch"]
    assert (play.min, play.max, play.step) == (epoch.min, epoch.max, epoch.step) == (0, 500, 5)


# --- caching ----------------------------------------------------------------------

def test_a_seen_setting_comes_from_the_cache(xor, count_training):
    xor.controls["seed"].value = 5
    first = xor.history
    xor.controls["seed"].value = 6
    xor.controls["seed"].value = 5
    assert xor.history is first
    assert len(count_training) == 2
    xor.controls["seed"].value = 0                            # the defaults, trained at start
    assert len(count_training) == 2


def test_the_cache_keeps_only_the_most_recent_runs(count_training, monkeypatch):
    explorer = widgets.xor_explorer(epochs=100)
    monkeypatch.setattr(explorer, "redraw", lambda: None)     # only the training matters here
    for seed in range(1, 41):
        explorer.controls["seed"].value = seed
    assert len(explorer.cache) == widgets.CACHE_SIZE
    assert ("xor", 2, "sigmoid", True, 40, 2.0, 100) in explorer.cache
    assert ("xor", 2, "sigmoid", True, 0, 2.0, 100) not in explorer.cache


# --- nothing breaks at the edges -------------------------------------------------------

@pytest.mark.parametrize("name, value", [
    ("learning_rate", 128.0), ("learning_rate", 2.0 ** -7), ("seed", 0), ("seed", 99), ("hidden", 8),
    ("epochs", 100),
])
def test_extreme_settings_do_not_raise(xor, name, value):
    xor.controls["seed"].value = 1
    xor.controls[name].value = value
    for epoch in (0, xor.controls["epoch"].max):
        xor.controls["epoch"].value = epoch
        assert_nothing_plotted_is_nan(xor)
    assert f"final loss: {xor.history.final_loss:.6g}" in xor.summary.value


def test_the_longest_training_does_not_raise(xor):
    xor.controls["epochs"].value = 10000
    assert xor.history.epochs_run == 10000 and len(xor.history.snapshots) == 101
    assert_nothing_plotted_is_nan(xor)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("bias", [True, False])
def test_every_activation_with_and_without_bias(xor, activation, bias):
    xor.controls["bias"].value = bias
    xor.controls["activation"].value = activation
    assert xor.history.final_loss == trained_independently(bias=bias, activation=activation).final_loss
    assert_nothing_plotted_is_nan(xor)


@pytest.mark.parametrize("data", widgets.DATA_SETS)
def test_every_data_set(xor, data):
    xor.controls["data"].value = data
    assert xor.history.final_loss == trained_independently(data=data).final_loss
    assert len(xor.axes[1].collections) >= 2                   # the points are drawn
    xor.controls["epoch"].value = 0
    assert_nothing_plotted_is_nan(xor)


def exploding_train(net, X, y, **kwargs):
    """nnlib.train, but the loss turns NaN at epoch 500 (what a diverging run records)."""
    history = nnlib.train(net, X, y, **kwargs)
    broken = net.copy()
    broken.weights[0][:] = np.nan
    history.losses = np.append(history.losses[:500], np.nan)
    history.snapshots = [s for s in history.snapshots if s.epoch < 500] + [Snapshot(500, broken)]
    history.diverged = True
    return history


def test_a_run_that_diverges_says_so_and_plots_no_nan(xor, monkeypatch):
    monkeypatch.setattr(widgets, "train", exploding_train)
    xor.controls["seed"].value = 2
    assert "Diverged: the loss became NaN or infinite at epoch 500" in xor.summary.value
    assert xor.controls["epoch"].max == 490                   # the last snapshot that is a number
    assert_nothing_plotted_is_nan(xor)
    xor.controls["epoch"].value = 0
    assert_nothing_plotted_is_nan(xor)


@pytest.mark.parametrize("settings, error, message", [
    ({"seed": 100}, ValueError, "seed must be a whole number from 0 to 99"),
    ({"learning_rate": 0.3}, ValueError, r"learning_rate must be a power of two from 2\*\*-7 to 2\*\*7"),
    ({"learning_rate": 256.0}, ValueError, "learning_rate must be a power of two"),
    ({"learning_rate": True}, TypeError, "learning_rate must be a positive number, got bool"),
    ({"epochs": 150}, ValueError, "epochs must be one of the slider's stops 100, 200, …, 10000; got 150"),
    ({"epochs": 20000}, ValueError, "epochs must be a whole number from 100 to 10000"),
    ({"hidden": 1}, ValueError, "hidden must be a whole number >= 2"),
    ({"seed": 1.5}, TypeError, "seed must be a whole number"),
    ({"activation": "swish"}, ValueError, "unknown activation 'swish'"),
    ({"data": "nand"}, ValueError, "unknown data set 'nand'"),
])
def test_xor_explorer_rejects_bad_starting_values(settings, error, message):
    with pytest.raises(error, match=message):
        widgets.xor_explorer(**settings)


# --- the neuron explorer -------------------------------------------------------------

def set_neuron(explorer, gate, w1, w2, b):
    for name, value in (("gate", gate), ("w1", w1), ("w2", w2), ("b", b)):
        explorer.controls[name].value = value


def test_neuron_explorer_counts_the_points_on_the_right_side():
    explorer = widgets.neuron_explorer()
    assert explorer.controls["gate"].value == "and"
    set_neuron(explorer, "and", 1.0, 1.0, -1.5)
    assert explorer.right == 4 and "AND: 4 of 4 points right" in explorer.summary.value
    set_neuron(explorer, "or", 1.0, 1.0, -0.5)
    assert explorer.right == 4 and "OR: 4 of 4 points right" in explorer.summary.value
    set_neuron(explorer, "xor", 1.0, 1.0, -0.5)
    assert explorer.right == 3 and explorer.axes[0].get_title() == "XOR: 3 of 4 points right"
    y_hat = nnlib.sigmoid(CORNERS @ [1.0, 1.0] - 0.5)
    assert " ".join(f"{v:.3f}" for v in y_hat) in explorer.summary.value


def test_neuron_explorer_redraws_the_line():
    explorer = widgets.neuron_explorer("or")
    before = explorer.axes[0].lines[0].get_xydata().copy()
    explorer.controls["b"].value = -1.5
    assert not np.array_equal(explorer.axes[0].lines[0].get_xydata(), before)
    explorer.controls["w1"].value = 0.0
    explorer.controls["w2"].value = 0.0                        # no line at all: still fine
    assert len(explorer.axes[0].lines) == 0


def test_neuron_explorer_rejects_an_unknown_gate():
    with pytest.raises(ValueError, match="unknown gate 'nand'"):
        widgets.neuron_explorer("nand")


# --- the learning-rate explorer --------------------------------------------------------

@pytest.fixture
def rates():
    return widgets.learning_rate_explorer()


def test_learning_rate_explorer_trains_one_neuron_from_zero(rates):
    assert rates.controls["learning_rate"].value == 1.0 and rates.controls["epochs"].value == 100
    rates.controls["learning_rate"].value = 0.1
    net = nnlib.Network.from_weights([[[0.0]]], [[0.0]])
    expected = nnlib.train(net, widgets.LR_X, widgets.LR_Y, epochs=100, learning_rate=0.1, loss="mse")
    assert rates.history.final_loss == expected.final_loss
    assert f"final loss: {expected.final_loss:.6g}" in rates.summary.value
    descent = [line for line in rates.axes[0].lines if line.get_label() == "gradient descent"][0]
    assert len(descent.get_xdata()) == 101 and tuple(descent.get_xydata()[0]) == (0.0, 0.0)
    assert (descent.get_xdata()[-1], descent.get_ydata()[-1]) == (net.weights[0][0, 0], net.biases[0][0])


@pytest.mark.parametrize("learning_rate, verdict", [
    (2.0 ** -7, "Slow"), (1.0, "Good"), (4.0, "Overshooting"), (128.0, "Diverged"),
])
def test_too_small_good_and_divergent_are_all_on_the_slider(rates, learning_rate, verdict):
    slider = rates.controls["learning_rate"]
    assert 2.0 ** slider.min <= learning_rate <= 2.0 ** slider.max
    rates.controls["learning_rate"].value = learning_rate
    assert rates.verdict.startswith(verdict)
    assert verdict in rates.summary.value
    assert_nothing_plotted_is_nan(rates)


def test_learning_rate_explorer_keeps_the_surface_and_replaces_the_path(rates):
    surface = rates.axes[0].collections[0]
    rates.controls["epochs"].value = 300
    assert rates.axes[0].collections[0] is surface
    assert [line.get_label() for line in rates.axes[0].lines].count("gradient descent") == 1


def test_describe_run_reports_nan():
    history = nnlib.History(losses=np.array([0.3, np.nan]), report="mse", diverged=True)
    assert widgets.describe_run(history).startswith("Diverged: the loss became NaN or infinite at epoch 1")


# --- the many-seeds explorer -------------------------------------------------------------

def test_many_seeds_explorer_counts_the_stuck_seeds(count_training):
    explorer = widgets.many_seeds_explorer(seeds=100, epochs=500)
    X, y = nnlib.xor()
    expected = nnlib.train_many_seeds([2, 2, 1], 100, X, y, epochs=500, learning_rate=2.0)
    np.testing.assert_array_equal(explorer.result.final_losses, expected.final_losses)
    share = 100 * expected.stuck_fraction(0.05)
    assert f"{share:.1f}% of 100 seeds stuck" in explorer.summary.value
    assert explorer.axes[0].get_title().startswith(f"{share:.1f}% of 100 seeds stuck")


def test_many_seeds_explorer_retrains_and_caches():
    explorer = widgets.many_seeds_explorer(seeds=50, epochs=300)
    first = explorer.result
    explorer.controls["learning_rate"].value = 8.0
    assert explorer.result is not first
    assert explorer.result.final_losses.mean() < first.final_losses.mean()
    explorer.controls["learning_rate"].value = 2.0
    assert explorer.result is first


def test_many_seeds_explorer_defaults():
    assert widgets.ManySeedsExplorer.__init__.__defaults__ == (2.0, 1000, 1000, 0.05)


@pytest.mark.parametrize("make, settings, message", [
    (widgets.many_seeds_explorer, {"seeds": 15}, "seeds must be one of the slider's stops 10, 20"),
    (widgets.many_seeds_explorer, {"threshold": 0}, "threshold must be a positive number"),
    (widgets.learning_rate_explorer, {"epochs": 105}, "epochs must be one of the slider's stops 10, 20"),
    (widgets.learning_rate_explorer, {"learning_rate": 3.0}, "learning_rate must be a power of two"),
])
def test_other_explorers_reject_bad_starting_values(make, settings, message):
    with pytest.raises(ValueError, match=message):
        make(**settings)
