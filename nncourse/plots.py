"""Pictures of neurons, networks and training, drawn with matplotlib.

Every function here only *draws*: it never trains. It may evaluate a network
(or a loss) on a grid of points, because that is what a picture of a network
is. Each function returns what it drew on, an Axes or a Figure, so you can add
to it, save it, or (in the tests) inspect it. Pass ``ax=`` to draw into an
existing Axes; without it a new figure is made.

Colours come from the Okabe–Ito palette (``PALETTE``), which stays readable
for the most common kinds of colour blindness. Class 0 is always vermillion
and drawn as circles, class 1 is always blue and drawn as squares, so the
pictures also read in black and white. For a classroom projector call
``projector_style()`` once: bigger fonts and thicker lines.

    plot_sigmoid            σ(z) and its slope σ'(z)
    plot_loss_curve         the loss after each epoch
    plot_decision_boundary  what a 2-input network predicts over the plane
    plot_neuron_line        one 2-input neuron: its output and its line w·x + b = 0
    plot_network            the network as circles and weighted edges
    plot_hidden_units       what each hidden unit computes over the plane, and which gate
    plot_loss_surface       the loss of a 1-input neuron over the (w, b) plane
    plot_many_seeds         how many seeds solved XOR, got stuck or diverged
    series_style            colour, line style and marker of the i-th line of a comparison
    show                    show a figure in the notebook with a text alternative (its alt text)

For the explorers, which redraw many times a second: ``update_network`` gives
a drawn diagram new weights, ``fit_edges_to_nodes`` stops its edges at the
node rims, ``contour_segments`` gives the line ŷ = 0.5 as plain segments, and
``gate_name`` / ``unit_title`` name the gate a hidden unit computes.
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass
from typing import Any

import contourpy
import matplotlib
import matplotlib.pyplot as plt
from matplotlib import patheffects
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colorbar import Colorbar
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import Bbox, ScaledTranslation
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike

from nnlib.activations import Activation, get_activation, sigmoid, sigmoid_slope_from_z
from nnlib.data import CORNERS
from nnlib.errors import as_matrix, check_features, check_flag, check_real, check_targets, check_whole_number, describe
from nnlib.losses import get_loss
from nnlib.many_seeds import SOLVED_BELOW, ManySeeds, outcomes
from nnlib.network import Network, forward_layers
from nnlib.xor221 import get_w

# --- colours and style --------------------------------------------------------

# The Okabe–Ito palette: eight colours that colour-blind readers can tell apart.
PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

# Class 0 / class 1 (targets y < 0.5 and y >= 0.5): colour, marker and legend name.
CLASS_STYLE = (
    {"color": PALETTE["vermillion"], "marker": "o", "label": "target 0"},
    {"color": PALETTE["blue"], "marker": "s", "label": "target 1"},
)

# Background for "what the network predicts": vermillion where ŷ is near 0, white at
# ŷ = 0.5, blue near 1. Both colours are mixed half-and-half with white, so the
# points, drawn in the full colours, stand out on it.
PREDICTION_CMAP = LinearSegmentedColormap.from_list(
    "nnlib_prediction", ["#EAAE7F", "#FFFFFF", "#7FB8D8"])

# Edges of the network diagram: vermillion for negative weights, blue for positive ones.
WEIGHT_CMAP = LinearSegmentedColormap.from_list(
    "nnlib_weight", [PALETTE["vermillion"], "#DDDDDD", PALETTE["blue"]])

# Projector mode. On a 1280 × 720 projector the smallest text should be at least 24 pixels
# (18 pt on a slide). A picture up to PROJECTOR_WIDTH pixels wide is shown unscaled in JupyterLab
# on such a screen (sidebar closed), so in projector mode figures are drawn at PROJECTOR_DPI and
# at most PROJECTOR_WIDTH / PROJECTOR_DPI inches wide, and no text is smaller than
# PROJECTOR_MIN_PX / PROJECTOR_DPI inches (17.3 pt).
PROJECTOR_MIN_PX = 24
PROJECTOR_DPI = 100
PROJECTOR_WIDTH = 1080            # JupyterLab shows 1096 pixels of output at 1280 (sidebar closed)
PROJECTOR_MIN_PT = PROJECTOR_MIN_PX * 72 / PROJECTOR_DPI

# What projector_style() changes, and the values it uses. "small" text (legends, keys) is
# 5/6 of font.size: 21 pt makes it 17.5 pt, just above PROJECTOR_MIN_PT.
PROJECTOR_RC: dict[str, Any] = {
    "font.size": 21,
    "axes.titlesize": 19,
    "axes.labelsize": 19,
    "xtick.labelsize": 18,
    "ytick.labelsize": 18,
    "legend.fontsize": 18,
    "figure.titlesize": 21,
    "figure.dpi": PROJECTOR_DPI,
    "savefig.dpi": "figure",
    "lines.linewidth": 3.0,
    "lines.markersize": 10,
    "axes.linewidth": 1.5,
}
_before_projector: dict[str, Any] = {}
_restyle_on_switch: "weakref.WeakSet[Any]" = weakref.WeakSet()


def projector_on() -> bool:
    """Is projector mode switched on?"""
    return bool(_before_projector)


def restyle_on_switch(thing: Any) -> None:
    """Have ``thing.restyle()`` called whenever ``projector_style`` is switched (the explorers use it)."""
    _restyle_on_switch.add(thing)


def projector_style(on: bool = True) -> None:
    """Switch the classroom style on (text readable from the back row, thicker lines) or off again.

    ``projector_style()`` changes the matplotlib settings listed in
    ``PROJECTOR_RC`` for every figure drawn afterwards, and lays out again
    every explorer that exists (bigger picture text, bigger slider labels and
    summary). ``projector_style(False)`` puts back what was there before.
    """
    on = check_flag(on, "on")
    if on and not projector_on():
        _before_projector.update({key: matplotlib.rcParams[key] for key in PROJECTOR_RC})
        matplotlib.rcParams.update(PROJECTOR_RC)
    elif not on and projector_on():
        matplotlib.rcParams.update(_before_projector)
        _before_projector.clear()
    else:
        return
    for thing in list(_restyle_on_switch):
        if getattr(getattr(thing, "widget", None), "comm", True) is None:     # closed: shown nowhere any more
            _restyle_on_switch.discard(thing)
        else:
            thing.restyle()


# Projector style for a whole session: NNCOURSE_PROJECTOR=1 in the environment (``make lab PROJECTOR=1``)
# switches it on when this module is first imported, so no notebook's first cell needs editing.
PROJECTOR_VARIABLE = "NNCOURSE_PROJECTOR"


def projector_wanted(environ: Any = None) -> bool:
    """Does the environment ask for projector style? NNCOURSE_PROJECTOR set to 1, yes, true or on."""
    environ = os.environ if environ is None else environ
    return environ.get(PROJECTOR_VARIABLE, "").strip().lower() in {"1", "yes", "true", "on"}


def below_axes(ax: Axes) -> dict[str, Any]:
    """Keyword arguments for ``ax.legend`` that put the legend under the x-axis label, at any font size."""
    tick = FontProperties(size=matplotlib.rcParams["xtick.labelsize"]).get_size_in_points()
    label = FontProperties(size=matplotlib.rcParams["axes.labelsize"]).get_size_in_points()
    drop = 1.3 * (tick + label) + 8                # points: tick labels, axis label and the pads between
    return {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0),
            "bbox_transform": ax.transAxes + ScaledTranslation(0, -drop / 72, ax.figure.dpi_scale_trans),
            "ncol": 1 if projector_on() else 3, "fontsize": "small", "frameon": False}


def enlarge_small_texts(figure: Figure) -> None:
    """In projector mode, raise every text of ``figure`` smaller than PROJECTOR_MIN_PX pixels to that size.

    Texts made with a fixed size in points (and tick labels drawn before the
    switch) would otherwise stay small. Outside projector mode it does nothing.
    """
    if not projector_on():
        return
    smallest = PROJECTOR_MIN_PX * 72 / figure.dpi
    for text in figure.findobj(Text):
        if text.get_fontsize() < smallest:
            text.set_fontsize(smallest)


# Lines that are compared on one plot (one per learning rate, say) differ in colour, line style
# *and* marker, so they stay apart in greyscale print and for colour-blind readers.
SERIES_COLOURS = ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black")
SERIES_LINESTYLES = ("-", "--", ":", "-.")
SERIES_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def series_style(i: int, n_points: int = 100) -> dict[str, Any]:
    """Keyword arguments for ``ax.plot`` that make line ``i`` of a comparison look unlike the others.

    Colour, line style and marker all change with ``i`` (no two of the first
    seven lines share a colour or a marker); markers sit on about ten of the
    ``n_points`` points, so a dense curve does not turn into a thick band.
    Use it as ``ax.plot(x, y, label=..., **series_style(i, len(x)))``.
    """
    i = check_whole_number(i, "i", minimum=0)
    return {"color": PALETTE[SERIES_COLOURS[i % len(SERIES_COLOURS)]],
            "linestyle": SERIES_LINESTYLES[i % len(SERIES_LINESTYLES)],
            "marker": SERIES_MARKERS[i % len(SERIES_MARKERS)],
            "markevery": max(1, int(n_points) // 10), "markeredgecolor": "black", "markersize": 6}


# --- showing a figure with a text alternative ---------------------------------------

def show(figure: Figure | Axes | None = None, *, alt: str) -> None:
    """Show ``figure`` (an Axes: its figure; None: pyplot's current one) in the notebook, described by ``alt``.

    ``alt`` says in a sentence or two what is plotted and the one thing to
    notice. A screen reader reads it instead of the picture, and nbconvert
    writes it as the ``alt`` of the picture's ``<img>`` in HTML: it travels
    in the output's metadata, ``{"image/png": {"alt": alt}}``. End a cell with
    ``plots.show(alt="...")`` instead of ``plt.show()``; the figure is then
    closed, so it is not shown a second time.
    """
    from IPython.display import display

    if figure is None:
        figure = plt.gcf()
    if isinstance(figure, Axes):
        figure = figure.figure
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a matplotlib Figure or Axes, got {type(figure).__name__}")
    if not (isinstance(alt, str) and alt.strip()):
        raise ValueError(f"alt must be a sentence that describes the figure, got {alt!r}")
    display(figure, metadata={"image/png": {"alt": alt.strip()}})
    plt.close(figure)


# --- small helpers -------------------------------------------------------------

def _new_axes(ax: Axes | None, figsize: tuple[float, float] = (6.0, 4.5)) -> Axes:
    """The Axes to draw on: ``ax`` itself, or a new figure's only Axes (in projector mode 1.5 times as big,
    at most PROJECTOR_WIDTH pixels wide: the text is bigger too)."""
    if ax is None:
        if projector_on():
            scale = min(1.5, PROJECTOR_WIDTH / PROJECTOR_DPI / figsize[0])
            figsize = (figsize[0] * scale, figsize[1] * scale)
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes (or None for a new figure), got {type(ax).__name__}")
    return ax


def _check_network(net: Any, name: str = "net") -> Network:
    if not isinstance(net, Network):
        raise TypeError(f"{name} must be an nnlib Network, got {type(net).__name__}")
    return net


def _check_plane_network(net: Any, picture: str) -> Network:
    """A network whose picture is the (x1, x2) plane: 2 inputs, 1 output."""
    net = _check_network(net)
    if net.n_inputs != 2 or net.n_outputs != 1:
        raise ValueError(f"{picture} draws the (x1, x2) plane, so it needs a network with 2 inputs and "
                         f"1 output; got a network with sizes {net.sizes}")
    return net


def _plane_data(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """X as (n_samples, 2) and y as (n_samples, 1), checked."""
    X = as_matrix(X, "X")
    check_features(X, 2)
    y = as_matrix(y, "y", "n_outputs")
    check_targets(X, y, 1)
    return X, y


def grid_over(X: ArrayLike, resolution: int = 101, margin: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """The grid the plane pictures are evaluated on.

    Returns (x1_values, x2_values), each of shape (resolution,): evenly spaced
    from the smallest to the largest value of that column of X (n_samples, 2),
    widened by ``margin`` times the column's range (at least by ``margin``)
    on both sides, so no point sits on the edge of the picture.
    """
    X = as_matrix(X, "X")
    check_features(X, 2)
    resolution = check_whole_number(resolution, "resolution", minimum=2)
    axes = []
    for column in X.T:
        low, high = column.min(), column.max()
        pad = margin * max(high - low, 1.0)
        axes.append(np.linspace(low - pad, high + pad, resolution))
    return axes[0], axes[1]


def _grid_points(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """Every (x1, x2) pair of the grid as rows: shape (len(x2) · len(x1), 2), x1 varying fastest."""
    X1, X2 = np.meshgrid(x1, x2)
    return np.column_stack([X1.ravel(), X2.ravel()])


def _show_on_grid(ax: Axes, values: np.ndarray, x1: np.ndarray, x2: np.ndarray, **style: Any):
    """Draw values (len(x2), len(x1)) as an image whose pixel centres are the grid points."""
    dx, dy = x1[1] - x1[0], x2[1] - x2[0]
    extent = (x1[0] - dx / 2, x1[-1] + dx / 2, x2[0] - dy / 2, x2[-1] + dy / 2)
    return ax.imshow(values, origin="lower", extent=extent, interpolation="nearest", **style)


def contour_segments(x1: np.ndarray, x2: np.ndarray, values: np.ndarray, level: float) -> list[np.ndarray]:
    """The curve where ``values`` (len(x2), len(x1)) crosses ``level``: one (n, 2) array of points per piece.

    The same lines as ``ax.contour(x1, x2, values, levels=[level])``, ready
    for ``LineCollection.set_segments``, without making a ContourSet each
    time (the explorers redraw them often). Empty if ``values`` never crosses.
    """
    return list(contourpy.contour_generator(x1, x2, values).lines(level))


def prediction_colorbar(ax: Axes, label: str = "network output ŷ") -> Colorbar:
    """A colour bar for ``PREDICTION_CMAP`` from 0 to 1, next to ``ax``."""
    scale = ScalarMappable(norm=Normalize(vmin=0.0, vmax=1.0), cmap=PREDICTION_CMAP)
    return ax.figure.colorbar(scale, ax=ax, label=label, shrink=0.85, ticks=[0.0, 0.5, 1.0])


def _scatter_classes(ax: Axes, X: np.ndarray, y: np.ndarray, size: float = 70) -> None:
    """The data points, coloured and shaped by their target (class 0 or 1)."""
    is_one = y[:, 0] >= 0.5
    for label, style in zip((False, True), CLASS_STYLE):
        rows = is_one == label
        if rows.any():
            ax.scatter(X[rows, 0], X[rows, 1], s=size, c=style["color"], marker=style["marker"],
                       edgecolors="black", linewidths=1.0, label=style["label"], zorder=3)


def _label_plane(ax: Axes) -> None:
    """Name the axes x1 and x2, with a few round ticks (0, 0.5, 1, …) on each."""
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))



def check_interval(values: Any, name: str) -> tuple[float, float]:
    """Return ``values`` as (low, high): two finite numbers with low < high (a plotting range)."""
    __tracebackhide__ = True
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple, np.ndarray)) or len(values) != 2:
        raise TypeError(f"{name} must be a pair of numbers (low, high), got {describe(values)}")
    low, high = check_real(values[0], f"{name}[0]"), check_real(values[1], f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got ({low:g}, {high:g})")
    return low, high


# --- 1. the sigmoid ------------------------------------------------------------

def plot_sigmoid(ax: Axes | None = None, z_range: tuple[float, float] = (-8, 8), slope: bool = True) -> Axes:
    """Draw σ(z) over ``z_range`` and, if ``slope``, its slope σ'(z) = σ(z)(1 − σ(z)) dashed.

    Dotted guides mark z = 0 and σ = 0.5: there the slope is largest, 0.25.
    """
    __tracebackhide__ = True
    low, high = check_interval(z_range, "z_range")
    __tracebackhide__ = False
    ax = _new_axes(ax)
    z = np.linspace(low, high, 400)
    ax.plot(z, sigmoid(z), color=PALETTE["blue"], label="σ(z) = 1 / (1 + e$^{-z}$)")
    if slope:
        ax.plot(z, sigmoid_slope_from_z(z), color=PALETTE["vermillion"], linestyle="--",
                label="slope σ'(z) = σ(z)(1 − σ(z))")
    ax.axhline(0.5, color="grey", linewidth=0.8, linestyle=":")
    ax.axvline(0.0, color="grey", linewidth=0.8, linestyle=":")
    ax.set_xlabel("z (pre-activation)")
    ax.set_ylabel("a = σ(z)")
    ax.set_title("The sigmoid and its slope" if slope else "The sigmoid")
    ax.set_ylim(-0.05, 1.05)
    ax.legend(loc="upper left")
    return ax


# --- 2. the loss curve -----------------------------------------------------------

# Several loss curves on one axes are told apart by colour, line style and marker (so also in greyscale).
CURVE_STYLES = (("sky_blue", ":", "o"), ("blue", "-", "s"), ("bluish_green", "--", "D"), ("vermillion", "-.", "^"))


def plot_loss_curves(curves: dict[str, ArrayLike], ax: Axes | None = None, title: str = "Loss during training",
                     ylabel: str = "loss") -> Axes:
    """Draw several loss histories on one log axis, one per entry of ``curves`` (label → losses).

    Each curve gets its own colour, line style and marker (``CURVE_STYLES``, at most four
    curves), a marker every tenth of its epochs, and its label in the legend.
    """
    __tracebackhide__ = True
    if not isinstance(curves, dict) or not 1 <= len(curves) <= len(CURVE_STYLES):
        raise ValueError(f"curves must be a dict of 1 to {len(CURVE_STYLES)} loss histories (label → losses), "
                         f"got {describe(curves)}")
    __tracebackhide__ = False
    ax = _new_axes(ax)
    for (label, losses), (colour, line, marker) in zip(curves.items(), CURVE_STYLES):
        losses = np.asarray(losses, dtype=float)
        ax.plot(losses, color=PALETTE[colour], linestyle=line, linewidth=2, marker=marker,
                markevery=max(1, len(losses) // 10), label=label)
    ax.set(yscale="log", xlabel="epoch", ylabel=f"{ylabel} (log scale)", title=title)
    ax.legend(loc="best")
    return ax


def plot_draws(draws: dict[str, ArrayLike], ax: Axes | None = None, value_range: tuple[float, float] = (-4, 4),
               title: str = "How the draws are spread") -> Axes:
    """Histograms of a few sets of random draws (label → values), as outlines on one axes.

    Each set gets its own colour and line style (``CURVE_STYLES``); the height is how many draws
    fall in each of 80 bins over ``value_range``, with head room for the legend above the bars.
    """
    __tracebackhide__ = True
    if not isinstance(draws, dict) or not 1 <= len(draws) <= len(CURVE_STYLES):
        raise ValueError(f"draws must be a dict of 1 to {len(CURVE_STYLES)} sets of values (label → values), "
                         f"got {describe(draws)}")
    low, high = check_interval(value_range, "value_range")
    __tracebackhide__ = False
    ax = _new_axes(ax)
    highest = 0.0
    for (label, values), (colour, line, _) in zip(draws.items(), CURVE_STYLES[1:] + CURVE_STYLES[:1]):
        counts, _, _ = ax.hist(np.ravel(values), bins=80, range=(low, high), histtype="step", linewidth=2,
                               linestyle=line, color=PALETTE[colour], label=label)
        highest = max(highest, float(np.max(counts)))
    ax.set(xlabel="value", ylabel=f"how often (of {len(np.ravel(values)):,})", title=title, ylim=(0, 1.6 * highest))
    ax.legend(loc="upper left")
    return ax


def plot_loss_curve(losses: ArrayLike, ax: Axes | None = None, log: bool = True, marker_epoch: int | None = None,
                    title: str = "Loss during training", ylabel: str = "loss") -> Axes:
    """Draw the loss after 0, 1, 2, … epochs: ``losses`` has shape (n_epochs + 1,).

    ``log`` puts the loss on a logarithmic axis (used only if every loss is
    positive), where slow progress near zero is still visible. ``marker_epoch``
    puts a dot on the curve at that epoch. NaN or infinite losses (a run that
    diverged) are left out, and a note says where they began.
    """
    ax = _new_axes(ax)
    try:
        losses = np.asarray(losses, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("losses must be a 1-D sequence of numbers, such as history.losses") from None
    if losses.ndim != 1:
        raise ValueError(f"losses must be 1-D (one loss per epoch), got an array of shape {losses.shape}")
    if losses.size == 0:
        raise ValueError("losses is empty: there is no loss curve to draw (train for at least one epoch)")
    epochs = np.arange(losses.size)
    finite = np.isfinite(losses)
    ax.plot(epochs[finite], losses[finite], color=PALETTE["blue"], label=ylabel)
    if not finite.all():
        first_bad = int(np.argmax(~finite))
        ax.axvline(first_bad, color=PALETTE["vermillion"], linestyle="--",
                   label=f"loss became NaN/infinite at epoch {first_bad}")
    if marker_epoch is not None:
        marker_epoch = check_whole_number(marker_epoch, "marker_epoch", minimum=0)
        if marker_epoch >= losses.size:
            raise ValueError(f"marker_epoch must be an epoch from 0 to {losses.size - 1}, got {marker_epoch}")
        if finite[marker_epoch]:
            ax.plot([marker_epoch], [losses[marker_epoch]], "o", color=PALETTE["vermillion"],
                    markeredgecolor="black", markersize=9, zorder=3, label=f"epoch {marker_epoch}")
    ax.set_yscale("log" if log and finite.any() and np.all(losses[finite] > 0) else "linear")
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel + (" (log scale)" if ax.get_yscale() == "log" else ""))
    ax.set_title(title)
    ax.legend(loc="best")
    return ax


# --- 3. what a 2-input network predicts ------------------------------------------

def plot_decision_boundary(net: Network, X: ArrayLike, y: ArrayLike, ax: Axes | None = None,
                           resolution: int = 101, title: str | None = None, colorbar: bool = True) -> Axes:
    """Colour the (x1, x2) plane by the network's output and draw where ŷ = 0.5.

    ``net`` has 2 inputs and 1 output (any hidden layers). The grid is
    ``grid_over(X, resolution)``; the image holds ``net.predict`` on it, shape
    (resolution, resolution), rows going up in x2. The points X (n_samples, 2)
    are drawn in the colour of their target y (n_samples, 1).
    """
    net = _check_plane_network(net, "plot_decision_boundary")
    X, y = _plane_data(X, y)
    ax = _new_axes(ax, figsize=(5.5, 4.5))
    x1, x2 = grid_over(X, resolution)
    y_hat = net.predict(_grid_points(x1, x2)).reshape(len(x2), len(x1))
    _show_on_grid(ax, y_hat, x1, x2, cmap=PREDICTION_CMAP, vmin=0.0, vmax=1.0)
    if y_hat.min() < 0.5 < y_hat.max():
        ax.contour(x1, x2, y_hat, levels=[0.5], colors="black", linewidths=2)
        boundary_label = "boundary ŷ = 0.5"
    else:
        boundary_label = f"no boundary here: ŷ {'>' if y_hat.min() >= 0.5 else '<'} 0.5 everywhere"
    _scatter_classes(ax, X, y)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(boundary_key(boundary_label, drawn=y_hat.min() < 0.5 < y_hat.max()))
    ax.legend(handles=handles, **below_axes(ax))
    if colorbar:
        prediction_colorbar(ax)
    _label_plane(ax)
    ax.set_title(title if title is not None else "Decision boundary")
    return ax


def boundary_key(label: str, drawn: bool) -> Line2D:
    """The legend entry of the line ŷ = 0.5: a black line if it is drawn, only words if it is not."""
    if drawn:
        return Line2D([], [], color="black", linewidth=2, label=label)
    return Line2D([], [], linestyle="none", marker="none", label=label)


def plot_neuron_line(w: ArrayLike, b: float, X: ArrayLike, y: ArrayLike, ax: Axes | None = None,
                     colorbar: bool = True) -> Axes:
    """One neuron with two inputs: shade σ(w1·x1 + w2·x2 + b) and draw its line w1·x1 + w2·x2 + b = 0.

    ``w`` holds the two weights (shape (2,) or (2, 1)), ``b`` is the bias. On
    the line z = 0, so σ(z) = 0.5: the neuron says "1" on the blue side and
    "0" on the vermillion side. With w = (0, 0) there is no line: the output
    is σ(b) everywhere. X is (n_samples, 2) and y is (n_samples, 1).
    """
    try:
        w = np.asarray(w, dtype=float).reshape(-1)
        b = float(b)
    except (TypeError, ValueError):
        raise TypeError("w must be two numbers (w1, w2) and b one number") from None
    if w.shape != (2,):
        raise ValueError(f"w must hold exactly two weights (w1, w2), got {w.size}")
    if not (np.all(np.isfinite(w)) and np.isfinite(b)):
        raise ValueError("w and b must be finite numbers")
    X, y = _plane_data(X, y)
    ax = _new_axes(ax, figsize=(5.5, 4.5))
    x1, x2 = grid_over(X, 101)
    grid = _grid_points(x1, x2)
    a = sigmoid(grid @ w + b).reshape(len(x2), len(x1))
    _show_on_grid(ax, a, x1, x2, cmap=PREDICTION_CMAP, vmin=0.0, vmax=1.0)
    if colorbar:
        prediction_colorbar(ax, label="neuron output σ(z)")
    w1, w2 = w
    if w1 == 0 and w2 == 0:
        line_label = f"no line: w = (0, 0), output σ({b:.2g}) = {sigmoid(b):.2f} everywhere"
    else:
        line_label = "line $w_1x_1 + w_2x_2 + b = 0$"
        if abs(w2) >= abs(w1):      # solve for x2; the line is not vertical
            ax.plot(x1, -(w1 * x1 + b) / w2, color="black", linewidth=2)
        else:                       # solve for x1
            ax.plot(-(w2 * x2 + b) / w1, x2, color="black", linewidth=2)
    ax.set_xlim(x1[0], x1[-1])
    ax.set_ylim(x2[0], x2[-1])
    _scatter_classes(ax, X, y)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color="black", linewidth=2, label=line_label))
    ax.legend(handles=handles, **{**below_axes(ax), "ncol": 1 if projector_on() else 2})
    _label_plane(ax)
    ax.set_title(f"One neuron: w = ({w1:.2f}, {w2:.2f}), b = {b:.2f}")
    return ax


# --- 4. the network diagram ------------------------------------------------------

def _unit_names(sizes: list[int]) -> list[list[str]]:
    """Names of the units, layer by layer: x1.., h1.. (h1_1.. for several hidden layers), ŷ.."""
    names = [[f"$x_{{{j + 1}}}$" for j in range(sizes[0])]]
    hidden_layers = len(sizes) - 2
    for layer in range(1, len(sizes) - 1):
        if hidden_layers == 1:
            names.append([f"$h_{{{j + 1}}}$" for j in range(sizes[layer])])
        else:
            names.append([f"$h^{{{layer}}}_{{{j + 1}}}$" for j in range(sizes[layer])])
    outputs = sizes[-1]
    names.append([r"$\hat{y}$"] if outputs == 1 else [f"$\\hat{{y}}_{{{j + 1}}}$" for j in range(outputs)])
    return names


# The 2-2-1 network's edges by (layer, from unit, to unit) → name, as in xor221 (from = -1: the bias node):
# h1 = σ(w1 + w2·x1 + w3·x2), h2 = σ(w4 + w5·x1 + w6·x2), ŷ = σ(w7 + w8·h1 + w9·h2).
EDGE_NAMES_221 = {(0, -1, 0): "w1", (0, 0, 0): "w2", (0, 1, 0): "w3",
                  (0, -1, 1): "w4", (0, 0, 1): "w5", (0, 1, 1): "w6",
                  (1, -1, 0): "w7", (1, 0, 0): "w8", (1, 1, 0): "w9"}


@dataclass
class NetworkParts:
    """The artists of a network diagram that change with the weights (``update_network`` redraws them).

    ``segments`` are the edges' (start, end) points and ``end_sizes`` the
    marker sizes (points², circle or square) of the nodes at their two ends,
    which ``fit_edges_to_nodes`` uses to stop each edge at the rim of its nodes.
    """

    sizes: list[int]
    has_bias: bool
    values: bool
    edges: LineCollection
    labels: list[Text]
    units: list[Artist]
    segments: list[tuple[tuple[float, float], tuple[float, float]]]
    end_sizes: list[tuple[tuple[float, str], tuple[float, str]]]

    placer: Artist | None = None

    @property
    def moving(self) -> list[Artist]:
        """What changes with the weights, bottom to top: the edges, the label placer, the labels."""
        return [self.edges, *([self.placer] if self.placer is not None else []), *self.labels]


# Where an edge label may sit: a fraction t of the way along its edge, middle first; at each t
# on the line, or just beside it (offset across the line by the label's half height and a bit).
LABEL_STOPS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85)
LABEL_GAP = 2.0                       # pixels kept free around a label and around a node
LABEL_ROUNDING = 12.0                 # label sizes are rounded up to this many pixels when planning
# The plans found so far, {what the search depends on: label centres}: every diagram drawn at the
# same size with the same fonts (each new explorer, each redraw) reuses one.
LABEL_PLANS: dict[tuple, list[np.ndarray]] = {}
MAX_LABEL_PLANS = 32


def _box_around(centre: np.ndarray, width: float, height: float) -> Bbox:
    """The (width × height) pixel box centred on ``centre``, grown by LABEL_GAP on every side."""
    half = np.array([width / 2 + LABEL_GAP, height / 2 + LABEL_GAP])
    return Bbox([centre - half, centre + half])


def _covers_circle(box: Bbox, centre: np.ndarray, radius: float) -> bool:
    """Does the box reach into the circle? (its nearest point to the centre lies inside)"""
    nearest = np.clip(centre, [box.x0, box.y0], [box.x1, box.y1])
    return bool(np.hypot(*(nearest - centre)) < radius)


def label_spots(start: np.ndarray, end: np.ndarray, width: float, height: float) -> list[np.ndarray]:
    """Candidate centres (pixels) of a width × height label of the edge start → end, best first."""
    along = end - start
    across = np.array([-along[1], along[0]]) / max(np.hypot(*along), 1e-9)
    # half the label's extent across the line, so that beside the line it just clears it
    clear = (abs(across[0]) * width + abs(across[1]) * height) / 2 + LABEL_GAP
    spots = [start + t * along for t in LABEL_STOPS]
    return spots + [spot + side * clear * across for side in (1, -1) for spot in spots]


def place_edge_labels(ax: Axes, renderer: Any = None) -> None:
    """Move the diagram's edge labels to spots where no label covers a node or another label.

    Works in pixels, with the sizes the labels have when drawn. Each label
    may sit at one of ``label_spots`` of its edge. Greedily, the label with
    the fewest free spots left is placed first, at its best free spot: one
    that covers no node (with a gap of LABEL_GAP), no label placed before it
    and stays inside the Axes, crossing as few other edges as it can. A label
    that finds no free spot takes the one that overlaps least.
    """
    parts = ax.network_parts
    if not parts.labels:
        return
    renderer = renderer or ax.figure.canvas.get_renderer()
    to_pixels = ax.transData.transform
    ends = [(to_pixels(a), to_pixels(b)) for a, b in parts.segments]
    nodes = {}
    for (a, b), ((size_a, _), (size_b, _)) in zip(parts.segments, parts.end_sizes):
        for point, size in ((a, size_a), (b, size_b)):
            nodes[tuple(point)] = (to_pixels(point), np.sqrt(size) / 2 * ax.figure.dpi / 72 + LABEL_GAP)
    edge_paths = [Path([a, b]) for a, b in ends]
    frame = ax.bbox
    sizes = []
    for label in parts.labels:
        box = label.get_window_extent(renderer)
        pad = 0.0
        patch = label.get_bbox_patch()
        if patch is not None:                                  # the white box behind the text
            pad = patch.get_boxstyle().pad * label.get_size() * ax.figure.dpi / 72
        sizes.append((box.width + 2 * pad, box.height + 2 * pad))

    # Plan as if every label were as big as the biggest, rounded up to a few pixels: a label
    # whose number changes from 0.31 to −0.29 then keeps its spot, and a redraw that changes
    # only the numbers (a new seed, the epoch scrubber) reuses the last plan instead of
    # searching again.
    widest = LABEL_ROUNDING * np.ceil(max(w for w, _ in sizes) / LABEL_ROUNDING)
    tallest = LABEL_ROUNDING * np.ceil(max(h for _, h in sizes) / LABEL_ROUNDING)
    sizes = [(widest, tallest)] * len(sizes)
    key = (tuple(sizes), tuple(frame.bounds), tuple(np.round(np.ravel(ends), 1)),
           tuple(np.round(np.ravel([[*c, r] for c, r in nodes.values()]), 1)))
    if key in LABEL_PLANS:
        for label, centre in zip(parts.labels, LABEL_PLANS[key]):
            label.set_position(ax.transData.inverted().transform(centre))
        return

    def cost(k: int, centre: np.ndarray, placed: list[Bbox]) -> tuple[int, int]:
        box = _box_around(centre, *sizes[k])
        hard = sum(_covers_circle(box, c, r) for c, r in nodes.values())
        hard += sum(box.overlaps(other) for other in placed)
        hard += not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1)
        crossings = sum(path.intersects_bbox(box, filled=False) for j, path in enumerate(edge_paths) if j != k)
        return hard, crossings

    spots = [label_spots(a, b, *sizes[k]) for k, (a, b) in enumerate(ends)]
    placed: list[Bbox] = []
    centres: list[np.ndarray] = [np.zeros(2)] * len(parts.labels)
    left = list(range(len(parts.labels)))
    while left:
        scored = {k: [(cost(k, spot, placed), i) for i, spot in enumerate(spots[k])] for k in left}
        k = min(left, key=lambda k: (sum(score[0][0] == 0 for score in scored[k]), k))
        (_, i) = min(scored[k])
        centres[k] = spots[k][i]
        placed.append(_box_around(centres[k], *sizes[k]))
        parts.labels[k].set_position(ax.transData.inverted().transform(centres[k]))
        left.remove(k)
    if len(LABEL_PLANS) >= MAX_LABEL_PLANS:
        LABEL_PLANS.pop(next(iter(LABEL_PLANS)))               # forget the oldest plan
    LABEL_PLANS[key] = centres


class EdgeLabelPlacer(Artist):
    """An invisible artist, drawn just before the edge labels, that places them (``place_edge_labels``).

    So the labels find their spots whenever the diagram is drawn: at its final
    size, with the fonts of the moment (``projector_style``), and again when an
    explorer redraws only the parts that move.
    """

    def __init__(self, ax: Axes) -> None:
        super().__init__()
        self.diagram_axes = ax
        self.set_in_layout(False)

    def draw(self, renderer: Any) -> None:
        place_edge_labels(self.diagram_axes, renderer)


def _rim_distance(size: float, marker: str, direction: np.ndarray, dpi: float) -> float:
    """Pixels from a node's centre to its rim along the unit vector ``direction`` (circle or square)."""
    half = np.sqrt(size) / 2 * dpi / 72                  # a marker of size s is sqrt(s) points across
    if marker == "s":
        return half / max(abs(direction[0]), abs(direction[1]))
    return half


