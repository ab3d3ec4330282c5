"""The XOR explorer's picture: its figure's layout, and the artists that redraw it fast.

``XorPicture`` draws; ``xor.XorExplorer`` trains and owns the controls. The
explorer asks the picture for its axes once per figure, then, for each epoch
shown, for a ``static_key`` (what the kept background holds) and for the
moving artists of that epoch (``draw_frame``); ``Explorer.render`` blits them.

Top row: the loss curve, what the network predicts (ŷ over the plane, the line
ŷ = 0.5) and the network diagram; bottom row: what each hidden unit outputs
over the plane, titled with the gate it computes. In projector mode the text
is too big for all that at once: the picture shows one of three VIEWS, chosen
with a toggle beside it (``training``: loss and boundary; ``network``: the
diagram and a table of its weights; ``hidden units``: the unit maps, two or three a row).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox, IdentityTransform
from matplotlib.ticker import MaxNLocator

from .. import plots
from .base import empty
from nnlib.activations import ACTIVATIONS
from nnlib.data import CORNERS
from nnlib.network import Network
from nnlib.training import History, Snapshot
from nnlib.xor221 import get_w

LOSS_PARTS = (2, 3, 4)              # the parts of ``static_key`` that only the loss panel draws
MAX_HIDDEN = 8                      # the hidden-units slider's end, and the bottom row's slots
VIEWS = ("training", "network", "hidden units")     # projector mode: what the picture shows, one at a time


def loss_limits(losses: np.ndarray, current: tuple[float, float] | None) -> tuple[float, float] | None:
    """y-limits of the loss axis: whole decades around the finite losses (None: use a linear axis).

    ``current`` limits are kept if they hold the losses and reach at most two
    decades lower than needed: then the axis (and its ticks) need not be drawn
    again for the next seed.
    """
    finite = losses[np.isfinite(losses)]
    if finite.size == 0 or finite.min() <= 0:
        return None
    low = 10.0 ** math.floor(math.log10(finite.min()) - 0.02)
    high = 10.0 ** math.ceil(math.log10(finite.max()) + 0.02)
    if current is not None and low / 100 <= current[0] <= low and current[1] >= high:
        return current
    return low, high


def first_bad_epoch(losses: np.ndarray) -> int | None:
    """The first epoch whose loss is NaN or infinite (None when every loss is a number)."""
    finite = np.isfinite(losses)
    return None if finite.all() else int(np.argmax(~finite))


def unit_key_text(projector: bool, below: bool = False) -> str:
    """The key left of the unit maps: dark is low, light high, and where the white line is drawn.

    The line is at each activation's ``midpoint``: the usual one (0.5) is said
    first, then the activations whose midpoint differs (tanh's 0). ``below``:
    in three wide lines, for a key under the maps (projector mode, many units).
    """
    midpoints = [a.midpoint for a in ACTIVATIONS.values()]
    usual = max(set(midpoints), key=midpoints.count)
    others = [a for a in ACTIVATIONS.values() if a.midpoint != usual]
    if below:
        exceptions = "".join(f" ({a.name}: {a.midpoint:g})" for a in others)
        return f"each hidden unit over (x1, x2):\ndark low, light high;\nwhite line: h = {usual:g}{exceptions}"
    if projector:
        exceptions = "".join(f"\n({a.name}: {a.midpoint:g})" for a in others)
        return f"each hidden\nunit over\n(x1, x2):\ndark low,\nlight high;\nwhite line:\nh = {usual:g}{exceptions}"
    exceptions = "".join(f"\n({a.midpoint:g} for {a.name})" for a in others)
    return (f"what each\nhidden unit\noutputs over\n(x1, x2)\n(dark: low,\nlight: high);\nwhite line:\n"
            f"h = {usual:g}{exceptions}")


def weights_table(net: Network) -> str:
    """The 2-2-1 network's nine weights, one line per unit they feed (projector mode's network view).

    "h1  w1 −3.08  w2 −5.38  w3  5.32", … (bias first, as in nnlib.xor221); another
    network's weights are too many to list: then one line says where they are.
    """
    if net.sizes != [2, 2, 1] or not net.has_bias:
        return f"{sum(W.size for W in net.weights)} weights: see net.weights"
    w = get_w(net)
    rows = [("h1", ("w1", "w2", "w3")), ("h2", ("w4", "w5", "w6")), ("ŷ ", ("w7", "w8", "w9"))]
    return "\n".join(f"{unit}  " + "  ".join(f"{name} {w[name]:5.2f}".replace("-", "−") for name in names)
                     for unit, names in rows)


class XorPicture:
    """The axes and artists of the XOR explorer's figure; each epoch only gets new data.

    The artists that change from epoch to epoch are made once, marked
    animated, and returned by ``draw_frame``; what a full draw puts in the
    kept background is summed up by ``static_key``.
    """

    def __init__(self, resolution: int) -> None:
        self.resolution = resolution            # grid points along each side of a map
        self.view = VIEWS[0]                    # projector mode: the part of the picture shown

    # --- the layout: made once per figure ---
    def make_axes(self, figure: Figure, unit_slots: int) -> list[Axes]:
        """Top: loss, boundary, network. Bottom: a key, then one slot per possible hidden unit.

        In projector mode each of the three VIEWS fills the whole figure, and only
        ``self.view``'s axes are shown (``show_only_the_view``): training (the loss
        above, the boundary and its legend below), network (the diagram above a
        table of its weights), hidden units (``unit_slots`` maps: 2 in a row or 4 in
        two rows beside the key; 8 in three rows of three above it).
        """
        if plots.projector_on():
            training = figure.add_gridspec(2, 2, height_ratios=[1.0, 1.3], width_ratios=[1.5, 1.0])
            network = figure.add_gridspec(2, 1, height_ratios=[3.4, 1.0])
            # Each row of maps under an empty row for the maps' titles (the layout cannot see them).
            if unit_slots <= 4:              # one or two rows of two, beside the key
                columns, map_rows, first = 2, unit_slots // 2, 1
                units = figure.add_gridspec(2 * map_rows, 3, width_ratios=[0.75, 1.0, 1.0],
                                            height_ratios=[0.4, 1.0] * map_rows)
                key_slot = units[:, 0]
            else:                            # three rows of three, the key under them
                columns, map_rows, first = 3, 3, 0
                units = figure.add_gridspec(2 * map_rows + 1, 3, height_ratios=[0.4, 1.0] * map_rows + [0.8])
                key_slot = units[-1, :]
            self.axes = [figure.add_subplot(training[0, :]), figure.add_subplot(training[1, 0]),
                         figure.add_subplot(network[0, 0])]
            self.legend_ax = figure.add_subplot(training[1, 1])
            self.weights_ax = figure.add_subplot(network[1, 0])
            self.key_ax = figure.add_subplot(key_slot)
            self.unit_axes = [figure.add_subplot(units[2 * (k // columns) + 1, first + k % columns])
                              for k in range(unit_slots)]
            for ax in (self.legend_ax, self.weights_ax):
                ax.set_axis_off()
            return self.axes
        rows = figure.add_gridspec(2, 1, height_ratios=[3.0, 1.5])
        top = rows[0].subgridspec(1, 3, width_ratios=[1.0, 1.1, 1.4])
        bottom = rows[1].subgridspec(1, MAX_HIDDEN + 1)
        self.axes = [figure.add_subplot(top[0, k]) for k in range(3)]
        self.key_ax = figure.add_subplot(bottom[0, 0])
        self.unit_axes = [figure.add_subplot(bottom[0, k + 1]) for k in range(MAX_HIDDEN)]
        return self.axes

    def view_axes(self) -> dict[str, list[Axes]]:
        """Projector mode: the axes of each view (the boundary's colour bar is the training view's)."""
        others = [self.axes[2], self.weights_ax, self.key_ax, *self.unit_axes]
        training = [ax for ax in self.axes[0].figure.axes if ax not in others]
        return {"training": training, "network": [self.axes[2], self.weights_ax],
                "hidden units": [self.key_ax, *self.unit_axes]}

    def show_only_the_view(self) -> None:
        """Projector mode: hide the axes of the other views, and leave them out of the layout."""
        for view, axes in self.view_axes().items():
            for ax in axes:
                ax.set_visible(view == self.view)
                ax.set_in_layout(view == self.view)

    def unit_slots(self, hidden: int) -> list[Axes]:
        """The unit axes used for ``hidden`` units: the middle of the row (projector mode: the first ones)."""
        first = 0 if plots.projector_on() else (MAX_HIDDEN - hidden) // 2
        return self.unit_axes[first:first + hidden]

    def setup_static_parts(self) -> None:
        """What never changes: colour bar, labels, the key of the unit maps; and the artists reused later."""
        loss_ax, boundary_ax, _ = self.axes
        self._structure: tuple | None = None
        self._loss_limits: tuple[float, float] | None = None
        plots.prediction_colorbar(boundary_ax)
        loss_ax.set_title("Loss (mse) during training")
        loss_ax.set_xlabel("epoch")
        loss_ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        (self.loss_line,) = loss_ax.plot([], [], color=plots.PALETTE["blue"], label="loss")
        (self.marker,) = loss_ax.plot([], [], "o", color=plots.PALETTE["vermillion"], markeredgecolor="black",
                                      markersize=9, zorder=3, label="epoch 0")
        self.nan_line = loss_ax.axvline(0, color=plots.PALETTE["vermillion"], linestyle="--", visible=False)
        plots._label_plane(boundary_ax)
        boundary_ax.title.set_animated(True)
        self.boundary_line = boundary_ax.add_collection(LineCollection([], colors="black", linewidths=2,
                                                                       animated=True))
        for ax in self.unit_axes:
            ax.set_axis_off()
        self.key_ax.set_axis_off()
        below = plots.projector_on() and len(self.unit_axes) > MAX_HIDDEN // 2     # the key under the maps
        key = unit_key_text(plots.projector_on(), below)
        self.key_ax.text(0.0, 0.5, key, ha="left", va="center", fontsize="small", transform=self.key_ax.transAxes)
        for artist in (self.loss_line, self.marker, self.nan_line):
            artist.set_animated(True)
        self.weights_text = None
        if plots.projector_on():
            self.weights_text = self.weights_ax.text(0.0, 1.0, "", ha="left", va="top", family="monospace",
                                                     transform=self.weights_ax.transAxes, animated=True)
            self.show_only_the_view()
        self.boundary_image = None
        self.points: list[Artist] = []
        self.unit_images: list = []
        self.unit_lines: list = []
        self.unit_titles: list = []
        self._network_shape: tuple | None = None

    def setup_structure(self, structure: tuple, X: np.ndarray, y: np.ndarray) -> None:
        """Artists that depend on the data set and the hidden layer: made again when those change.

        ``structure`` is (data set, hidden units, activation); X, y are the data set's points.
        """
        _, boundary_ax, _ = self.axes
        if structure == self._structure:
            return
        self._structure = structure
        for artist in [self.boundary_image, *self.points, *self.unit_images, *self.unit_lines, *self.unit_titles]:
            if artist is not None:
                artist.remove()
        self.x1, self.x2 = plots.grid_over(X, self.resolution)
        self.grid = plots._grid_points(self.x1, self.x2)
        blank = np.zeros((len(self.x2), len(self.x1)))
        self.boundary_image = plots._show_on_grid(boundary_ax, blank, self.x1, self.x2, cmap=plots.PREDICTION_CMAP,
                                                  vmin=0.0, vmax=1.0, animated=True)
        plots._scatter_classes(boundary_ax, X, y)
        self.points = [c for c in boundary_ax.collections if c.get_label().startswith("target")]
        used = self.unit_slots(structure[1])
        shown = not plots.projector_on() or self.view == "hidden units"
        for ax in self.unit_axes:
            ax.set_visible(shown and ax in used)
        self.unit_images = [plots._show_on_grid(ax, blank, self.x1, self.x2, cmap="cividis", animated=True)
                            for ax in used]
        self.unit_lines = [ax.add_collection(LineCollection([], colors="white", linewidths=1.5, animated=True,
                                                            path_effects=plots.HALF_LINE_OUTLINE))
                           for ax in used]
        self.unit_titles = [ax.text(0.5, 1.03, "", ha="center", va="bottom", fontsize="small",
                                    transform=ax.transAxes, animated=True) for ax in used]
        for artist in self.points:
            artist.set_animated(True)

    # --- the background: drawn in full only when it changes ---
    def static_key(self, history: History, shown: Network, y_hat: np.ndarray, drawn_key: object) -> tuple:
        """Everything drawn in the kept background; when it changes, the figure is drawn in full.

        Also sets up those background parts (axis limits, legends) for the current run,
        unless ``drawn_key``, the key of the background kept now, is still the same.
        """
        losses = history.losses
        self._loss_limits = loss_limits(losses, self._loss_limits)
        first_bad = first_bad_epoch(losses)
        has_boundary = bool(y_hat.min() < 0.5 < y_hat.max())
        boundary_label = ("boundary ŷ = 0.5" if has_boundary else
                          f"no boundary here: ŷ {'>' if y_hat.min() >= 0.5 else '<'} 0.5 everywhere")
        if plots.projector_on():                           # a narrow legend beside the boundary panel
            boundary_label = boundary_label.replace("boundary ", "boundary\n").replace(": ", ":\n")
        network_shape = (tuple(shown.sizes), shown.has_bias, shown.hidden_activation.name)
        if network_shape != self._network_shape:
            self.draw_network_diagram(shown)
            self._network_shape = network_shape
        key = (self._structure, network_shape, self._loss_limits, len(losses), first_bad, boundary_label, self.view)
        if key != drawn_key:
            self.draw_loss_axis(losses, first_bad)
            self.draw_boundary_legend(boundary_label, has_boundary)
        return key

    def draw_loss_axis(self, losses: np.ndarray, first_bad: int | None) -> None:
        """The loss panel's limits, scale and legend, for a full draw."""
        loss_ax = self.axes[0]
        if self._loss_limits is None:
            loss_ax.set_yscale("linear")
            loss_ax.set_ylim(0, 1.05 * float(np.nanmax(losses[np.isfinite(losses)], initial=1.0)))
            loss_ax.set_ylabel("loss")
        else:
            loss_ax.set_yscale("log")
            loss_ax.set_ylim(*self._loss_limits)
            loss_ax.set_ylabel("loss (log scale)")
        last = len(losses) - 1
        loss_ax.set_xlim(-0.02 * max(last, 1), 1.02 * max(last, 1))
        handles = [self.loss_line, self.marker]
        labels = ["loss", "shown epoch"]
        if first_bad is not None:
            handles.append(self.nan_line)
            labels.append(f"loss became NaN/infinite at epoch {first_bad}")
        loss_ax.legend(handles, labels, loc="upper right", fontsize="small")

    def draw_boundary_legend(self, boundary_label: str, has_boundary: bool) -> None:
        """The boundary panel's legend (projector mode: beside the network), for a full draw."""
        boundary_ax = self.axes[1]
        handles, _ = boundary_ax.get_legend_handles_labels()
        handles = [h for h in handles if h.get_label().startswith("target")]
        handles.append(plots.boundary_key(boundary_label, drawn=has_boundary))
        if plots.projector_on():                       # no room under the picture: beside it
            self.legend_ax.legend(handles=handles, loc="center left", fontsize="small", frameon=False,
                                  borderaxespad=0)
        else:
            boundary_ax.legend(handles=handles, **plots.below_axes(boundary_ax))

    def draw_network_diagram(self, net: Network) -> None:
        """Draw the diagram in full (when the network's shape changed); later epochs only update it."""
        network_ax = self.axes[2]
        empty(network_ax)
        plots.plot_network(net, ax=network_ax)
        for artist in network_ax.network_parts.moving:
            artist.set_animated(True)

    def after_full_draw(self) -> None:
        """The layout is final: stop the diagram's edges at the rim of its nodes (drawn in the background);
        note where the loss panel's drawing reaches (``redraw_loss_panel`` erases that)."""
        plots.fit_edges_to_nodes(self.axes[2])
        self.loss_box = self.axes[0].get_tightbbox()

    @staticmethod
    def only_the_loss_panel_changed(drawn_key: tuple | None, key: tuple | None) -> bool:
        """Do two static keys differ, and only in the loss panel's parts (its axis limits, its legend)?"""
        if drawn_key is None or key is None or drawn_key == key:
            return False
        others = [[part for k, part in enumerate(each) if k not in LOSS_PARTS] for each in (drawn_key, key)]
        return others[0] == others[1]

    def redraw_loss_panel(self, canvas: FigureCanvasAgg) -> None:
        """Draw the loss panel again over the kept background: erase where its old drawing and its new
        one reach (2 pixels more, for anti-aliasing), then draw it. A new number of epochs or a preset
        moves the loss axis; this costs a third of a full draw."""
        loss_ax = self.axes[0]
        if not loss_ax.get_visible():                    # projector mode, another view: nothing to draw
            return
        plots.enlarge_small_texts(loss_ax.figure)      # projector mode: the new legend's text too
        renderer = canvas.get_renderer()
        box = Bbox.union([self.loss_box, loss_ax.get_tightbbox(renderer)]).padded(2)
        eraser = Rectangle((box.x0, box.y0), box.width, box.height, transform=IdentityTransform(),
                           facecolor=loss_ax.figure.get_facecolor(), edgecolor="none", linewidth=0)
        eraser.set_figure(loss_ax.figure)
        eraser.draw(renderer)
        loss_ax.draw(renderer)
        self.loss_box = loss_ax.get_tightbbox(renderer)

    # --- one epoch: new data for the moving artists ---
    def draw_frame(self, history: History, shown: Snapshot, activations: list[np.ndarray],
                   y_hat: np.ndarray) -> list[Artist]:
        """Give the moving artists the data of the shown epoch; return them (the explorer's ``moving``)."""
        loss_ax, boundary_ax, network_ax = self.axes
        losses = history.losses
        finite = np.isfinite(losses)
        epochs = np.arange(losses.size)
        self.loss_line.set_data(epochs[finite], losses[finite])
        self.marker.set_data([shown.epoch], [losses[shown.epoch]])
        self.marker.set_label(f"epoch {shown.epoch}")
        first_bad = first_bad_epoch(losses)
        self.nan_line.set_visible(first_bad is not None)
        if first_bad is not None:
            self.nan_line.set_xdata([first_bad, first_bad])
            self.nan_line.set_label(f"loss became NaN/infinite at epoch {first_bad}")
        self.boundary_image.set_data(y_hat)
        self.boundary_line.set_segments(plots.contour_segments(self.x1, self.x2, y_hat, 0.5))
        boundary_ax.set_title(f"ŷ at epoch {shown.epoch}")
        plots.update_network(network_ax, shown.network)
        self.draw_units(shown.network, activations[1])
        moving = [self.loss_line, self.nan_line, self.marker, self.boundary_image, self.boundary_line,
                  *self.points, *boundary_ax.spines.values(), boundary_ax.title,
                  *network_ax.network_parts.moving, *self.unit_images, *self.unit_lines, *self.unit_titles]
        if self.weights_text is not None:
            self.weights_text.set_text(weights_table(shown.network))
            moving.append(self.weights_text)
        return moving

    def draw_units(self, net: Network, hidden: np.ndarray) -> None:
        """Each hidden unit's map: its output over the grid, its midpoint line and the gate it computes."""
        threshold = plots.unit_threshold(net.hidden_activation)
        low, high = plots.activation_range(net.hidden_activation, hidden)
        at_corners = net.forward(CORNERS)[1]
        for j, (image, line, title) in enumerate(zip(self.unit_images, self.unit_lines, self.unit_titles)):
            values = hidden[:, j].reshape(len(self.x2), len(self.x1))
            image.set_data(values)
            image.set_clim(low, high)
            line.set_segments(plots.contour_segments(self.x1, self.x2, values, threshold))
            text = plots.unit_title(j, at_corners[:, j], threshold)
            if plots.projector_on():                 # 24-pixel text: two lines, three in three columns
                text = text.replace(" ≈ ", " ≈\n").replace(": ", ":\n")
                if len(self.unit_axes) > MAX_HIDDEN // 2:
                    text = text.replace(" AND NOT ", " AND\nNOT ").replace(" OR NOT ", " OR\nNOT ")
                    text = text.replace(" at all 4 corners", "\nat all 4")
            title.set_text(text)
