"""nncourse.explorers, headless: set a control's value and check what was trained and drawn.

Setting ``explorer.controls[name].value`` runs the same observer a slider
runs in the browser, synchronously, so each test sees the finished redraw.
"""

import inspect
import math

import matplotlib

matplotlib.use("Agg")   # no display needed; must come before pyplot is imported

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import nnlib  # noqa: E402
from nncourse import explorers, plots  # noqa: E402
from nncourse.explorers import cache as cache_module, many_seeds as many_seeds_module, xor as xor_module  # noqa: E402
from nnlib.data import CORNERS  # noqa: E402
from nnlib.training import Snapshot  # noqa: E402

TRAINING_CONTROLS = ["data", "hidden", "activation", "bias", "seed", "learning_rate", "epochs"]


@pytest.fixture(autouse=True)
def no_figures_left_open():
    yield
    assert plt.get_fignums() == [], "an explorer left a pyplot figure open"


@pytest.fixture
def xor():
    return explorers.xor_explorer()


@pytest.fixture
def count_training(monkeypatch):
    """Count the calls of nnlib.train made by the XOR explorer."""
    calls = []

    def counting_train(*args, **kwargs):
        calls.append(kwargs)
        return nnlib.train(*args, **kwargs)

    monkeypatch.setattr(xor_module, "train", counting_train)
    return calls


def trained_independently(seed=0, learning_rate=2.0, epochs=1000, hidden=2, bias=True, activation="sigmoid",
                          data="xor"):
    """What nnlib.train gives for these settings, computed here without the explorers."""
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

def test_xor_explorer_starts_at_its_arguments_defaults(xor):
    defaults = {name: p.default for name, p in inspect.signature(explorers.xor_explorer).parameters.items()
                if name != "preset"}
    assert current_settings(xor) == defaults
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
    bundle, metadata = xor._repr_mimebundle_()          # the widget, its picture and one line: test_fallback.py
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


def test_every_training_control_retrains(xor, count_training):
    # One explorer for all the controls, as a learner moves one after another; each is put back
    # to its default before the next (that run comes from the cache, without training).
    for name, value in [("learning_rate", 8.0), ("epochs", 500), ("hidden", 3), ("bias", False),
                        ("activation", "tanh"), ("data", "noisy or")]:
        default, before = xor.controls[name].value, xor.history.final_loss
        count_training.clear()
        xor.controls[name].value = value
        assert len(count_training) == 1, f"{name} = {value!r} trained {len(count_training)} times"
        expected = trained_independently(**{name: value})
        assert xor.history.final_loss == expected.final_loss != before, f"{name} = {value!r}"
        assert f"final loss: {expected.final_loss:.6g}" in xor.summary.value, f"{name} = {value!r}"
        xor.controls[name].value = default
        assert xor.history.final_loss == before and len(count_training) == 1, f"{name} back to {default!r}"


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
    x1, x2 = plots.grid_over(xor.X, xor.picture.resolution)
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


def run_bytes(history):
    """Bytes of a run's arrays, counted here independently: every array's data + 112 bytes of object."""
    arrays = [history.losses] + [p for s in history.snapshots for p in (*s.network.weights, *s.network.biases)]
    return sum(a.size * a.itemsize + 112 for a in arrays)


def test_the_cache_is_bounded_by_bytes_and_keeps_the_most_recent_runs(count_training, monkeypatch):
    # 100 epochs: the explorer keeps a snapshot after every epoch (0 … 100), all runs the same size.
    one_run = run_bytes(nnlib.train(nnlib.Network([2, 2, 1], seed=1), *nnlib.xor(), epochs=100, learning_rate=2.0,
                                    snapshot_every=1))
    monkeypatch.setattr(xor_module, "XOR_CACHE_BYTES", int(3.5 * one_run))      # room for 3 runs, not 4
    explorer = explorers.xor_explorer(epochs=100)
    monkeypatch.setattr(explorer, "redraw", lambda: None)     # only the training matters here
    for seed in range(1, 41):
        explorer.controls["seed"].value = seed
    assert len(explorer.cache) == 3
    assert explorer.cache.nbytes == 3 * one_run <= xor_module.XOR_CACHE_BYTES
    assert [key[4] for key in explorer.cache] == [38, 39, 40]                 # the three most recent seeds
    explorer.controls["seed"].value = 39                                      # from the cache: no training
    assert len(count_training) == 41