def fit_edges_to_nodes(ax: Axes) -> None:
    """Shorten each edge of the diagram on ``ax`` so that it stops at the rim of its two nodes.

    Works in pixels, so call it once the figure's layout is final. Then no
    edge runs under a node, and the nodes can be drawn once, below the edges.
    """
    parts = ax.network_parts
    dpi = ax.figure.dpi
    fitted = []
    for (start, end), ((size0, marker0), (size1, marker1)) in zip(parts.segments, parts.end_sizes):
        a, b = ax.transData.transform([start, end])
        direction = (b - a) / np.hypot(*(b - a))
        a = a + direction * (_rim_distance(size0, marker0, direction, dpi) + 1)
        b = b - direction * (_rim_distance(size1, marker1, direction, dpi) + 1)
        fitted.append(ax.transData.inverted().transform([a, b]))
    parts.edges.set_segments(fitted)


def _network_edges(net: Network, unit_y, bias_y: float) -> list[tuple]:
    """Every edge as (layer, from unit i, to unit j, weight, start point, end point).

    i = -1 is the bias node, which sits half-way between layer and layer + 1.
    """
    edges = []
    for layer, W in enumerate(net.weights):
        for j in range(net.sizes[layer + 1]):
            end = (layer + 1, unit_y(layer + 1, j))
            for i in range(net.sizes[layer]):
                edges.append((layer, i, j, float(W[i, j]), (layer, unit_y(layer, i)), end))
            if net.has_bias:
                edges.append((layer, -1, j, float(net.biases[layer][j]), (layer + 0.5, bias_y), end))
    return edges


