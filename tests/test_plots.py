"""nncourse.plots: every picture returns what it drew on, with the data it promises."""

import os
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")   # no display needed; must come before pyplot is imported

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import nnlib  # noqa: E402
from nncourse import plots  # noqa: E402
from nnlib.xor221 import W_NAMES, get_w  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def trained_xor():
    X, y = nnlib.xor()
    net = nnlib.Network([2, 2, 1], seed=0)
    history = nnlib.train(net, X, y, epochs=2000, learning_rate=1.0, snapshot_every=20)
    return net, X, y, history


def labelled_line(ax, label):
    """The one line of ``ax`` whose legend label is ``label``."""
    lines = [line for line in ax.lines if line.get_label() == label]
    assert len(lines) == 1, [line.get_label() for line in ax.lines]
    return lines[0]


def drawn_texts(ax):
    return [text.get_text() for text in ax.texts]


# --- style -------------------------------------------------------------------------

def test_palette_is_okabe_ito():
    assert plots.PALETTE == {
        "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
        "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
    }


def test_projector_style_switches_on_and_restores_what_it_changed():
    plots._restyle_on_switch.clear()     # no explorer of another test to lay out again
    before = {key: matplotlib.rcParams[key] for key in plots.PROJECTOR_RC}
    try:
        plots.projector_style()
        assert matplotlib.rcParams["font.size"] == plots.PROJECTOR_RC["font.size"] > before["font.size"]
        assert matplotlib.rcParams["lines.linewidth"] > before["lines.linewidth"]
        plots.projector_style(True)          # twice on, then off, still restores the originals
    finally:
        plots.projector_style(False)
    assert {key: matplotlib.rcParams[key] for key in plots.PROJECTOR_RC} == before


def test_projector_wanted_reads_the_environment_variable():
    assert plots.projector_wanted({"NNCOURSE_PROJECTOR": "1"})
    assert plots.projector_wanted({"NNCOURSE_PROJECTOR": " On "})
    assert not plots.projector_wanted({"NNCOURSE_PROJECTOR": "0"})
    assert not plots.projector_wanted({"NNCOURSE_PROJECTOR": ""})
    assert not plots.projector_wanted({})


@pytest.mark.parametrize("value, expected", [("1", True), ("0", False), (None, False)])
def test_nncourse_projector_switches_projector_style_on_at_import(value, expected):
    """A fresh Python with NNCOURSE_PROJECTOR=1 (``make lab PROJECTOR=1``) draws in projector style from the
    first import of nncourse.plots, with no call in the notebook; without it, in the default style."""
    env = {k: v for k, v in os.environ.items() if k != "NNCOURSE_PROJECTOR"}
    if value is not None:
        env["NNCOURSE_PROJECTOR"] = value
    code = ("import matplotlib; matplotlib.use('Agg'); from nncourse import plots; "
            "print(plots.projector_on(), matplotlib.rcParams['font.size'])")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.split()
    assert out[0] == str(expected)
    assert (float(out[1]) == plots.PROJECTOR_RC["font.size"]) is expected


def test_ax_must_be_an_axes():
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plots.plot_sigmoid(ax="left")


# --- sigmoid -----------------------------------------------------------------------

def test_plot_sigmoid_draws_sigma_and_its_slope():
    ax = plots.plot_sigmoid()
    assert isinstance(ax, Axes)
    assert ax.get_xlabel() == "z (pre-activation)" and ax.get_ylabel() == "a = σ(z)"
    assert ax.get_title() == "The sigmoid and its slope"
    curve, slope = ax.lines[0], ax.lines[1]
    z = curve.get_xdata()
    assert z[0] == -8 and z[-1] == 8
    np.testing.assert_allclose(curve.get_ydata(), nnlib.sigmoid(z))
    np.testing.assert_allclose(slope.get_ydata(), nnlib.sigmoid(z) * (1 - nnlib.sigmoid(z)))
    assert max(slope.get_ydata()) == pytest.approx(0.25, abs=1e-3)


def test_plot_sigmoid_without_slope_and_other_range():
    _, ax = plt.subplots()
    assert plots.plot_sigmoid(ax=ax, z_range=(-2, 3), slope=False) is ax
    assert ax.get_title() == "The sigmoid"
    assert [line.get_label().startswith("slope") for line in ax.lines].count(True) == 0
    with pytest.raises(ValueError, match=r"z_range must be \(low, high\) with low < high, got \(3, -2\)"):
        plots.plot_sigmoid(z_range=(3, -2))
    with pytest.raises(TypeError, match="z_range must be a pair of numbers \\(low, high\\), got str 'ab'"):
        plots.plot_sigmoid(z_range="ab")
    with pytest.raises(TypeError, match=r"z_range\[1\] must be a number, got str '8'"):
        plots.plot_sigmoid(z_range=(-8, "8"))


# --- loss curve --------------------------------------------------------------------

