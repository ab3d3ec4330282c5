"""Interactive explorers: sliders that retrain a network and redraw its pictures.

Each ``*_explorer()`` function returns an ``Explorer``, a small object with

    .controls   a dict name → ipywidget (slider, dropdown, checkbox, …)
    .figure     the matplotlib Figure the pictures are drawn into
    .summary    an ipywidgets.HTML holding the numbers of the current run
    .widget     the whole box: controls, picture, summary
    .update()   recompute from the controls' current values and redraw

End a notebook cell with ``xor_explorer()`` to show one. Moving a control
calls ``update()`` (the epoch scrubber only redraws). The same happens without
a browser when code sets a value, ``explorer.controls["seed"].value = 3``,
which is how the tests drive the explorers.

Nothing here does maths of its own: training is ``nnlib.train`` or
``nnlib.train_many_seeds``, pictures are ``nnlib.plots``. The figure is a
plain ``matplotlib.figure.Figure`` rather than a pyplot one, so pyplot never
holds it open or shows it a second time; each redraw is saved as a PNG into
an ``ipywidgets.Image``, which the browser shows as an ``<img>``.
"""

from __future__ import annotations

import io
import math
from collections import OrderedDict
from typing import Any, Callable, Sequence

import ipywidgets as widgets
import numpy as np
from IPython.display import display
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import plots
from .data import CORNERS, gate, noisy_gate
from .errors import check_choice, check_learning_rate, check_positive_int
from .many_seeds import ManySeeds, train_many_seeds
from .network import Network
from .training import History, Snapshot, train

DPI = 90                                           # pixels per inch of the PNG pictures
STYLE = {"description_width": "110px"}             # room for "learning rate" before each control
WIDE = {"width": "330px"}                          # the layout of most controls
CACHE_SIZE = 32                                    # training runs kept per explorer
DATA_SETS = ("xor", "and", "or", "noisy xor", "noisy and", "noisy or")