def _edge_style(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Colours (RGBA rows: sign) and widths (size |w|, relative to the largest) of the edges."""
    largest = float(np.max(np.abs(weights))) or 1.0
    colours = WEIGHT_CMAP(Normalize(vmin=-largest, vmax=largest)(weights))
    return colours, 0.8 + 5.0 * np.abs(weights) / largest


def _labels_shown(net: Network, values: bool, n_edges: int, max_labels: int) -> bool:
    """Edge labels: always for the named 2-2-1 network, else values if there are few edges."""
    return (net.sizes == [2, 2, 1] and net.has_bias) or (values and n_edges <= max_labels)


def _edge_labels(net: Network, edges: list[tuple], values: bool) -> list[str]:
    """"w1 = 0.31" … for the 2-2-1 network with bias (as in xor221), else each weight's value.

    In projector mode the 2-2-1 network's labels are the names alone: with
    24-pixel text, "w1 = 0.31" labels do not fit between its edges.
    """
    if net.sizes == [2, 2, 1] and net.has_bias:
        w_values = get_w(net)
        names = [EDGE_NAMES_221[(layer, i, j)] for layer, i, j, *_ in edges]
        return [f"{name} = {w_values[name]:.2f}" if values and not projector_on() else name for name in names]
    return [f"{edge[3]:.2f}" for edge in edges]


def update_network(ax: Axes, net: Network) -> bool:
    """Give the diagram that ``plot_network`` drew on ``ax`` the weights of ``net``: colours, widths, labels.

    Much faster than drawing it again. Returns False (and changes nothing) if
    ``net`` does not have the diagram's shape; then call ``plot_network``.
    """
    parts = getattr(ax, "network_parts", None)
    net = _check_network(net)
    if parts is None or parts.sizes != net.sizes or parts.has_bias != net.has_bias:
        return False
    if not all(np.all(np.isfinite(p)) for p in net.parameter_list()):
        raise ValueError("the network has NaN or infinite weights (did its training diverge?): "
                         "there is nothing sensible to draw")
    edges = _network_edges(net, lambda layer, j: 0.0, 0.0)       # only the weights are used
    colours, widths = _edge_style(np.array([edge[3] for edge in edges]))
    parts.edges.set_color(colours)
    parts.edges.set_linewidths(widths)
    for label, text in zip(parts.labels, _edge_labels(net, edges, parts.values)):
        label.set_text(text)
    return True


def plot_network(net: Network, ax: Axes | None = None, values: bool = True, max_labels: int = 10) -> Axes:
    """Draw the network: one column of circles per layer, one line per weight.

    Inputs on the left, the output on the right; a grey square "1" between
    two layers is the bias node of the next one (drawn only if the network
    has biases). An edge's colour says the weight's sign (blue positive,
    vermillion negative) and its width the size |w|; a key below says so.
    For the 2-2-1 network with bias the edges are labelled w1..w9 as in
    ``nnlib.xor221`` (with their values if ``values``); other networks show
    their weights' values if ``values`` and they have at most ``max_labels``
    edges.
    """
    net = _check_network(net)
    if not all(np.all(np.isfinite(p)) for p in net.parameter_list()):
        raise ValueError("the network has NaN or infinite weights (did its training diverge?): "
                         "there is nothing sensible to draw")
    ax = _new_axes(ax, figsize=(5.5, 4.5))
    sizes = net.sizes
    tallest = max(sizes)
    bias_y = (tallest - 1) / 2 + 1.0          # bias nodes sit above the tallest layer

    def unit_y(layer: int, j: int) -> float:
        """Units of a layer are centred vertically, one unit apart, first on top."""
        return (sizes[layer] - 1) / 2 - j

    edges = _network_edges(net, unit_y, bias_y)
    colours, widths = _edge_style(np.array([edge[3] for edge in edges]))
    edge_lines = LineCollection([(edge[4], edge[5]) for edge in edges], colors=colours, linewidths=widths, zorder=1)
    ax.add_collection(edge_lines)

    labels = []
    if _labels_shown(net, values, len(edges), max_labels):
        for (layer, i, j, _, start, end), text in zip(edges, _edge_labels(net, edges, values)):
            # Half-way for now; each draw moves it to a free spot (EdgeLabelPlacer).
            x, y = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
            labels.append(ax.text(x, y, text, ha="center", va="center", fontsize="small", zorder=4,
                                  bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                                        "alpha": 0.85}))

    # The units: one column of circles per layer; smaller circles when a layer is tall, bigger ones
    # in projector mode (room for a 24-pixel name).
    size = (1800 if projector_on() else 900) * min(1.0, 4 / tallest) ** 2
    units: list[Artist] = []
    for layer, layer_names in enumerate(_unit_names(sizes)):
        colour = (PALETTE["orange"] if layer == 0 else
                  PALETTE["reddish_purple"] if layer == len(sizes) - 1 else PALETTE["sky_blue"])
        ys = [unit_y(layer, j) for j in range(sizes[layer])]
        units.append(ax.scatter([layer] * len(ys), ys, s=size, color=colour, edgecolors="black", zorder=2))
        for y, name in zip(ys, layer_names):
            units.append(ax.text(layer, y, name, ha="center", va="center", zorder=3,
                                 fontsize="large" if tallest <= 4 else "small"))
    if net.has_bias:
        bias_xs = [layer + 0.5 for layer in range(len(sizes) - 1)]
        units.append(ax.scatter(bias_xs, [bias_y] * len(bias_xs), s=500, marker="s", color="#DDDDDD",
                                edgecolors="black", zorder=2))
        for x in bias_xs:
            units.append(ax.text(x, bias_y, "1", ha="center", va="center", zorder=3))
    segments = [(edge[4], edge[5]) for edge in edges]
    end_sizes = [((500, "s") if edge[1] < 0 else (size, "o"), (size, "o")) for edge in edges]
    ax.network_parts = NetworkParts(list(sizes), net.has_bias, values, edge_lines, labels, units, segments,
                                    end_sizes)
    if labels:
        ax.network_parts.placer = ax.add_artist(EdgeLabelPlacer(ax))
        ax.network_parts.placer.set_zorder(3.5)            # after the nodes, before the labels (zorder 4)
    captions = ["inputs"] + [f"hidden\n{net.hidden_activation.name}"] * (len(sizes) - 2) + [f"output\n{net.output_activation.name}"]
    bottom = -(tallest - 1) / 2 - 0.9
    if projector_on():          # no room for captions under 24-pixel names: the layers' names say it
        bottom = -(tallest - 1) / 2 - 0.2
    else:
        for layer, caption in enumerate(captions):
            ax.text(layer, bottom, caption, ha="center", va="center", fontsize="small")
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(bottom - 0.5, bias_y + 0.6)
    ax.set_axis_off()
    ax.set_title(f"Network {sizes}" + ("" if net.has_bias else " without bias"))
    key = [Line2D([], [], color=WEIGHT_CMAP(1.0), linewidth=4, label="w > 0"),
           Line2D([], [], color=WEIGHT_CMAP(0.0), linewidth=4, label="w < 0"),
           Line2D([], [], color=WEIGHT_CMAP(0.5), linewidth=1, label="w ≈ 0")]
    narrow = {"handlelength": 1.2, "columnspacing": 1.0} if projector_on() else {}   # 24-pixel text
    ax.legend(handles=key, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, fontsize="small",
              frameon=False, **narrow)
    return ax


# --- 5. the hidden units ----------------------------------------------------------

# The 16 functions of two bits, by their outputs at the corners (0,0), (0,1), (1,0), (1,1)
# (``nnlib.data.CORNERS``, points written (x1, x2)). The two constant ones are no gate.
GATE_NAMES: dict[tuple[int, int, int, int], str | None] = {
    (0, 0, 0, 0): None, (0, 0, 0, 1): "AND", (0, 0, 1, 0): "x1 AND NOT x2", (0, 0, 1, 1): "x1",
    (0, 1, 0, 0): "x2 AND NOT x1", (0, 1, 0, 1): "x2", (0, 1, 1, 0): "XOR", (0, 1, 1, 1): "OR",
    (1, 0, 0, 0): "NOR", (1, 0, 0, 1): "XNOR", (1, 0, 1, 0): "NOT x2", (1, 0, 1, 1): "x1 OR NOT x2",
    (1, 1, 0, 0): "NOT x1", (1, 1, 0, 1): "x2 OR NOT x1", (1, 1, 1, 0): "NAND", (1, 1, 1, 1): None,
}


# The line h = 0.5 on a hidden-unit map: white with a black rim, visible on cividis's dark blue and its yellow.
HALF_LINE_OUTLINE = [patheffects.withStroke(linewidth=3.0, foreground="black")]


def _activation(activation: Activation | str) -> Activation:
    """An ``Activation``, given one or its name in nnlib's registry."""
    return activation if isinstance(activation, Activation) else get_activation(activation)


def unit_threshold(activation: Activation | str) -> float:
    """Where a hidden unit counts as "on": the activation's ``midpoint`` (0.5 for sigmoid and relu, 0 for tanh)."""
    return _activation(activation).midpoint


def gate_name(at_corners: ArrayLike, threshold: float = 0.5) -> str | None:
    """The gate a unit computes, read off its 4 outputs at (0,0), (0,1), (1,0), (1,1).

    An output ≥ ``threshold`` counts as 1. Returns a name such as "AND" or
    "NOT x1", or None when the unit is on (or off) at all four corners.
    """
    values = np.asarray(at_corners, dtype=float).reshape(-1)
    if values.shape != (4,):
        raise ValueError(f"at_corners must hold 4 outputs, at (0,0), (0,1), (1,0), (1,1); got {values.size}")
    return GATE_NAMES[tuple(int(v >= threshold) for v in values)]


def unit_title(j: int, at_corners: ArrayLike, threshold: float = 0.5) -> str:
    """The title of hidden unit j's map: "h1 ≈ AND", or "h1: off at all 4 corners" when it is no gate."""
    name = gate_name(at_corners, threshold)
    if name is not None:
        return f"h{j + 1} ≈ {name}"
    state = "on" if np.min(at_corners) >= threshold else "off"
    return f"h{j + 1}: {state} at all 4 corners"


def activation_range(activation: Activation | str, values: np.ndarray) -> tuple[float, float]:
    """The colour scale of a hidden-unit map: the activation's range, ``low`` to ``high``.

    An unbounded range (relu: 0 to infinity) ends at the largest of ``values`` instead.
    """
    activation = _activation(activation)
    if np.isfinite(activation.high):
        return activation.low, activation.high
    return activation.low, max(float(np.max(values)), 1e-6)


def plot_hidden_units(net: Network, X: ArrayLike, y: ArrayLike, fig: Figure | None = None) -> Figure:
    """One panel per unit of the first hidden layer: its activation over the (x1, x2) plane.

    ``net`` has 2 inputs and at least one hidden layer; X is (n_samples, 2),
    y is (n_samples, 1). Each panel shades h_j(x1, x2) on ``grid_over(X)``,
    draws the contour where h_j crosses ``unit_threshold`` (0.5 for sigmoid)
    and shows the points. Its title names the gate the unit computes on the
    four corners, when it computes one ("h1 ≈ AND"; for XOR often one OR-like
    and one AND-like unit).
    """
    net = _check_plane_network(net, "plot_hidden_units")
    if len(net.sizes) < 3:
        raise ValueError(f"plot_hidden_units needs a network with a hidden layer; got sizes {net.sizes}")
    X, y = _plane_data(X, y)
    n_units = net.sizes[1]
    if fig is None:
        fig = plt.figure(figsize=(3.6 * n_units + 1.0, 3.8), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, n_units, sharey=True))
    x1, x2 = grid_over(X, 101)
    hidden = net.forward(_grid_points(x1, x2))[1]        # first hidden layer: (n_grid_points, n_units)
    at_corners = net.forward(CORNERS)[1]                 # (4, n_units)
    threshold = unit_threshold(net.hidden_activation)
    # One colour scale for all panels: the activation's range (relu: 0 to its largest value here).
    low, high = activation_range(net.hidden_activation, hidden)
    for j, ax in enumerate(axes):
        values = hidden[:, j].reshape(len(x2), len(x1))
        image = _show_on_grid(ax, values, x1, x2, cmap="cividis", vmin=low, vmax=high)
        if values.min() < threshold < values.max():
            line = ax.contour(x1, x2, values, levels=[threshold], colors="white", linewidths=1.5)
            line.set_path_effects(HALF_LINE_OUTLINE)     # (matplotlib 3.10 ignores it as a contour() keyword)
        _scatter_classes(ax, X, y, size=50)
        ax.set_title(unit_title(j, at_corners[:, j], threshold))
        ax.set_xlabel("$x_1$")
        if j == 0:
            ax.set_ylabel("$x_2$")
    fig.colorbar(image, ax=list(axes), label=f"activation ({net.hidden_activation.name}); white line: h = {threshold:g}",
                 shrink=0.85)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=2, frameon=False)
    fig.suptitle("What each hidden unit computes")
    return fig