def test_loss_curve_plots_exactly_the_losses(trained_xor):
    history = trained_xor[3]
    ax = plots.plot_loss_curve(history.losses)
    line = labelled_line(ax, "loss")
    np.testing.assert_array_equal(line.get_xdata(), np.arange(len(history.losses)))
    np.testing.assert_array_equal(line.get_ydata(), history.losses)
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss (log scale)"
    assert ax.get_title() == "Loss during training"


def test_loss_curve_marker_sits_on_the_curve_at_its_epoch(trained_xor):
    losses = trained_xor[3].losses
    ax = plots.plot_loss_curve(losses, marker_epoch=600, log=False, title="T", ylabel="mse")
    marker = labelled_line(ax, "epoch 600")
    assert list(marker.get_xdata()) == [600] and list(marker.get_ydata()) == [losses[600]]
    assert ax.get_yscale() == "linear" and ax.get_ylabel() == "mse" and ax.get_title() == "T"


def test_loss_curve_leaves_out_nan_and_says_where_it_began():
    ax = plots.plot_loss_curve([0.3, 0.2, np.inf, np.nan])
    assert list(labelled_line(ax, "loss").get_ydata()) == [0.3, 0.2]
    assert "loss became NaN/infinite at epoch 2" in [line.get_label() for line in ax.lines]


def test_loss_curve_with_a_zero_loss_falls_back_to_a_linear_axis():
    assert plots.plot_loss_curve([0.5, 0.0]).get_yscale() == "linear"


@pytest.mark.parametrize("losses, error, message", [
    ([], ValueError, "losses is empty"),
    ([[0.1, 0.2]], ValueError, r"losses must be 1-D .* shape \(1, 2\)"),
    ("abc", TypeError, "losses must be a 1-D sequence of numbers"),
])
def test_loss_curve_rejects_bad_losses(losses, error, message):
    with pytest.raises(error, match=message):
        plots.plot_loss_curve(losses)


def test_loss_curve_rejects_a_marker_outside_the_epochs():
    with pytest.raises(ValueError, match="marker_epoch must be an epoch from 0 to 2, got 3"):
        plots.plot_loss_curve([0.3, 0.2, 0.1], marker_epoch=3)


# --- decision boundary ---------------------------------------------------------------

def test_decision_boundary_colours_are_the_predictions_on_the_grid(trained_xor):
    net, X, y, _ = trained_xor
    ax = plots.plot_decision_boundary(net, X, y, resolution=41)
    x1, x2 = plots.grid_over(X, 41)
    X1, X2 = np.meshgrid(x1, x2)
    expected = net.predict(np.column_stack([X1.ravel(), X2.ravel()])).reshape(41, 41)
    image = ax.images[0]
    np.testing.assert_allclose(image.get_array(), expected)
    # Pixel centres are the grid points: the image reaches half a step beyond them.
    step = x1[1] - x1[0]
    np.testing.assert_allclose(image.get_extent(), [x1[0] - step / 2, x1[-1] + step / 2,
                                                    x2[0] - step / 2, x2[-1] + step / 2])
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    assert ax.get_title() == "Decision boundary"


def test_decision_boundary_grid_covers_the_points_with_a_margin():
    X = np.array([[0.0, -1.0], [2.0, 3.0]])
    x1, x2 = plots.grid_over(X, 11)
    assert (x1[0], x1[-1]) == (-0.5, 2.5) and (x2[0], x2[-1]) == (-2.0, 4.0)


def test_decision_boundary_draws_the_half_contour_points_and_legend(trained_xor):
    net, X, y, _ = trained_xor
    ax = plots.plot_decision_boundary(net, X, y, title="XOR")
    contours = [c for c in ax.collections if hasattr(c, "levels")]
    assert len(contours) == 1 and list(contours[0].levels) == [0.5]
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["target 0", "target 1", "boundary ŷ = 0.5"]
    points = [c for c in ax.collections if c.get_label().startswith("target")]
    np.testing.assert_array_equal(points[0].get_offsets(), X[[0, 3]])      # targets 0
    np.testing.assert_array_equal(points[1].get_offsets(), X[[1, 2]])      # targets 1
    assert ax.get_title() == "XOR"
    assert any(other.get_ylabel() == "network output ŷ" for other in ax.figure.axes if other is not ax)


def test_decision_boundary_without_a_crossing_says_so():
    net = nnlib.Network.from_weights([[[0.0], [0.0]]], [[5.0]])      # ŷ = σ(5) everywhere
    ax = plots.plot_decision_boundary(net, *nnlib.xor(), colorbar=False)
    assert not [c for c in ax.collections if hasattr(c, "levels")]
    assert ax.get_legend().get_texts()[-1].get_text() == "no boundary here: ŷ > 0.5 everywhere"
    assert len(ax.figure.axes) == 1


@pytest.mark.parametrize("sizes", [[2, 1], [2, 3, 1], [2, 4, 4, 1]])
def test_decision_boundary_works_for_any_two_input_network(sizes):
    net = nnlib.Network(sizes, seed=1)
    X, y = nnlib.noisy_gate("or", points_per_corner=5)
    assert isinstance(plots.plot_decision_boundary(net, X, y, resolution=11), Axes)