def data_set(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The data set called ``name``: a gate's truth table, or ``noisy_gate`` around its corners."""
    check_choice(name, DATA_SETS, "data set")
    if name.startswith("noisy "):
        return noisy_gate(name.removeprefix("noisy "))
    return gate(name)


# --- the parts every explorer shares ------------------------------------------------

class Explorer:
    """Controls, a picture and a summary, kept in step.

    A subclass makes the controls, lists them in ``rows`` (one line of
    controls each) and writes ``update()``: compute, draw on ``self.axes``
    (``empty`` them first), set ``self.summary.value``, then ``self.show()``.
    The axes are made once and reused, which keeps redraws fast.
    """

    def __init__(self, controls: dict[str, widgets.Widget], rows: Sequence[Sequence[str]],
                 figsize: tuple[float, float], panels: int = 1,
                 width_ratios: Sequence[float] | None = None) -> None:
        self.controls = controls
        # The first picture is laid out by matplotlib's "constrained" layout, which
        # makes room for every label; show() then keeps that layout for good, so
        # later redraws skip the (slow) layout step.
        self.figure = Figure(figsize=figsize, dpi=DPI, layout="constrained")
        FigureCanvasAgg(self.figure)    # draw with Agg, keeping its caches from one redraw to the next
        self.axes: list[Axes] = list(np.atleast_1d(self.figure.subplots(1, panels, width_ratios=width_ratios)))
        self.image = widgets.Image(format="png", layout={"max_width": "100%", "height": "auto"})
        self.summary = widgets.HTML()
        self.summary.add_class("nnlib-summary")
        lines = [widgets.HBox([controls[name] for name in row]) for row in rows]
        self.widget = widgets.VBox(lines + [self.image, self.summary])

    def listen(self, names: Sequence[str], callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever one of the named controls changes its value."""
        for name in names:
            self.controls[name].observe(lambda change: callback(), names="value")

    def update(self) -> None:
        """Recompute from the controls' current values and redraw."""
        raise NotImplementedError

    def show(self) -> None:
        """Save the figure as a PNG into the image widget (what the browser shows)."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
        self.figure.set_layout_engine(None)            # keep the layout of the first picture
        self.image.value = buffer.getvalue()

    # A cell that ends with an explorer shows its widget.
    def _ipython_display_(self) -> None:
        display(self.widget)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)


def empty(ax: Axes) -> None:
    """Remove everything the plot functions drew on ``ax``, but keep ``ax`` itself.

    ``ax.clear()`` would do too, but it also throws away the tick marks, and
    making those again is the slowest part of a redraw.
    """
    for artist in [*ax.lines, *ax.collections, *ax.images, *ax.patches, *ax.texts]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.set_title("")
    ax.relim()
    ax.set_autoscale_on(True)


def slider(description: str, value: int, low: int, high: int, step: int = 1, *,
           retrains: bool = True) -> widgets.IntSlider:
    """A whole-number slider; one that retrains reports its value only when released."""
    return widgets.IntSlider(value=value, min=low, max=high, step=step, description=description,
                             continuous_update=not retrains, style=STYLE, layout=WIDE)


def rate_slider(value: float, low_power: int = -7, high_power: int = 7) -> widgets.FloatLogSlider:
    """A learning-rate slider over the powers of two 2**low_power … 2**high_power.

    Each step doubles or halves the rate; the default range is 2**-7 … 2**7,
    about 0.008 … 128. The browser snaps a log slider to its grid, so
    ``value`` must be one of those powers of two (…, 0.5, 1, 2, 4, …):
    any other value would be silently changed, and the run with it.
    """
    power = math.log2(check_learning_rate(value))
    if not (low_power <= power <= high_power and power.is_integer()):
        raise ValueError(f"learning_rate must be a power of two from 2**{low_power} to 2**{high_power}, "
                         f"such as 0.5, 1.0 or 2.0; got {value!r}")
    return widgets.FloatLogSlider(value=value, base=2, min=low_power, max=high_power, step=1,
                                  description="learning rate", readout_format=".4",
                                  continuous_update=False, style=STYLE, layout=WIDE)


def check_range(value: Any, low: int, high: int, name: str, step: int = 1) -> int:
    """A starting value for a slider from low to high in steps of ``step``: one of its stops."""
    value = check_positive_int(value, name, minimum=low)
    if value > high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value}")
    if (value - low) % step:
        raise ValueError(f"{name} must be one of the slider's stops {low}, {low + step}, …, {high}; got {value}")
    return value


def three_decimals(values: np.ndarray) -> str:
    """'0.061 0.949 0.946 0.054': predictions at 3 decimals."""
    return " ".join(f"{v:.3f}" for v in np.ravel(values))


# --- 1. one neuron, one line -----------------------------------------------------

class NeuronExplorer(Explorer):
    """Sliders w1, w2, b for one 2-input sigmoid neuron, and the gate it should compute."""

    def __init__(self, gate_name: str = "and") -> None:
        check_choice(gate_name, ("and", "or", "xor"), "gate")
        number = {"min": -10.0, "max": 10.0, "step": 0.1, "style": STYLE, "layout": WIDE}
        controls = {
            "gate": widgets.Dropdown(options=["and", "or", "xor"], value=gate_name, description="gate",
                                     style=STYLE, layout=WIDE),
            "w1": widgets.FloatSlider(value=1.0, description="w1", **number),
            "w2": widgets.FloatSlider(value=1.0, description="w2", **number),
            "b": widgets.FloatSlider(value=-0.5, description="b", **number),
        }
        super().__init__(controls, [["gate"], ["w1", "w2", "b"]], figsize=(6.0, 4.8))
        plots.prediction_colorbar(self.axes[0], label="neuron output σ(z)")
        self.listen(controls, self.update)
        self.update()

    def update(self) -> None:
        name = self.controls["gate"].value
        w1, w2, b = (self.controls[key].value for key in ("w1", "w2", "b"))
        X, y = gate(name)
        y_hat = Network.from_weights([[[w1], [w2]]], [[b]]).predict(X)
        self.right = int(np.sum((y_hat >= 0.5) == (y >= 0.5)))      # points on the correct side
        ax = self.axes[0]
        empty(ax)
        plots.plot_neuron_line([w1, w2], b, X, y, ax=ax, colorbar=False)
        ax.set_title(f"{name.upper()}: {self.right} of 4 points right")
        self.summary.value = (f"{name.upper()}: {self.right} of 4 points right (ŷ ≥ 0.5 counts as 1)<br>"
                              f"ŷ at (0,0) (0,1) (1,0) (1,1): {three_decimals(y_hat)}<br>"
                              f"targets: {three_decimals(y)}")
        self.show()


def neuron_explorer(gate: str = "and") -> NeuronExplorer:
    """Move w1, w2 and b of one neuron and watch its line: can it separate AND? OR? XOR?"""
    return NeuronExplorer(gate)


# --- 2. the learning rate ----------------------------------------------------------

# A tiny 1-D data set: hours of practice x → chance of passing y. Its lowest
# loss is near w = 1.6, b = −4, inside the picture; every run starts at (0, 0).
LR_X = np.array([[1.0], [2.0], [3.0], [4.0]])
LR_Y = np.array([[0.1], [0.3], [0.7], [0.9]])
LR_START = (0.0, 0.0)


def describe_run(history: History) -> str:
    """One sentence on how a run went: diverged, overshooting, slow or good.

    It reads only the recorded losses: did they become NaN, end above where
    they started, go up at some epoch, or fall by less than half?
    """
    losses = history.losses
    first, last = losses[0], losses[-1]
    if history.diverged:
        return (f"Diverged: the loss became NaN or infinite at epoch {history.epochs_run}. "
                f"The learning rate is far too large.")
    if last >= first:
        return (f"Diverged: the loss ended higher than it started ({first:.3g} → {last:.3g}). "
                f"The steps are so big that they jump across the valley and up the other side. "
                f"Try a smaller learning rate.")
    ups = int(np.sum(np.diff(losses) > 0))
    if ups:
        return (f"Overshooting: the loss went up at {ups} of {history.epochs_run} epochs. "
                f"The steps are too big and bounce across the valley.")
    if last > first / 2:
        return (f"Slow: the loss fell at every epoch, but only from {first:.3g} to {last:.3g}. "
                f"The learning rate is too small (or train for more epochs).")
    return f"Good: the loss fell at every epoch, from {first:.3g} to {last:.3g}."


class LearningRateExplorer(Explorer):
    """One neuron on a tiny 1-D data set: its path over the loss surface, and its loss curve."""

    def __init__(self, learning_rate: float = 1.0, epochs: int = 100) -> None:
        controls = {
            "learning_rate": rate_slider(learning_rate),
            "epochs": slider("epochs", check_range(epochs, 10, 1000, "epochs", 10), 10, 1000, 10),
        }
        super().__init__(controls, [["learning_rate", "epochs"]], figsize=(11.0, 4.8), panels=2,
                         width_ratios=[1.2, 1.0])
        self.X, self.y = LR_X, LR_Y
        # The surface never changes: draw it once, and only the path on top of it each time.
        plots.plot_loss_surface(self.X, self.y, ax=self.axes[0])
        self.path_lines: list = []
        self.listen(controls, self.update)
        self.update()

    def update(self) -> None:
        learning_rate = self.controls["learning_rate"].value
        w, b = LR_START
        net = Network.from_weights([[[w]]], [[b]])          # one input, one output: W is (1, 1), b is (1,)
        self.history = train(net, self.X, self.y, epochs=self.controls["epochs"].value,
                             learning_rate=learning_rate, loss="mse", snapshot_every=1)
        path = [(s.network.weights[0][0, 0], s.network.biases[0][0]) for s in self.history.snapshots]
        path = [point for point in path if np.all(np.isfinite(point))]     # a run that blew up stops short
        surface_ax, loss_ax = self.axes
        for line in self.path_lines:
            line.remove()
        self.path_lines = plots.draw_descent_path(path, surface_ax)
        empty(loss_ax)
        plots.plot_loss_curve(self.history.losses, ax=loss_ax,
                              title=f"Loss (mse) with learning rate {learning_rate:g}")
        self.verdict = describe_run(self.history)
        self.summary.value = (f"learning rate {learning_rate:g}, {self.history.epochs_run} epochs, "
                              f"final loss: {self.history.final_loss:.6g}<br>{self.verdict}")
        self.show()


def learning_rate_explorer(learning_rate: float = 1.0, epochs: int = 100) -> LearningRateExplorer:
    """Slide the learning rate from too small, through good, to divergent, and watch the path."""
    return LearningRateExplorer(learning_rate, epochs)


# --- 3. training XOR -------------------------------------------------------------

MAX_SNAPSHOTS = 100


class XorExplorer(Explorer):
    """Train a 2-H-1 network on XOR (or another gate) and scrub through its training.

    The training controls retrain, through a cache keyed by all their values;
    the epoch scrubber (and its play button) only redraws from the snapshots.
    """

    TRAINING = ("data", "hidden", "activation", "bias", "seed", "learning_rate", "epochs")

    def __init__(self, seed: int = 0, learning_rate: float = 2.0, epochs: int = 1000, hidden: int = 2,
                 bias: bool = True, activation: str = "sigmoid", data: str = "xor", resolution: int = 61) -> None:
        epochs = check_range(epochs, 100, 10000, "epochs", 100)
        controls = {
            "data": widgets.Dropdown(options=list(DATA_SETS), value=check_choice(data, DATA_SETS, "data set"),
                                     description="data set", style=STYLE, layout=WIDE),
            "hidden": slider("hidden units", check_range(hidden, 2, 8, "hidden"), 2, 8),
            "activation": widgets.Dropdown(options=["sigmoid", "tanh", "relu"],
                                           value=check_choice(activation, ("sigmoid", "tanh", "relu"), "activation"),
                                           description="activation", style=STYLE, layout=WIDE),
            "bias": widgets.Checkbox(value=bool(bias), description="bias", style=STYLE, layout=WIDE),
            "seed": slider("seed", check_range(seed, 0, 99, "seed"), 0, 99),
            "learning_rate": rate_slider(learning_rate),
            "epochs": slider("epochs", epochs, 100, 10000, 100),
            "epoch": widgets.IntSlider(value=epochs, min=0, max=epochs, description="show epoch",
                                       style=STYLE, layout={"width": "560px"}),
            "play": widgets.Play(value=epochs, min=0, max=epochs, interval=400, description="replay training"),
        }
        widgets.jslink((controls["play"], "value"), (controls["epoch"], "value"))
        super().__init__(controls, [["data", "hidden", "activation"], ["seed", "learning_rate", "epochs"],
                                    ["bias"], ["play", "epoch"]],
                         figsize=(13.0, 4.6), panels=3, width_ratios=[1.0, 1.1, 1.4])
        plots.prediction_colorbar(self.axes[1])
        self.resolution = resolution
        self.cache: OrderedDict[tuple, History] = OrderedDict()
        self._moving_scrubber = False
        self.listen(self.TRAINING, self.update)
        self.listen(["epoch"], self.scrub)
        self.update()

    # --- training, through the cache ---
    def settings(self) -> tuple:
        """The training controls' values, in the order of ``TRAINING``: the cache key."""
        return tuple(self.controls[name].value for name in self.TRAINING)

    def run(self, settings: tuple) -> History:
        """The training history for these settings: from the cache, or trained now."""
        if settings in self.cache:
            self.cache.move_to_end(settings)             # now the most recently used
            return self.cache[settings]
        data, hidden, activation, bias, seed, learning_rate, epochs = settings
        X, y = data_set(data)
        net = Network([2, hidden, 1], bias=bias, seed=seed, activation=activation)
        history = train(net, X, y, epochs=epochs, learning_rate=learning_rate, loss="mse",
                        snapshot_every=math.ceil(epochs / MAX_SNAPSHOTS))
        self.cache[settings] = history
        if len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)               # forget the least recently used run
        return history

    def update(self) -> None:
        """Retrain (or fetch from the cache), move the scrubber to the last epoch, redraw."""
        self.X, self.y = data_set(self.controls["data"].value)
        self.history = self.run(self.settings())
        snapshots = self.usable_snapshots()
        every = snapshots[1].epoch if len(snapshots) > 1 else 1
        self._moving_scrubber = True                     # these changes must not redraw one by one
        for name in ("epoch", "play"):
            control = self.controls[name]
            control.max = max(snapshots[-1].epoch, 1)
            control.step = every
            control.value = snapshots[-1].epoch
        self._moving_scrubber = False
        self.redraw()

    # --- scrubbing: no training, only redrawing ---
    def scrub(self) -> None:
        if not self._moving_scrubber:
            self.redraw()

    def usable_snapshots(self) -> list[Snapshot]:
        """The snapshots whose loss is a number (a run that diverged ends in NaN)."""
        return [s for s in self.history.snapshots if np.isfinite(self.history.losses[s.epoch])]

    def snapshot(self) -> Snapshot:
        """The latest usable snapshot at or before the scrubber's epoch."""
        epoch = self.controls["epoch"].value
        snapshots = self.usable_snapshots()
        earlier = [s for s in snapshots if s.epoch <= epoch]
        return earlier[-1] if earlier else snapshots[0]

    def redraw(self) -> None:
        """Draw the loss curve, decision boundary and network at the scrubber's epoch."""
        shown = self.snapshot()
        loss_ax, boundary_ax, network_ax = self.axes
        for ax in self.axes:
            empty(ax)
        plots.plot_loss_curve(self.history.losses, ax=loss_ax, marker_epoch=shown.epoch,
                              title="Loss (mse) during training")
        plots.plot_decision_boundary(shown.network, self.X, self.y, ax=boundary_ax, resolution=self.resolution,
                                     title=f"ŷ at epoch {shown.epoch}", colorbar=False)
        plots.plot_network(shown.network, ax=network_ax)
        final = self.history.snapshots[-1].network
        lines = [f"final loss: {self.history.final_loss:.6g} after {self.history.epochs_run} epochs",
                 f"final ŷ at (0,0) (0,1) (1,0) (1,1): {three_decimals(final.predict(CORNERS))}",
                 f"shown: epoch {shown.epoch}, loss {self.history.losses[shown.epoch]:.6g}, "
                 f"ŷ at (0,0) (0,1) (1,0) (1,1): {three_decimals(shown.network.predict(CORNERS))}"]
        if self.history.diverged or self.history.losses[-1] >= self.history.losses[0]:
            lines.insert(0, f"<b>{describe_run(self.history)}</b>")
        self.summary.value = "<br>".join(lines)
        self.show()


def xor_explorer(seed: int = 0, learning_rate: float = 2.0, epochs: int = 1000, hidden: int = 2,
                 bias: bool = True, activation: str = "sigmoid", data: str = "xor") -> XorExplorer:
    """Train a 2-2-1 network on XOR and explore it.

    Controls: seed, learning rate, epochs, hidden units, bias, hidden
    activation, data set, and an epoch scrubber with a play button that
    replays the training. The arguments are the controls' starting values.
    """
    return XorExplorer(seed, learning_rate, epochs, hidden, bias, activation, data)


# --- 4. many seeds ----------------------------------------------------------------

class ManySeedsExplorer(Explorer):
    """Train the 2-2-1 XOR network from many seeds at once; how many get stuck?"""

    def __init__(self, learning_rate: float = 2.0, epochs: int = 1000, seeds: int = 1000,
                 threshold: float = 0.05) -> None:
        controls = {
            "learning_rate": rate_slider(learning_rate),
            "epochs": slider("epochs", check_range(epochs, 100, 10000, "epochs", 100), 100, 10000, 100),
            "seeds": slider("seeds", check_range(seeds, 10, 2000, "seeds", 10), 10, 2000, 10),
        }
        if not (isinstance(threshold, (int, float)) and math.isfinite(threshold) and threshold > 0):
            raise ValueError(f"threshold must be a positive number, got {threshold!r}")
        super().__init__(controls, [["learning_rate", "epochs", "seeds"]], figsize=(8.0, 4.6))
        self.threshold = float(threshold)
        self.cache: OrderedDict[tuple, ManySeeds] = OrderedDict()
        self.listen(controls, self.update)
        self.update()

    def update(self) -> None:
        learning_rate = self.controls["learning_rate"].value
        epochs = self.controls["epochs"].value
        seeds = self.controls["seeds"].value
        key = (learning_rate, epochs, seeds)
        if key not in self.cache:
            self.summary.value = f"training {seeds} networks for {epochs} epochs …"
            X, y = gate("xor")
            self.cache[key] = train_many_seeds([2, 2, 1], seeds, X, y, epochs=epochs,
                                               learning_rate=learning_rate, loss="mse")
            if len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
        self.cache.move_to_end(key)
        self.result = self.cache[key]
        ax = self.axes[0]
        empty(ax)
        plots.plot_many_seeds(self.result, threshold=self.threshold, ax=ax)
        share = 100 * self.result.stuck_fraction(self.threshold)
        self.summary.value = (f"{share:.1f}% of {seeds} seeds stuck (final loss ≥ {self.threshold:g}) "
                              f"after {epochs} epochs at learning rate {learning_rate:g}")
        self.show()


def many_seeds_explorer(learning_rate: float = 2.0, epochs: int = 1000, seeds: int = 1000,
                        threshold: float = 0.05) -> ManySeedsExplorer:
    """How often does a 2-2-1 network fail to learn XOR? Train many seeds at once and count."""
    return ManySeedsExplorer(learning_rate, epochs, seeds, threshold)