# --- 6. the loss surface of one neuron --------------------------------------------

def loss_surface(X: ArrayLike, y: ArrayLike, w_values: np.ndarray, b_values: np.ndarray,
                 loss: str = "mse") -> np.ndarray:
    """The loss of the 1-input sigmoid neuron ŷ = σ(w·x + b) for every (w, b) of a grid.

    X is (n_samples, 1), y is (n_samples, 1). Returns shape (len(b_values),
    len(w_values)): row i is b = b_values[i]. All the neurons of the grid go
    through ``forward_layers`` at once, stacked like the seeds of
    ``many_seeds.py`` (one weight matrix (1, 1) and one bias (1,) per neuron).
    """
    X = as_matrix(X, "X")
    check_features(X, 1)
    y = as_matrix(y, "y", "n_outputs")
    check_targets(X, y, 1)
    W, B = np.meshgrid(np.asarray(w_values, dtype=float), np.asarray(b_values, dtype=float))
    weights = [W.reshape(-1, 1, 1)]                 # (n_neurons, 1 input, 1 output)
    biases = [B.reshape(-1, 1)]                     # (n_neurons, 1 output)
    act = get_activation("sigmoid")
    y_hat = forward_layers(weights, biases, X, act, act)[-1]      # (n_neurons, n_samples, 1)
    return get_loss(loss).value(y_hat, y).reshape(W.shape)