def test_decision_boundary_rejects_three_inputs():
    net = nnlib.Network([3, 4, 1])
    X, y = nnlib.toy_xor3()
    with pytest.raises(ValueError, match=r"plot_decision_boundary draws the \(x1, x2\) plane, so it needs a "
                                         r"network with 2 inputs and 1 output; got a network with sizes \[3, 4, 1\]"):
        plots.plot_decision_boundary(net, X, y)


def test_decision_boundary_rejects_a_wrong_X_shape(trained_xor):
    net, _, y, _ = trained_xor
    with pytest.raises(ValueError, match="X has 3 feature column"):
        plots.plot_decision_boundary(net, np.zeros((4, 3)), y)
    with pytest.raises(ValueError, match=r"X must be 2-D with shape \(n_samples, n_features\)"):
        plots.plot_decision_boundary(net, [0.0, 1.0], y)
    with pytest.raises(ValueError, match="X and y must have the same number of rows"):
        plots.plot_decision_boundary(net, np.zeros((3, 2)), y)


def test_decision_boundary_rejects_what_is_not_a_network():
    with pytest.raises(TypeError, match="net must be an nnlib Network, got list"):
        plots.plot_decision_boundary([[1, 2]], *nnlib.xor())


def test_decision_boundary_rejects_a_tiny_resolution(trained_xor):
    net, X, y, _ = trained_xor
    with pytest.raises(ValueError, match="resolution must be a whole number >= 2"):
        plots.plot_decision_boundary(net, X, y, resolution=1)


# --- one neuron's line -------------------------------------------------------------

def test_neuron_line_is_where_z_is_zero():
    X, y = nnlib.gate("and")
    w, b = (1.0, 2.0), -2.5
    ax = plots.plot_neuron_line(w, b, X, y)
    line = ax.lines[0]
    z = w[0] * line.get_xdata() + w[1] * line.get_ydata() + b
    np.testing.assert_allclose(z, 0, atol=1e-12)
    x1, x2 = plots.grid_over(X, 101)
    X1, X2 = np.meshgrid(x1, x2)
    np.testing.assert_allclose(ax.images[0].get_array(), nnlib.sigmoid(w[0] * X1 + w[1] * X2 + b))
    assert ax.get_title() == "One neuron: w = (1.00, 2.00), b = -2.50"
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"


def test_neuron_line_can_be_vertical():
    X, y = nnlib.gate("or")
    ax = plots.plot_neuron_line([[2.0], [0.0]], -1.0, X, y)      # the shape (2, 1) of a weight matrix
    np.testing.assert_allclose(ax.lines[0].get_xdata(), 0.5)


def test_neuron_line_with_zero_weights_draws_no_line():
    X, y = nnlib.gate("and")
    ax = plots.plot_neuron_line([0, 0], 0.5, X, y)
    assert len(ax.lines) == 0
    assert ax.get_legend().get_texts()[-1].get_text() == "no line: w = (0, 0), output σ(0.5) = 0.62 everywhere"


@pytest.mark.parametrize("w, b, error, message", [
    ([1.0, 2.0, 3.0], 0.0, ValueError, "w must hold exactly two weights"),
    (["a", "b"], 0.0, TypeError, "w must be two numbers"),
    ([np.nan, 1.0], 0.0, ValueError, "w and b must be finite"),
])
def test_neuron_line_rejects_bad_weights(w, b, error, message):
    with pytest.raises(error, match=message):
        plots.plot_neuron_line(w, b, *nnlib.gate("and"))


# --- network diagram -----------------------------------------------------------------

def test_network_diagram_of_221_names_every_weight_with_its_value(trained_xor):
    net = trained_xor[0]
    ax = plots.plot_network(net)
    texts = drawn_texts(ax)
    for name, value in get_w(net).items():
        assert f"{name} = {value:.2f}" in texts
    assert ax.get_title().startswith("Network [2, 2, 1]")


def test_network_diagram_names_without_values():
    texts = drawn_texts(plots.plot_network(nnlib.Network([2, 2, 1], seed=3), values=False))
    assert sorted(t for t in texts if t.startswith("w")) == sorted(W_NAMES)


def test_network_diagram_edges_show_sign_by_colour_and_size_by_width():
    net = nnlib.xor221.xor_network([1, -2, 0.5, 1, 1, 1, 1, 1, 4])
    ax = plots.plot_network(net)
    edges = ax.collections[0]
    widths = edges.get_linewidths()
    assert len(widths) == 9
    assert max(widths) == pytest.approx(0.8 + 5.0)            # |w9| = 4 is the largest
    colours = edges.get_colors()
    positive, negative = plots.WEIGHT_CMAP(1.0), plots.WEIGHT_CMAP(0.25)   # w = 4 and w = -2 of ±4
    assert any(np.allclose(c, positive) for c in colours) and any(np.allclose(c, negative) for c in colours)