def test_byte_lru_forgets_the_least_recently_used_by_size():
    cache = explorers.ByteLRU(100, len)
    cache["a"], cache["b"] = b"x" * 40, b"y" * 40
    assert cache["a"] == b"x" * 40                  # "a" is now the most recent
    cache["c"] = b"z" * 30                          # 110 bytes > 100: forget "b", the least recent
    assert list(cache) == ["a", "c"] and cache.nbytes == 70
    cache["big"] = b"w" * 101                       # bigger than the whole budget: not kept
    assert "big" not in cache and cache.nbytes == 70
    cache["a"] = b"x"                               # replacing an entry counts its new size only
    assert cache.nbytes == 31 and cache.get("missing", 7) == 7


# --- nothing breaks at the edges -------------------------------------------------------

def test_extreme_settings_do_not_raise(xor):
    for name, value in [("learning_rate", 128.0), ("learning_rate", 2.0 ** -7), ("seed", 0), ("seed", 99),
                        ("hidden", 8), ("epochs", 100)]:
        default = xor.controls[name].value
        xor.controls["seed"].value = 1
        xor.controls[name].value = value
        for epoch in (0, xor.controls["epoch"].max):
            xor.controls["epoch"].value = epoch
            assert_nothing_plotted_is_nan(xor)
        assert f"final loss: {xor.history.final_loss:.6g}" in xor.summary.value, f"{name} = {value!r}"
        xor.controls[name].value = default


def test_the_longest_training_does_not_raise(xor):
    xor.controls["epochs"].value = 10000
    assert xor.history.epochs_run == 10000 and len(xor.history.snapshots) == 101
    assert_nothing_plotted_is_nan(xor)


def test_every_activation_with_and_without_bias(xor):
    for bias in (True, False):
        for activation in ("sigmoid", "tanh", "relu"):
            xor.controls["bias"].value = bias
            xor.controls["activation"].value = activation
            expected = trained_independently(bias=bias, activation=activation)
            assert xor.history.final_loss == expected.final_loss, f"bias={bias}, activation={activation!r}"
            assert_nothing_plotted_is_nan(xor)


def test_every_data_set(xor):
    for data in explorers.DATA_SETS:
        xor.controls["data"].value = data
        assert xor.history.final_loss == trained_independently(data=data).final_loss, data
        assert len(xor.axes[1].collections) >= 2, data             # the points are drawn
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
    monkeypatch.setattr(xor_module, "train", exploding_train)
    xor.controls["seed"].value = 2
    assert "Diverged: the loss became NaN or infinite at epoch 500" in xor.summary.value
    assert xor.controls["epoch"].max == 490                   # the last snapshot that is a number
    assert_nothing_plotted_is_nan(xor)
    xor.controls["epoch"].value = 0
    assert_nothing_plotted_is_nan(xor)