def plot_loss_surface(X: ArrayLike, y: ArrayLike, path: ArrayLike | None = None, ax: Axes | None = None,
                      w_range: tuple[float, float] = (-8, 8), b_range: tuple[float, float] = (-8, 8),
                      resolution: int = 101, loss: str = "mse", colorbar: bool = True) -> Axes:
    """Contour map of the loss of a 1-input neuron (``Network([1, 1])``) over the (w, b) plane.

    X is (n_samples, 1) and y is (n_samples, 1). ``path``, if given, is a
    list of (w, b) points, shape (n_steps, 2), such as the weights of a
    History's snapshots: it is drawn with its start and end marked. A white plus
    marks the lowest loss on the grid. Points outside the ranges are cut off.
    """
    __tracebackhide__ = True
    w_range, b_range = check_interval(w_range, "w_range"), check_interval(b_range, "b_range")
    resolution = check_whole_number(resolution, "resolution", minimum=2)
    __tracebackhide__ = False
    ax = _new_axes(ax, figsize=(5.5, 4.5))
    w_values = np.linspace(*w_range, resolution)
    b_values = np.linspace(*b_range, resolution)
    surface = loss_surface(X, y, w_values, b_values, loss)
    filled = ax.contourf(w_values, b_values, surface, levels=20, cmap="cividis")
    ax.contour(w_values, b_values, surface, levels=filled.levels, colors="white", linewidths=0.4, alpha=0.5)
    if colorbar:
        ax.figure.colorbar(filled, ax=ax, label=f"loss ({loss})", shrink=0.85)
    lowest = np.unravel_index(np.argmin(surface), surface.shape)
    ax.plot(w_values[lowest[1]], b_values[lowest[0]], "P", color="white", markeredgecolor="black",
            markersize=12, label="lowest loss on the grid")
    if path is not None:
        draw_descent_path(path, ax)
    ax.set_xlim(w_values[0], w_values[-1])
    ax.set_ylim(b_values[0], b_values[-1])
    ax.set_xlabel("weight w")
    ax.set_ylabel("bias b")
    ax.set_title("Loss of one neuron over (w, b)")
    _legend_below(ax)
    return ax