@pytest.mark.parametrize("sizes, bias, n_edges", [
    ([3, 1], True, 4), ([3, 4, 1], True, 21), ([2, 3, 1], True, 13), ([2, 2, 1], True, 9),
    ([2, 4, 1], True, 17), ([2, 2, 1], False, 6), ([3, 4, 1], False, 16), ([4, 8, 8, 2], True, 130),
])
def test_network_diagram_draws_any_shape(sizes, bias, n_edges):
    net = nnlib.Network(sizes, bias=bias, seed=1)
    ax = plots.plot_network(net)
    assert len(ax.collections[0].get_segments()) == n_edges
    texts = drawn_texts(ax)
    assert texts.count("1") == (len(sizes) - 1 if bias else 0)               # one bias node per layer
    assert "inputs" in texts and "output\nsigmoid" in texts
    numbers = [t for t in texts if t.replace("-", "").replace(".", "").isdigit() and "." in t]
    named = sizes == [2, 2, 1] and bias                                    # labelled "w1 = …" instead
    assert len(numbers) == (n_edges if n_edges <= 10 and not named else 0)  # values only when few
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["w > 0", "w < 0", "w ≈ 0"]


def test_network_diagram_rejects_what_is_not_a_network():
    with pytest.raises(TypeError, match="net must be an nnlib Network"):
        plots.plot_network({"w1": 1.0})


# --- hidden units ------------------------------------------------------------------

def unit_panels(fig):
    return [ax for ax in fig.axes if ax.get_title().startswith("h")]


def test_hidden_units_one_panel_per_unit_with_its_activation(trained_xor):
    net, X, y, _ = trained_xor
    fig = plots.plot_hidden_units(net, X, y)
    assert isinstance(fig, Figure)
    panels = unit_panels(fig)
    assert len(panels) == 2
    x1, x2 = plots.grid_over(X, 101)
    X1, X2 = np.meshgrid(x1, x2)
    hidden = net.forward(np.column_stack([X1.ravel(), X2.ravel()]))[1]
    for j, ax in enumerate(panels):
        np.testing.assert_allclose(ax.images[0].get_array(), hidden[:, j].reshape(101, 101))
        assert ax.get_xlabel() == "$x_1$"
    assert fig.get_suptitle() == "What each hidden unit computes"


def test_hidden_units_name_their_gate_and_draw_the_half_line(trained_xor):
    net, X, y, _ = trained_xor
    panels = unit_panels(plots.plot_hidden_units(net, X, y))
    # By hand: h = σ(x W¹ + b¹) at the corners, on (1) where h ≥ 0.5.
    h = 1 / (1 + np.exp(-(nnlib.data.CORNERS @ net.weights[0] + net.biases[0])))
    on = (h >= 0.5).astype(int)
    truth_tables = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "NOR": [1, 0, 0, 0],
                    "x1 AND NOT x2": [0, 0, 1, 0], "x2 AND NOT x1": [0, 1, 0, 0],
                    "x1 OR NOT x2": [1, 0, 1, 1], "x2 OR NOT x1": [1, 1, 0, 1]}
    for j, ax in enumerate(panels):
        name = ax.get_title().split("≈ ")[1]
        assert truth_tables[name] == list(on[:, j])
        contours = [c for c in ax.collections if hasattr(c, "levels")]
        assert len(contours) == 1 and list(contours[0].levels) == [0.5]


@pytest.mark.parametrize("pattern, name", [
    ((0, 0, 0, 1), "AND"), ((0, 1, 1, 1), "OR"), ((0, 1, 1, 0), "XOR"), ((1, 1, 1, 0), "NAND"),
    ((1, 0, 0, 0), "NOR"), ((1, 0, 0, 1), "XNOR"), ((0, 0, 1, 1), "x1"), ((0, 1, 0, 1), "x2"),
    ((1, 1, 0, 0), "NOT x1"), ((1, 0, 1, 0), "NOT x2"), ((0, 0, 1, 0), "x1 AND NOT x2"),
    ((0, 1, 0, 0), "x2 AND NOT x1"), ((1, 0, 1, 1), "x1 OR NOT x2"), ((1, 1, 0, 1), "x2 OR NOT x1"),
    ((0, 0, 0, 0), None), ((1, 1, 1, 1), None),
])
def test_gate_names_of_all_sixteen_truth_tables(pattern, name):
    # Corners in the order (0,0), (0,1), (1,0), (1,1) as (x1, x2): outputs 0.2 (off) or 0.8 (on).
    assert plots.gate_name([0.2 + 0.6 * p for p in pattern]) == name
    if name is None:
        state = "on" if pattern[0] else "off"
        assert plots.unit_title(0, [0.2 + 0.6 * p for p in pattern]) == f"h1: {state} at all 4 corners"


def test_hidden_units_for_tanh_and_relu():
    X, y = nnlib.xor()
    for activation in ("tanh", "relu"):
        fig = plots.plot_hidden_units(nnlib.Network([2, 3, 1], activation=activation), X, y)
        assert len(unit_panels(fig)) == 3
    assert plots.unit_threshold("tanh") == 0.0 and plots.unit_threshold("sigmoid") == 0.5