@pytest.mark.parametrize("settings, error, message", [
    ({"seed": 1000}, ValueError, "seed must be a whole number from 0 to 999"),
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
        explorers.xor_explorer(**settings)


# --- the neuron explorer -------------------------------------------------------------

def set_neuron(explorer, gate, w1, w2, b):
    for name, value in (("gate", gate), ("w1", w1), ("w2", w2), ("b", b)):
        explorer.controls[name].value = value


def test_neuron_explorer_counts_the_points_on_the_right_side():
    explorer = explorers.neuron_explorer()
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
    explorer = explorers.neuron_explorer("or")
    before = explorer.axes[0].lines[0].get_xydata().copy()
    explorer.controls["b"].value = -1.5
    assert not np.array_equal(explorer.axes[0].lines[0].get_xydata(), before)
    explorer.controls["w1"].value = 0.0
    explorer.controls["w2"].value = 0.0                        # no line at all: still fine
    assert len(explorer.axes[0].lines) == 0


def test_neuron_explorer_rejects_an_unknown_gate():
    with pytest.raises(ValueError, match="unknown gate 'nand'"):
        explorers.neuron_explorer("nand")


# --- the learning-rate explorer --------------------------------------------------------

@pytest.fixture
def rates():
    return explorers.learning_rate_explorer()


def test_learning_rate_explorer_trains_one_neuron_from_zero(rates):
    assert rates.controls["learning_rate"].value == 1.0 and rates.controls["epochs"].value == 100
    rates.controls["learning_rate"].value = 0.1
    net = nnlib.Network.from_weights([[[0.0]]], [[0.0]])
    expected = nnlib.train(net, *nnlib.practice_hours(), epochs=100, learning_rate=0.1, loss="mse")
    assert rates.history.final_loss == expected.final_loss
    assert f"final loss: {expected.final_loss:.6g}" in rates.summary.value
    descent = [line for line in rates.axes[0].lines if line.get_label() == "gradient descent"][0]
    assert len(descent.get_xdata()) == 101 and tuple(descent.get_xydata()[0]) == (0.0, 0.0)
    assert (descent.get_xdata()[-1], descent.get_ydata()[-1]) == (net.weights[0][0, 0], net.biases[0][0])


@pytest.mark.parametrize("learning_rate, verdict", [
    (2.0 ** -7, "Slow"), (1.0, "Good"), (4.0, "Overshooting"), (128.0, "Overshot into saturation"),
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
    history = nnlib.History(losses=np.array([0.3, np.nan]), recorded_loss="mse", diverged=True)
    assert explorers.describe_run(history).startswith("Diverged: the loss became NaN or infinite at epoch 1")


# --- the many-seeds explorer -------------------------------------------------------------

def test_many_seeds_explorer_counts_the_stuck_seeds(count_training):
    explorer = explorers.many_seeds_explorer(seeds=100, epochs=500)
    X, y = nnlib.xor()
    expected = nnlib.train_many_seeds([2, 2, 1], 100, X, y, epochs=500, learning_rate=2.0)
    np.testing.assert_array_equal(explorer.result.final_losses, expected.final_losses)
    share = 100 * expected.stuck_fraction(0.05)
    assert f"{share:.1f}% of 100 seeds stuck" in explorer.summary.value
    assert explorer.axes[0].get_title().startswith(f"{share:.1f}% of 100 seeds stuck")


def test_many_seeds_explorer_retrains_and_caches():
    explorer = explorers.many_seeds_explorer(seeds=50, epochs=300)
    first = explorer.result
    explorer.controls["learning_rate"].value = 8.0
    assert explorer.result is not first
    assert explorer.result.final_losses.mean() < first.final_losses.mean()
    explorer.controls["learning_rate"].value = 2.0
    assert explorer.result is first


@pytest.mark.parametrize("make, settings, message", [
    (explorers.many_seeds_explorer, {"seeds": 15}, "seeds must be one of the slider's stops 10, 20"),
    (explorers.many_seeds_explorer, {"threshold": 0}, "threshold must be a finite number greater than 0, got 0"),
    (explorers.learning_rate_explorer, {"epochs": 105}, "epochs must be one of the slider's stops 10, 20"),
    (explorers.learning_rate_explorer, {"learning_rate": 3.0}, "learning_rate must be a power of two"),
])
def test_other_explorers_reject_bad_starting_values(make, settings, message):
    with pytest.raises(ValueError, match=message):
        make(**settings)


@pytest.mark.parametrize("make, settings, message", [
    (explorers.xor_explorer, {"bias": "no"}, "bias must be True or False, got str 'no'"),
    (explorers.many_seeds_explorer, {"threshold": True}, "threshold must be a positive number, got bool True"),
    (explorers.many_seeds_explorer, {"threshold": "0.05"}, "threshold must be a positive number, got str '0.05'"),
])
def test_flags_and_numbers_are_not_guessed(make, settings, message):
    # bias="no" would be True if read as bool(bias), and True would be a threshold of 1
    with pytest.raises(TypeError, match=message):
        make(**settings)


def test_a_numpy_float_threshold_is_a_number():
    explorer = explorers.many_seeds_explorer(seeds=10, epochs=100, threshold=np.float32(0.05))
    assert explorer.threshold == pytest.approx(0.05)


def test_projector_style_takes_only_true_or_false():
    with pytest.raises(TypeError, match="on must be True or False, got str 'no'"):
        plots.projector_style("no")
    assert not plots.projector_on()


# --- the XOR explorer past Playground: hidden-unit maps ---------------------------------------

# The 16 functions of two bits, written here as Python logic (not read from nncourse.plots).
GATES = {
    "AND": lambda a, b: a and b, "OR": lambda a, b: a or b, "XOR": lambda a, b: a != b,
    "NAND": lambda a, b: not (a and b), "NOR": lambda a, b: not (a or b), "XNOR": lambda a, b: a == b,
    "x1": lambda a, b: a, "x2": lambda a, b: b, "NOT x1": lambda a, b: not a, "NOT x2": lambda a, b: not b,
    "x1 AND NOT x2": lambda a, b: a and not b, "x2 AND NOT x1": lambda a, b: b and not a,
    "x1 OR NOT x2": lambda a, b: a or not b, "x2 OR NOT x1": lambda a, b: b or not a,
}


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def hidden_by_hand(net, points):
    """The sigmoid hidden layer of a 2-H-1 network, computed here from its weights."""
    return sigmoid(points @ net.weights[0] + net.biases[0])


def assert_title_names_the_gate(title, h_at_corners, j):
    on = [bool(v >= 0.5) for v in h_at_corners]
    matching = [name for name, f in GATES.items()
                if [bool(f(a, b)) for a, b in ((0, 0), (0, 1), (1, 0), (1, 1))] == on]
    if matching:
        assert title == f"h{j + 1} ≈ {matching[0]}"
    else:
        assert title == f"h{j + 1}: {'on' if all(on) else 'off'} at all 4 corners"


def unit_maps(explorer):
    return [(ax, ax.images[0]) for ax in explorer.picture.unit_axes if ax.get_visible()]


def test_unit_maps_show_each_hidden_unit_and_name_its_gate(xor):
    for epoch in (0, 300, 1000):
        xor.controls["epoch"].value = epoch
        net = xor.snapshot().network
        maps = unit_maps(xor)
        assert len(maps) == 2
        x1, x2 = plots.grid_over(xor.X, xor.picture.resolution)
        X1, X2 = np.meshgrid(x1, x2)
        hidden = hidden_by_hand(net, np.column_stack([X1.ravel(), X2.ravel()]))
        at_corners = hidden_by_hand(net, CORNERS)
        for j, (ax, image) in enumerate(maps):
            np.testing.assert_allclose(image.get_array(), hidden[:, j].reshape(X1.shape))
            assert_title_names_the_gate(ax.texts[0].get_text(), at_corners[:, j], j)
    # The trained XOR network: its two units compute two different gates, both named.
    titles = [ax.texts[0].get_text() for ax, _ in unit_maps(xor)]
    assert all("≈" in t for t in titles) and titles[0][4:] != titles[1][4:]


def test_unit_maps_draw_the_half_line(xor):
    net = xor.snapshot().network
    for j, (ax, _) in enumerate(unit_maps(xor)):
        line = [c for c in ax.collections if c.get_segments()][0]
        points = np.concatenate(line.get_segments())
        # On the drawn line the unit outputs 0.5 (up to the grid's linear interpolation).
        np.testing.assert_allclose(hidden_by_hand(net, points)[:, j], 0.5, atol=0.02)


def test_unit_maps_follow_the_hidden_layer_size(xor):
    xor.controls["hidden"].value = 5
    assert len(unit_maps(xor)) == 5
    xor.controls["hidden"].value = 2
    assert len(unit_maps(xor)) == 2


# --- presets -------------------------------------------------------------------------------------

def test_a_preset_sets_the_controls_trains_once_and_moving_a_control_leaves_it(xor, count_training):
    xor.controls["preset"].value = "gets stuck"
    settings, _ = explorers.PRESETS["gets stuck"]
    assert current_settings(xor) == settings
    assert len(count_training) == 1                    # one training for the whole preset, not one per control
    assert xor.history.final_loss == trained_independently(**settings).final_loss
    assert "preset 'gets stuck'" in xor.summary.value
    xor.controls["seed"].value = 7
    assert xor.controls["preset"].value == "custom"
    assert "preset" not in xor.summary.value
    assert current_settings(xor)["learning_rate"] == settings["learning_rate"]


def test_every_preset_shows_what_it_says():
    runs = {name: trained_independently(**settings) for name, (settings, _) in explorers.PRESETS.items()}
    X, y = nnlib.xor()
    quick = runs["solves quickly"]
    assert quick.losses[100] < 0.01
    stuck = runs["gets stuck"]
    assert stuck.final_loss > 0.1 and abs(stuck.losses[1000] - stuck.final_loss) < 0.01 * stuck.final_loss
    settings = explorers.PRESETS["gets stuck"][0]
    net = nnlib.Network([2, 2, 1], seed=settings["seed"])
    nnlib.train(net, X, y, epochs=settings["epochs"], learning_rate=settings["learning_rate"], loss="mse")
    y_hat = net.predict(CORNERS)[:, 0]                      # corners (0,0) (0,1) (1,0) (1,1); targets 0 1 1 0
    assert y_hat[0] < 0.05 and y_hat[2] > 0.95              # (0, 0) and (1, 0) right
    np.testing.assert_allclose(y_hat[[1, 3]], 0.5, atol=0.01)   # (0, 1) and (1, 1) at 0.5
    assert stuck.final_loss == pytest.approx((0.25 + 0.25) / 4, abs=0.001)
    big = runs["learning rate too big"]
    assert np.isfinite(big.final_loss) and big.final_loss > big.losses[0]
    assert explorers.describe_run(big).startswith("Overshot into saturation")
    # A ReLU that dies: a hidden unit on at some corner at the start, off at all four at the end.
    settings = explorers.PRESETS["a ReLU that dies"][0]
    net = nnlib.Network([2, 2, 1], seed=settings["seed"], activation="relu")
    start = np.maximum(CORNERS @ net.weights[0] + net.biases[0], 0)
    nnlib.train(net, X, y, epochs=settings["epochs"], learning_rate=settings["learning_rate"])
    end = np.maximum(CORNERS @ net.weights[0] + net.biases[0], 0)
    died = [j for j in range(2) if start[:, j].max() > 0 and end[:, j].max() == 0]
    assert died and net.loss(X, y) > 0.1
    # The seed stuck with two hidden units solves XOR with three.
    assert explorers.PRESETS["three hidden units"][0] == {**explorers.PRESETS["gets stuck"][0], "hidden": 3}
    assert runs["three hidden units"].final_loss < 0.01
    # Bias off: every hidden unit outputs σ(0) = 0.5 at (0, 0); this seed gets three corners right and
    # leaves (1, 1) at about 0.58; 4 of seeds 0-39 get all four right, none has a loss below 0.06.
    settings = explorers.PRESETS["bias off"][0]
    net = nnlib.Network([2, 2, 1], seed=settings["seed"], bias=False)
    history = nnlib.train(net, X, y, epochs=settings["epochs"], learning_rate=settings["learning_rate"], loss="mse")
    np.testing.assert_array_equal(net.forward(CORNERS[:1])[1], [[0.5, 0.5]])
    right = (net.predict(CORNERS)[:, 0] >= 0.5) == (np.array([0, 1, 1, 0]) == 1)
    assert right.tolist() == [True, True, True, False]
    assert net.predict(CORNERS)[3, 0] == pytest.approx(0.58, abs=0.005)
    assert history.final_loss == pytest.approx(0.115, abs=0.0005)
    finals, all_right = [], 0
    for seed in range(40):
        other = nnlib.Network([2, 2, 1], seed=seed, bias=False)
        finals.append(nnlib.train(other, X, y, epochs=settings["epochs"], learning_rate=settings["learning_rate"],
                                  loss="mse").final_loss)
        all_right += bool(np.array_equal(other.predict(CORNERS)[:, 0] >= 0.5, np.array([0, 1, 1, 0]) == 1))
    assert all_right == 4 and min(finals) > 0.06
    text = explorers.PRESETS["bias off"][1]
    assert "(1, 1) at ŷ ≈ 0.58 (loss 0.115)" in text and "4 of seeds 0–39" in text and "below 0.06" in text


def test_a_preset_can_be_the_starting_value():
    explorer = explorers.xor_explorer(preset="solves quickly")
    assert current_settings(explorer) == explorers.PRESETS["solves quickly"][0]
    with pytest.raises(ValueError, match="unknown preset 'fast'"):
        explorers.xor_explorer(preset="fast")


# --- reproduce this run -------------------------------------------------------------------------

def run_code(code):
    namespace = {}
    exec(code, namespace)
    return namespace["history"]


@pytest.mark.parametrize("changes", [
    {}, {"seed": 3, "learning_rate": 0.5, "epochs": 300}, {"data": "noisy and", "activation": "relu", "bias": False},
    {"hidden": 4, "activation": "tanh"},
])
def test_the_reproduce_code_trains_exactly_the_run_shown(xor, changes):
    for name, value in changes.items():
        xor.controls[name].value = value
    assert xor.code in xor.code_view.value.replace("&#x27;", "'")
    history = run_code(xor.code)
    assert history.final_loss == xor.history.final_loss
    np.testing.assert_array_equal(history.losses, xor.history.losses)


def test_the_reproduce_code_after_training_more_epochs(xor):
    xor.controls["more_10"].click()
    xor.controls["more_1"].click()
    assert "epochs=1011" in xor.code
    assert run_code(xor.code).final_loss == xor.history.final_loss


# --- seeds 0 … 999 ---------------------------------------------------------------------------------

def test_the_seed_goes_to_999_by_slider_or_typed(xor, count_training):
    seed, box = xor.controls["seed"], xor.controls["seed_box"]
    assert (seed.min, seed.max) == (box.min, box.max) == (0, 999)
    box.value = 999                                   # typed: the slider follows and the run retrains
    assert seed.value == 999 and len(count_training) == 1
    assert xor.history.final_loss == trained_independently(seed=999).final_loss
    seed.value = 500
    assert box.value == 500
    assert explorers.xor_explorer(seed=999).history.final_loss == trained_independently(seed=999).final_loss


# --- one more epoch, ten more -------------------------------------------------------------------

def test_plus_one_and_plus_ten_epochs_train_on_from_the_shown_network(xor):
    xor.controls["more_1"].click()
    np.testing.assert_array_equal(xor.history.losses, trained_independently(epochs=1001).losses)
    assert xor.controls["epoch"].value == xor.controls["epoch"].max == 1001
    assert xor.axes[1].get_title() == "ŷ at epoch 1001"
    xor.controls["more_10"].click()
    np.testing.assert_array_equal(xor.history.losses, trained_independently(epochs=1011).losses)
    assert "final loss" in xor.summary.value and "after 1011 epochs" in xor.summary.value


def test_training_on_from_an_earlier_epoch(xor):
    xor.controls["epoch"].value = 600
    xor.controls["more_1"].click()                     # from the network shown at epoch 600
    np.testing.assert_array_equal(xor.history.losses, trained_independently(epochs=601).losses)
    xor.controls["seed"].value = 1                     # a training control starts a fresh run
    assert xor.history.epochs_run == 1000


# --- statuses -----------------------------------------------------------------------------------

def test_a_relu_network_whose_loss_never_moves_is_stuck_not_diverged():
    explorer = explorers.xor_explorer(seed=8, activation="relu", bias=False)
    losses = explorer.history.losses
    assert np.all(losses == losses[0])
    # The claim in the message: every gradient is exactly zero, so no learning rate can help.
    X, y = nnlib.xor()
    net = nnlib.Network([2, 2, 1], seed=8, activation="relu", bias=False)
    assert all(np.all(g == 0) for g in net.gradients(X, y).as_list())
    assert "Stuck: zero gradient" in explorer.summary.value
    assert "Diverged" not in explorer.summary.value and "smaller learning rate" not in explorer.summary.value


def test_a_bounded_loss_that_got_worse_overshot_into_saturation(xor):
    xor.controls["learning_rate"].value = 128.0
    assert xor.history.final_loss > xor.history.losses[0]
    assert "Overshot into saturation" in xor.summary.value and "Diverged" not in xor.summary.value
    unbounded = nnlib.History(losses=np.array([0.3, 0.5, 2.0]), recorded_loss="mse")
    assert explorers.describe_run(unbounded, bounded_loss=False).startswith("Diverged: the loss ended higher")


# --- drawing less: blitting, the frame cache and the PNG --------------------------------------------

def decoded(png):
    from PIL import Image
    import io
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_a_blitted_picture_looks_like_a_full_drawing(xor):
    import io
    for change in (lambda: setattr(xor.controls["epoch"], "value", 400),
                   lambda: setattr(xor.controls["seed"], "value", 4)):
        change()
        buffer = io.BytesIO()
        xor.figure.savefig(buffer, format="png")        # saving draws everything, the moving artists too
        full, blitted = decoded(buffer.getvalue()), decoded(bytes(xor.image.value))
        assert full.shape == blitted.shape
        differ = np.any(np.abs(full - blitted) > 60, axis=2)
        assert differ.mean() < 0.005, f"{differ.mean():.2%} of the pixels differ"


@pytest.mark.parametrize("projector", [False, True], ids=["default", "projector"])
def test_a_loss_panel_drawn_alone_gives_the_picture_of_a_full_draw(projector, monkeypatch):
    """A new number of epochs, or a preset, moves only the loss axis: then only the loss panel is drawn
    again into the kept background. The picture is the one a full draw of the same state gives, pixel
    for pixel."""
    plots._restyle_on_switch.clear()                      # earlier tests' explorers need no new style
    plots.projector_style(projector)
    try:
        xor = explorers.xor_explorer()
        full_draws = []
        draw = xor.figure.canvas.draw
        monkeypatch.setattr(xor.figure.canvas, "draw", lambda: full_draws.append(1) or draw())
        for control, value in [("epochs", 1100), ("epochs", 5000), ("preset", "solves quickly"), ("epochs", 200)]:
            xor.controls[control].value = value
            alone = bytes(xor.image.value)
            assert full_draws == [], f"{control} = {value!r} drew the whole figure"
            xor._background = None                              # the same state, drawn in full
            xor.frames = cache_module.ByteLRU(xor_module.FRAME_CACHE_BYTES, len)
            xor.redraw()
            assert full_draws == [1] and bytes(xor.image.value) == alone, f"{control} = {value!r}"
            full_draws.clear()
    finally:
        plots.projector_style(False)


def test_scrubbing_and_a_new_seed_draw_no_panel_again(xor, monkeypatch):
    """Only the artists that move are drawn: the loss panel is drawn again only when its axis moved."""
    panels = []
    redraw_loss_panel = xor.picture.redraw_loss_panel
    monkeypatch.setattr(xor.picture, "redraw_loss_panel", lambda canvas: panels.append(1) or redraw_loss_panel(canvas))
    xor.controls["epoch"].value = 300
    xor.controls["seed"].value = 3
    assert panels == []
    xor.controls["epochs"].value = 1200
    assert panels == [1]


def test_scrubbing_back_reuses_the_picture(xor, monkeypatch):
    xor.controls["epoch"].value = 500
    first = bytes(xor.image.value)
    xor.controls["epoch"].value = 700
    renders = []
    original = xor.render
    monkeypatch.setattr(xor, "render", lambda *a: renders.append(1) or original(*a))
    xor.controls["epoch"].value = 500
    assert renders == [] and bytes(xor.image.value) == first
    assert list(marker(xor).get_xdata()) == [500]      # the artists follow even when the picture is reused
    assert xor.frames.nbytes <= xor_module.FRAME_CACHE_BYTES


def test_the_png_is_exactly_the_canvas(xor):
    pixels = np.asarray(xor.figure.canvas.buffer_rgba())
    from PIL import Image
    import io
    picture = Image.open(io.BytesIO(explorers.png_bytes(xor.figure.canvas)))
    assert picture.mode == "RGBA"
    np.testing.assert_array_equal(np.asarray(picture), pixels)


def test_the_replay_asks_for_ten_pictures_a_second(xor):
    assert xor.controls["play"].interval <= 100


# --- the many-seeds explorer: only final losses, and diverged runs on their own ---------------------

def test_many_seeds_cache_keeps_only_final_losses_bounded_by_bytes(monkeypatch):
    monkeypatch.setattr(many_seeds_module, "SEEDS_CACHE_BYTES", 2 * (50 * 8 + 112) + 100)     # room for two runs of 50
    explorer = explorers.many_seeds_explorer(seeds=50, epochs=100)
    assert explorer.result.final_losses.shape == (50,) and explorer.result.final_losses.base is None
    for rate in (4.0, 8.0, 16.0):
        explorer.controls["learning_rate"].value = rate
    assert len(explorer.cache) == 2 and explorer.cache.nbytes == 2 * (50 * 8 + 112)
    assert set(explorer.cache) == {(8.0, 100, 50), (16.0, 100, 50)}


def test_many_seeds_counts_diverged_runs_apart(monkeypatch):
    def some_diverge(*args, **kwargs):
        result = nnlib.train_many_seeds(*args, **kwargs)
        result.losses[[1, 4, 7], -1] = [np.nan, np.inf, np.nan]
        return result

    monkeypatch.setattr(many_seeds_module, "train_many_seeds", some_diverge)
    explorer = explorers.many_seeds_explorer(seeds=20, epochs=300)
    final = explorer.result.final_losses
    finite = final[np.isfinite(final)]
    solved, stuck = int((finite < 0.05).sum()), int((finite >= 0.05).sum())
    assert solved + stuck == 17
    assert f"solved: {solved}, stuck: {stuck}, diverged (loss NaN or infinite): 3" in explorer.summary.value
    assert f"{100 * stuck / 20:.1f}% of 20 seeds stuck" in explorer.summary.value
    bars = [c for c in explorer.axes[0].containers if c.get_label() == "diverged: NaN/∞ (3)"]
    assert len(bars) == 1 and [bar.get_height() for bar in bars[0]] == [3]


# --- one home per fact: the explorers read nnlib's lists and rules -------------------------------

def test_the_menus_list_nnlib_s_activations_and_gates(xor):
    from nnlib.activations import ACTIVATIONS
    from nnlib.data import GATES
    assert list(xor.controls["activation"].options) == list(ACTIVATIONS)
    assert explorers.DATA_SETS == (*GATES, *(f"noisy {name}" for name in GATES))


def test_solved_stuck_diverged_use_nnlib_s_threshold():
    from nnlib.many_seeds import SOLVED_BELOW
    for function in (explorers.many_seeds_explorer, plots.plot_many_seeds):
        assert inspect.signature(function).parameters["threshold"].default == SOLVED_BELOW
    counts = explorers.SeedOutcomes(np.array([0.01, 0.2, np.nan, np.inf, SOLVED_BELOW])).counts()
    assert counts == {"solved": 1, "stuck": 2, "diverged": 2}


def test_a_loss_flat_from_the_start_is_not_nnlib_s_stall():
    from nnlib.training import loss_stalled
    froze_later = np.array([0.3] + [0.4] * 20)          # moved once, then stopped: stalled, but not flat
    assert loss_stalled(froze_later) and not explorers.loss_flat_from_start(froze_later)
    flat = np.full(21, 0.3)
    assert loss_stalled(flat) and explorers.loss_flat_from_start(flat)
    short = np.full(3, 0.3)                              # too few epochs for the stall rule to say anything
    assert not loss_stalled(short) and explorers.loss_flat_from_start(short)