def draw_descent_path(path: ArrayLike, ax: Axes) -> list[Line2D]:
    """Draw a gradient-descent path on a loss-surface Axes; return the lines drawn.

    ``path`` is a list of (w, b) points, shape (n_steps, 2), in the order they
    were visited; its start gets a circle and its end a star. (The explorer
    removes the returned lines to draw the next path on the same surface.)
    """
    path = as_matrix(path, "path")
    if path.shape[1] != 2:
        raise ValueError(f"path must be a list of (w, b) points, shape (n_steps, 2); got shape {path.shape}")
    lines = ax.plot(path[:, 0], path[:, 1], "-", color=PALETTE["orange"], linewidth=2, label="gradient descent")
    lines += ax.plot(path[0, 0], path[0, 1], "o", color=PALETTE["orange"], markeredgecolor="black",
                     markersize=10, label="start")
    lines += ax.plot(path[-1, 0], path[-1, 1], "*", color=PALETTE["yellow"], markeredgecolor="black",
                     markersize=16, label="end")
    _legend_below(ax)
    return lines


def _legend_below(ax: Axes) -> None:
    ax.legend(**{**below_axes(ax), "ncol": 1 if projector_on() else 2})


# --- 7. many seeds ---------------------------------------------------------------

def final_losses_of(result: ManySeeds | ArrayLike) -> np.ndarray:
    """The (n_seeds,) final losses of a ``ManySeeds``, or of a 1-D array that already holds them."""
    if isinstance(result, ManySeeds):
        return np.asarray(result.final_losses, dtype=float)
    if isinstance(result, np.ndarray) and result.ndim == 1 and result.size and np.issubdtype(result.dtype, np.floating):
        return result
    raise TypeError(f"result must be what train_many_seeds returns (a ManySeeds), or a 1-D float array of "
                    f"final losses; got {type(result).__name__}")