def test_unit_maps_read_the_range_and_midpoint_of_the_activation():
    """The colour scale and the white line come from nnlib's Activation, not from a list in plots."""
    from nnlib.activations import ACTIVATIONS
    values = np.array([0.2, 3.0])
    for activation in ACTIVATIONS.values():
        assert plots.unit_threshold(activation.name) == plots.unit_threshold(activation) == activation.midpoint
        assert plots.activation_range(activation.name, values)[0] == activation.low
    assert plots.activation_range("tanh", values) == (-1.0, 1.0)
    assert plots.activation_range("relu", values) == (0.0, 3.0)       # unbounded: up to the largest value


def test_hidden_units_need_a_hidden_layer():
    with pytest.raises(ValueError, match="needs a network with a hidden layer"):
        plots.plot_hidden_units(nnlib.Network([2, 1]), *nnlib.xor())


# --- loss surface ------------------------------------------------------------------

def one_input_data():
    return np.array([[1.0], [2.0], [3.0]]), np.array([[0.2], [0.5], [0.9]])


def test_loss_surface_is_the_mse_of_each_neuron():
    X, y = one_input_data()
    w_values, b_values = np.array([-1.0, 0.5, 2.0]), np.array([-3.0, 0.0])
    surface = plots.loss_surface(X, y, w_values, b_values)
    assert surface.shape == (2, 3)
    for i, b in enumerate(b_values):
        for j, w in enumerate(w_values):
            neuron = nnlib.Network.from_weights([[[w]]], [[b]])
            assert surface[i, j] == pytest.approx(neuron.loss(X, y, "mse"))


def test_loss_surface_plot_with_a_path():
    X, y = one_input_data()
    path = [(0.0, 0.0), (0.5, -0.5), (1.0, -1.2)]
    ax = plots.plot_loss_surface(X, y, path=path, w_range=(-4, 4), b_range=(-6, 2))
    assert ax.get_xlabel() == "weight w" and ax.get_ylabel() == "bias b"
    assert ax.get_title() == "Loss of one neuron over (w, b)"
    assert ax.get_xlim() == (-4, 4) and ax.get_ylim() == (-6, 2)
    descent = labelled_line(ax, "gradient descent")
    np.testing.assert_array_equal(np.column_stack([descent.get_xdata(), descent.get_ydata()]), path)
    assert list(labelled_line(ax, "start").get_xydata()[0]) == [0.0, 0.0]
    assert list(labelled_line(ax, "end").get_xydata()[0]) == [1.0, -1.2]
    assert any(other.get_ylabel() == "loss (mse)" for other in ax.figure.axes)


def test_loss_surface_path_from_history_snapshots():
    X, y = one_input_data()
    history = nnlib.train(nnlib.Network([1, 1], seed=0), X, y, epochs=20, snapshot_every=1)
    path = [(s.network.weights[0][0, 0], s.network.biases[0][0]) for s in history.snapshots]
    ax = plots.plot_loss_surface(X, y, path=path)
    assert len(labelled_line(ax, "gradient descent").get_xdata()) == 21


@pytest.mark.parametrize("kwargs, message", [
    ({"path": [(0.0, 1.0, 2.0)]}, r"path must be a list of \(w, b\) points"),
    ({"w_range": (2, 1)}, r"w_range must be \(low, high\) with low < high, got \(2, 1\)"),
    ({"b_range": (0, float("nan"))}, r"b_range\[1\] must be a finite number, got nan"),
])
def test_loss_surface_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_loss_surface(*one_input_data(), **kwargs)


def test_loss_surface_names_the_range_that_is_not_numbers():
    with pytest.raises(TypeError, match="w_range must be a pair of numbers \\(low, high\\), got str 'ab'"):
        plots.plot_loss_surface(*one_input_data(), w_range="ab")


def test_a_flat_y_is_called_outputs_not_features():
    X, y = nnlib.xor()
    with pytest.raises(ValueError, match=r"y must be 2-D with shape \(n_samples, n_outputs\)"):
        plots.plot_decision_boundary(nnlib.Network([2, 2, 1]), X, y.ravel())


def test_loss_surface_needs_one_input():
    with pytest.raises(ValueError, match="X has 2 feature column"):
        plots.plot_loss_surface(*nnlib.xor())


# --- many seeds --------------------------------------------------------------------

@pytest.fixture(scope="module")
def many():
    X, y = nnlib.xor()
    return nnlib.train_many_seeds([2, 2, 1], 60, X, y, epochs=1000, learning_rate=1.0)


def test_many_seeds_title_gives_the_stuck_share(many):
    ax = plots.plot_many_seeds(many)
    share = 100 * many.stuck_fraction(0.05)
    assert 0 < share < 100
    assert ax.get_title() == f"{share:.1f}% of 60 seeds stuck (final loss ≥ 0.05)"
    assert ax.get_xscale() == "log"
    assert ax.get_xlabel() == "final loss (log scale)" and ax.get_ylabel() == "number of seeds"
    assert list(labelled_line(ax, "threshold 0.05").get_xdata()) == [0.05, 0.05]


def test_many_seeds_histogram_counts_every_seed_on_log_bins(many):
    ax = plots.plot_many_seeds(many, threshold=0.1)
    heights = [bar.get_height() for bar in ax.patches]
    # Stacked: one row of bars for the solved seeds, one for the stuck ones, on the same bins.
    n_bins = len(heights) // 2
    assert sum(heights) == 60
    assert sum(heights[n_bins:]) == many.stuck(0.1).sum()
    edges = [bar.get_x() for bar in ax.patches[:n_bins]]
    ratios = np.diff(np.log10(edges))
    np.testing.assert_allclose(ratios, ratios[0])                 # equal steps on a log axis
    assert ax.get_title().startswith(f"{100 * many.stuck_fraction(0.1):.1f}% of 60 seeds")


def test_many_seeds_rejects_bad_input(many):
    with pytest.raises(TypeError, match="result must be what train_many_seeds returns"):
        plots.plot_many_seeds([0.1, 0.2])
    with pytest.raises(ValueError, match="threshold must be a positive number"):
        plots.plot_many_seeds(many, threshold=-1)


def test_many_seeds_diverged_runs_are_their_own_bar_not_solved_or_stuck():
    final = np.array([0.001, 0.002, 0.2, np.nan, np.inf, 0.3, 0.004, np.nan])
    ax = plots.plot_many_seeds(final, threshold=0.05)
    # Containers: the stacked histogram's solved and stuck bars, then the diverged bar.
    assert [sum(bar.get_height() for bar in c) for c in ax.containers] == [3, 2, 3]
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert sorted(labels) == ["diverged: NaN/∞ (3)", "solved (3)", "stuck (2)", "threshold 0.05"]
    assert ax.get_title() == "25.0% of 8 seeds stuck (final loss ≥ 0.05), 37.5% diverged"
    diverged_bar = [c for c in ax.containers if c.get_label().startswith("diverged")][0][0]
    assert diverged_bar.get_x() > max(bar.get_x() + bar.get_width() for c in ax.containers[:2] for bar in c)


def test_many_seeds_from_a_many_seeds_result_without_divergence(many):
    ax = plots.plot_many_seeds(many)
    assert not [c for c in ax.containers if c.get_label().startswith("diverged")]
    assert "diverged" not in ax.get_title()


# --- pictures that read in greyscale ---------------------------------------------------------

def test_series_styles_differ_in_colour_line_style_and_marker():
    styles = [plots.series_style(i, n_points=200) for i in range(4)]
    for key in ("color", "linestyle", "marker"):
        assert len({style[key] for style in styles}) == 4, key
    assert all(style["markevery"] == 20 for style in styles)
    assert set(plots.SERIES_COLOURS) <= set(plots.PALETTE)


def test_no_boundary_means_no_line_in_the_legend(trained_xor):
    net = nnlib.Network.from_weights([[[0.0], [0.0]]], [[5.0]])
    ax = plots.plot_decision_boundary(net, *nnlib.xor(), colorbar=False)
    key = ax.get_legend().legend_handles[-1]
    assert key.get_linestyle() == "None"
    net, X, y, _ = trained_xor
    key = plots.plot_decision_boundary(net, X, y, colorbar=False).get_legend().legend_handles[-1]
    assert key.get_linestyle() == "-"


# --- network diagrams updated in place ----------------------------------------------------------

def test_update_network_gives_the_diagram_the_new_weights(trained_xor):
    net = trained_xor[0]
    ax = plots.plot_network(nnlib.Network([2, 2, 1], seed=5))
    assert plots.update_network(ax, net)
    fresh = plots.plot_network(net)
    assert [t.get_text() for t in ax.network_parts.labels] == [t.get_text() for t in fresh.network_parts.labels]
    np.testing.assert_allclose(ax.network_parts.edges.get_linewidths(), fresh.network_parts.edges.get_linewidths())
    np.testing.assert_allclose(ax.network_parts.edges.get_colors(), fresh.network_parts.edges.get_colors())
    assert not plots.update_network(ax, nnlib.Network([2, 3, 1]))        # another shape: draw it again


def test_edges_fitted_to_nodes_stop_at_their_rims():
    ax = plots.plot_network(nnlib.Network([2, 2, 1], seed=1))
    ax.figure.canvas.draw()
    plots.fit_edges_to_nodes(ax)
    dpi = ax.figure.dpi
    for segment, (start, end) in zip(ax.network_parts.edges.get_segments(), ax.network_parts.segments):
        for point, centre, size in ((segment[0], start, None), (segment[-1], end, None)):
            pixels = ax.transData.transform([point, centre])
            radius = np.sqrt(900) / 2 * dpi / 72                       # a unit circle: s = 900 points²
            if centre[1] > 1:                                          # a bias square, s = 500: inscribed circle
                radius = np.sqrt(500) / 2 * dpi / 72
            assert np.hypot(*(pixels[0] - pixels[1])) >= radius