def plot_many_seeds(result: ManySeeds | np.ndarray, threshold: float = SOLVED_BELOW,
                    ax: Axes | None = None) -> Axes:
    """Histogram of the final losses of ``train_many_seeds``, on log-spaced bins.

    ``result`` is a ``ManySeeds`` (or a 1-D array of its final losses). Each
    seed has one of three outcomes, by nnlib's one rule (``many_seeds.outcomes``):
    *solved* (final loss below ``threshold``, blue), *stuck* (finite, at or
    above it, vermillion, hatched) and *diverged* (NaN or infinite: no place on
    the loss axis, so a separate grey bar with crosses right of the others). A
    dashed line marks the threshold; the title gives the shares stuck and diverged.
    """
    final = final_losses_of(result)
    try:
        threshold = float(threshold)
    except (TypeError, ValueError):
        raise TypeError(f"threshold must be a number, got {type(threshold).__name__}") from None
    if not (np.isfinite(threshold) and threshold > 0):
        raise ValueError(f"threshold must be a positive number, got {threshold}")
    ax = _new_axes(ax, figsize=(6.5, 4.5))
    outcome = outcomes(final, threshold)
    finite, stuck = ~outcome["diverged"], outcome["stuck"]
    n_diverged = int(outcome["diverged"].sum())
    # The smallest losses can be tiny (or 0): start the log axis no lower than 1e-12.
    shown = np.clip(final[finite], 1e-12, None)
    low = min(shown.min(), threshold) if shown.size else threshold / 10
    high = max(shown.max(), threshold) if shown.size else threshold * 10
    bins = np.logspace(np.log10(low) - 0.05, np.log10(high) + 0.05, 41)
    ax.hist([shown[~stuck[finite]], shown[stuck[finite]]], bins=bins, stacked=True,
            color=[PALETTE["blue"], PALETTE["vermillion"]], hatch=["", "//"], edgecolor="black", linewidth=0.5,
            label=[f"solved ({int(outcome['solved'].sum())})", f"stuck ({int(stuck.sum())})"])
    ax.axvline(threshold, color="black", linestyle="--", linewidth=1.5, label=f"threshold {threshold:g}")
    if n_diverged:
        # One bar for the seeds without a finite loss, a little to the right of the last bin.
        left, right = bins[-1] * 10 ** 0.15, bins[-1] * 10 ** 0.4
        ax.bar(left, n_diverged, width=right - left, align="edge", color="#BBBBBB", hatch="xx",
               edgecolor="black", linewidth=0.5, label=f"diverged: NaN/∞ ({n_diverged})")
        ax.annotate("NaN/∞", ((left * right) ** 0.5, n_diverged), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize="small")
    ax.set_xscale("log")
    ax.set_xlabel("final loss (log scale)")
    ax.set_ylabel("number of seeds")
    title = f"{100 * stuck.mean():.1f}% of {len(final)} seeds stuck (final loss ≥ {threshold:g})"
    if n_diverged:
        title += f", {100 * n_diverged / len(final):.1f}% diverged"
    ax.set_title(title)
    ax.legend(loc="upper center")
    return ax


if projector_wanted():          # NNCOURSE_PROJECTOR=1: the whole session in projector style
    projector_style()