def test_contour_segments_are_the_lines_of_matplotlib_contour(trained_xor):
    net, X, _, _ = trained_xor
    x1, x2 = plots.grid_over(X, 41)
    X1, X2 = np.meshgrid(x1, x2)
    values = net.predict(np.column_stack([X1.ravel(), X2.ravel()])).reshape(41, 41)
    ours = plots.contour_segments(x1, x2, values, 0.5)
    _, ax = plt.subplots()
    theirs = ax.contour(x1, x2, values, levels=[0.5]).allsegs[0]
    assert len(ours) == len(theirs) == 2
    for a, b in zip(sorted(ours, key=len), sorted(theirs, key=len)):
        np.testing.assert_allclose(a, b)


# --- edge labels of the network diagram: no label covers a node or another label ---------------

def drawn_label_boxes(ax):
    """Pixel boxes of the edge labels as drawn (their white box behind the text), after a full draw."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [label.get_bbox_patch().get_window_extent(renderer) for label in ax.network_parts.labels]


def node_circles(ax):
    """(centre in pixels, radius in pixels) of every unit and bias node, read off the drawn markers."""
    circles = []
    for artist in ax.network_parts.units:
        if isinstance(artist, matplotlib.collections.PathCollection):
            for offset, size in zip(artist.get_offsets(), np.broadcast_to(artist.get_sizes(), len(artist.get_offsets()))):
                centre = ax.transData.transform(offset)
                circles.append((centre, np.sqrt(size) / 2 * ax.figure.dpi / 72))
    return circles


def box_reaches_circle(box, centre, radius):
    nearest = np.clip(centre, [box.x0, box.y0], [box.x1, box.y1])
    return np.hypot(*(nearest - centre)) < radius


def assert_labels_clear(ax):
    boxes = drawn_label_boxes(ax)
    names = [label.get_text() for label in ax.network_parts.labels]
    assert len(boxes) == 9
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), f"labels {names[i]!r} and {names[j]!r} overlap"
    circles = node_circles(ax)
    assert len(circles) == 7                                   # x1 x2 h1 h2 ŷ and two bias nodes
    for name, box in zip(names, boxes):
        for centre, radius in circles:
            assert not box_reaches_circle(box, centre, radius), f"label {name!r} covers a node at {centre}"
        assert ax.bbox.contains(box.x0, box.y0) and ax.bbox.contains(box.x1, box.y1), f"{name!r} leaves the diagram"


@pytest.fixture
def projector():
    plots._restyle_on_switch.clear()     # explorers of earlier tests stay alive (ipywidgets keeps their widgets)
    plots.projector_style()
    yield
    plots.projector_style(False)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 6, 26])
@pytest.mark.parametrize("style", ["default", "projector"])
def test_network_labels_cover_no_node_and_no_other_label(seed, style, request):
    if style == "projector":
        request.getfixturevalue("projector")
    X, y = nnlib.xor()
    net = nnlib.Network([2, 2, 1], seed=seed)
    nnlib.train(net, X, y, epochs=1000, learning_rate=2.0)
    assert_labels_clear(plots.plot_network(net))


@pytest.mark.parametrize("style", ["default", "projector"])
def test_the_xor_explorer_diagram_labels_are_clear(style, request):
    from nncourse import explorers

    if style == "projector":
        request.getfixturevalue("projector")
    explorer = explorers.xor_explorer()
    explorer.view_control.value = "network"          # projector mode shows the diagram in this view
    ax = explorer.axes[2]
    for label in ax.network_parts.labels:                    # animated: the full draw below must draw them
        label.set_animated(False)
    ax.network_parts.placer.set_animated(False)
    assert_labels_clear(ax)
    texts = [label.get_text() for label in ax.network_parts.labels]
    assert sorted(t.split(" = ")[0] for t in texts) == sorted(W_NAMES)     # still named w1 … w9


# --- projector mode: the smallest text is 24 pixels, and nothing is cut off -------------------------

def drawn_texts_in_pixels(figure, draw):
    """Every non-empty text that ``draw()`` draws on ``figure``: (text, size in pixels, box in pixels)."""
    seen = []
    original = matplotlib.text.Text.draw

    def recording(self, renderer):
        if self.figure is figure and self.get_text().strip() and self.get_visible():
            seen.append(self)
        return original(self, renderer)

    matplotlib.text.Text.draw = recording
    try:
        draw()
    finally:
        matplotlib.text.Text.draw = original
    renderer = figure.canvas.get_renderer()
    return [(t.get_text(), t.get_fontsize() * figure.dpi / 72, t.get_window_extent(renderer)) for t in seen]


def assert_readable_from_the_back(figure, draw):
    texts = drawn_texts_in_pixels(figure, draw)
    assert texts
    smallest = min(texts, key=lambda t: t[1])
    assert smallest[1] >= 24, f"{smallest[0]!r} is {smallest[1]:.1f} px"
    width, _ = figure.canvas.get_width_height()
    assert width <= plots.PROJECTOR_WIDTH
    frame = figure.bbox
    for text, _, box in texts:
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1 and frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, (
            f"{text!r} is cut off at the figure's edge")
    return texts


def test_projector_style_standalone_figures(projector, trained_xor):
    net, X, y, history = trained_xor
    for ax in (plots.plot_sigmoid(), plots.plot_loss_curve(history.losses),
               plots.plot_decision_boundary(net, X, y), plots.plot_network(net)):
        assert ax.figure.dpi == plots.PROJECTOR_DPI
        assert_readable_from_the_back(ax.figure, ax.figure.canvas.draw)


def explorers_and_stepper():
    from nncourse import explorers
    from nncourse.stepper import backprop_stepper

    return [explorers.xor_explorer(), explorers.neuron_explorer(), explorers.learning_rate_explorer(),
            explorers.many_seeds_explorer(epochs=200, seeds=50), backprop_stepper()]


def test_switching_projector_style_passes_over_explorers_whose_widgets_were_closed():
    from nncourse import explorers

    closed, open_one = explorers.neuron_explorer(), explorers.neuron_explorer()
    for widget in closed.widget.children + (closed.widget,):
        widget.close()
    figure = open_one.figure
    plots.projector_style()
    try:
        assert open_one.figure is not figure and closed not in plots._restyle_on_switch
    finally:
        plots.projector_style(False)


def test_switching_projector_style_on_lays_out_every_explorer_again():
    from nncourse import explorers

    plots._restyle_on_switch.clear()     # only these: earlier tests' explorers stay alive, and would slow this down
    shown = explorers_and_stepper()
    before = [(e.figure, bytes(e.image.value)) for e in shown]
    plots.projector_style()
    try:
        for explorer, (figure, png) in zip(shown, before):
            name = type(explorer).__name__
            assert explorer.figure is not figure and bytes(explorer.image.value) != png, name
            assert explorer.figure.dpi == plots.PROJECTOR_DPI, name
            draw = (explorer.render if isinstance(explorer, explorers.Explorer)
                    else lambda e=explorer: e.figure.canvas.draw())
            texts = assert_readable_from_the_back(explorer.figure, draw)
            print(name, f"smallest text {min(t[1] for t in texts):.1f} px, largest {max(t[1] for t in texts):.1f} px, "
                  f"picture {explorer.figure.canvas.get_width_height()}")
            assert "nnlib-projector" in explorer.widget._dom_classes, name
        xor = shown[0]
        assert xor.controls["seed"].style.description_width == explorers.xor.PROJECTOR_LABEL
        for view in explorers.xor.VIEWS:                                 # each part of the picture in turn
            xor.view_control.value = view
            assert_readable_from_the_back(xor.figure, xor.render)
        xor.controls["hidden"].value = 6                                 # more rows of unit maps
        assert_readable_from_the_back(xor.figure, xor.render)
    finally:
        plots.projector_style(False)
    for explorer, (figure, png) in zip(shown, before):
        assert explorer.figure.dpi == figure.dpi and "nnlib-projector" not in explorer.widget._dom_classes
    assert shown[0].controls["seed"].style.description_width == "110px"


def test_the_widgets_css_makes_projector_text_24_pixels():
    from nncourse import explorers

    css = explorers.PROJECTOR_CSS
    assert css.count("font-size: 24px") == 1 and ".nnlib-projector .widget-label" in css
    assert ".nnlib-projector .widget-readout" in css and ".nnlib-projector .widget-html-content" in css
    explorer = explorers.neuron_explorer()
    style = explorer.widget.children[-1]
    assert style.value == f"<style>{css}</style>" and style.layout.display == "none"


def test_several_loss_curves_are_told_apart_by_colour_line_and_marker():
    curves = {"α = 0.1": np.linspace(1, 0.5, 101), "α = 1": np.geomspace(1, 1e-3, 101), "α = 30": np.full(101, 0.35)}
    ax = plots.plot_loss_curves(curves, title="t", ylabel="MSE")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == list(curves)
    styles = {(line.get_color(), line.get_linestyle(), line.get_marker()) for line in lines}
    assert len(styles) == 3 and ax.get_yscale() == "log" and ax.get_ylabel() == "MSE (log scale)"
    np.testing.assert_array_equal(lines[1].get_ydata(), curves["α = 1"])
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="1 to 4 loss histories"):
        plots.plot_loss_curves({str(k): [1.0, 0.5] for k in range(5)})


def test_draws_are_drawn_as_outlined_histograms_with_room_for_the_legend():
    rng = np.random.default_rng(0)
    draws = {"uniform": rng.random(1000), "normal": rng.standard_normal(1000)}
    ax = plots.plot_draws(draws, value_range=(-4, 4))
    bars = [p for p in ax.patches]
    assert len(bars) == 2 and ax.get_ylabel() == "how often (of 1,000)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["uniform", "normal"]
    tallest = max(np.histogram(v, bins=80, range=(-4, 4))[0].max() for v in draws.values())
    assert ax.get_ylim()[1] == pytest.approx(1.6 * tallest)
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="value_range must be"):
        plots.plot_draws(draws, value_range=(4, -4))
