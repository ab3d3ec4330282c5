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
``nnlib.train_many_seeds``, pictures are ``nncourse.plots``. The figure is a
plain ``matplotlib.figure.Figure`` rather than a pyplot one, so pyplot never
holds it open or shows it a second time; each redraw is encoded as a PNG into
an ``ipywidgets.Image``, which the browser shows as an ``<img>``.

Why redraws are fast (the XOR explorer answers a slider in a few tens of ms):

* the parts of a picture that do not change (axes, ticks, labels, colour
  bars) are drawn once and kept as a bitmap (``copy_from_bbox``); a redraw
  pastes that bitmap back and draws only the artists that change, which are
  marked ``animated`` so a full draw leaves them out ("blitting");
* those artists are made once and get new data (``set_data``), not removed
  and made again;
* the PNG is encoded straight from the canvas at zlib level 1;
* the scrubber's pictures are kept (``ByteLRU``), so a replay shows each
  epoch's picture again without drawing it.

Every cache is bounded by bytes, not by entries.
"""

from __future__ import annotations

import base64
import io
import math
import struct
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Hashable, Iterator, Sequence

import ipywidgets as widgets
import numpy as np
import traitlets
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from . import plots
from nnlib.data import CORNERS, gate, noisy_gate
from nnlib.errors import check_choice, check_flag, check_learning_rate, check_positive_int, check_real
from nnlib.many_seeds import train_many_seeds
from nnlib.network import Network
from nnlib.training import History, Snapshot, train

DPI = 90                                           # pixels per inch of the PNG pictures
STYLE = {"description_width": "110px"}             # room for "learning rate" before each control
WIDE = {"width": "330px"}                          # the layout of most controls
DATA_SETS = ("xor", "and", "or", "noisy xor", "noisy and", "noisy or")
MAX_SEED = 999                                     # the seed control covers 0 … MAX_SEED

# The caches' budgets, in bytes (Binder gives a whole notebook server about 2 GB).
XOR_CACHE_BYTES = 32 * 2**20        # training runs (losses and snapshots) of the XOR explorer
FRAME_CACHE_BYTES = 32 * 2**20      # PNG pictures of the XOR explorer's scrubber
SEEDS_CACHE_BYTES = 8 * 2**20       # final losses of the many-seeds explorer
ARRAY_OVERHEAD = 112                # bytes of a numpy array object besides its data


def data_set(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The data set called ``name``: a gate's truth table, or ``noisy_gate`` around its corners."""
    check_choice(name, DATA_SETS, "data set")
    if name.startswith("noisy "):
        return noisy_gate(name.removeprefix("noisy "))
    return gate(name)


# --- caches bounded by bytes ----------------------------------------------------------

class ByteLRU:
    """A dict that forgets its least recently used entries once it holds more than ``max_bytes``.

    ``size_of(value)`` says how many bytes a value takes (for the explorers:
    the data of the numpy arrays it holds, see ``array_bytes``). Reading an
    entry (``cache[key]`` or ``cache.get(key)``) makes it the most recently
    used; storing one may forget the oldest. A value bigger than the whole
    budget is not stored at all. ``cache.nbytes`` is the total held now.
    """

    def __init__(self, max_bytes: int, size_of: Callable[[Any], int]) -> None:
        self.max_bytes = check_positive_int(max_bytes, "max_bytes")
        self.size_of = size_of
        self.entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self.nbytes = 0

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self.entries

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.entries)

    def __getitem__(self, key: Hashable) -> Any:
        self.entries.move_to_end(key)                    # now the most recently used
        return self.entries[key][0]

    def get(self, key: Hashable, default: Any = None) -> Any:
        return self[key] if key in self.entries else default

    def __setitem__(self, key: Hashable, value: Any) -> None:
        if key in self.entries:
            self.nbytes -= self.entries.pop(key)[1]
        size = int(self.size_of(value))
        if size > self.max_bytes:
            return
        self.entries[key] = (value, size)
        self.nbytes += size
        while self.nbytes > self.max_bytes:
            _, (_, forgotten) = self.entries.popitem(last=False)     # the least recently used
            self.nbytes -= forgotten


def array_bytes(*arrays: np.ndarray) -> int:
    """Bytes held by these numpy arrays: their data plus a fixed ``ARRAY_OVERHEAD`` each."""
    return sum(a.nbytes + ARRAY_OVERHEAD for a in arrays)


def history_bytes(history: History) -> int:
    """Bytes of a training run: its losses and the parameters of each snapshot."""
    snapshots = sum(array_bytes(*s.network.parameter_list()) for s in history.snapshots)
    return array_bytes(history.losses) + snapshots


# --- the parts every explorer shares ------------------------------------------------

def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, 4-letter kind, data, CRC-32 of kind and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(canvas: FigureCanvasAgg, compress_level: int = 1) -> bytes:
    """The canvas as it is drawn now, as a PNG file (8-bit RGBA).

    A PNG is a signature, a header chunk (width, height, bit depth 8, colour
    type 6 = RGBA), the pixel rows compressed with zlib, and an end chunk.
    Each row starts with its filter byte; we use filter 0 ("none") and zlib
    level 1, which for flat-coloured plots is about three times faster than
    Pillow's adaptive filters at the same level and gives files of similar size.
    zlib reads the rows array in place (any contiguous buffer will do): a copy
    with ``rows.tobytes()`` first would cost a third as much as the compression.
    """
    width, height = canvas.get_width_height(physical=True)
    pixels = np.asarray(canvas.buffer_rgba())                     # (height, width, 4) uint8
    rows = np.zeros((height, 1 + 4 * width), dtype=np.uint8)      # column 0: filter byte 0
    rows[:, 1:] = pixels.reshape(height, 4 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(rows, compress_level)) + png_chunk(b"IEND", b""))


# --- what a cell shows: the live widget, and a picture where widgets cannot run -----------

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STILL_NOTE = "a picture of the first state; run the notebook to use the sliders"


class DescribedImage(widgets.Image):
    """An ``ipywidgets.Image`` with a text alternative for screen readers: ``describe(text)``.

    ipywidgets' Image has no ``alt``. Its ``tooltip`` becomes the ``title`` of the
    ``<img>``, which a screen reader reads as the picture's name when there is no
    ``alt``. (The browser side only writes the title when the widget's
    ``description`` is empty, so this one has an empty ``description``.)
    ipywidgets 7 has no tooltips at all: there the summary under the picture is
    the only text.
    """

    description = traitlets.Unicode("").tag(sync=True)

    def describe(self, text: str) -> None:
        if "tooltip" in self.trait_names():
            self.tooltip = text


def still_png(png: bytes) -> bytes:
    """A picture re-encoded for storing in a notebook: RGB (no alpha) and Pillow's smallest lossless PNG."""
    from PIL import Image                      # Pillow comes with matplotlib

    buffer = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def display_bundle(widget: widgets.Widget, png: bytes, description: str) -> tuple[dict, dict]:
    """What a cell ending with an explorer (or the stepper) outputs, as (data, metadata).

    ``data`` holds three versions of the same thing; each front end shows the
    richest one it can:

    * ``application/vnd.jupyter.widget-view+json``: the live widget (JupyterLab,
      Notebook, VS Code, Colab);
    * ``image/png``: the picture as it is now, the first state when the cell has
      just run (GitHub, nbviewer, nbconvert HTML, slides, PDF run no widgets);
    * ``text/plain``: ``description`` and a note that this is a still picture.

    ``metadata`` gives the picture ``description`` as its ``alt`` text
    (``{"image/png": {"alt": ...}}``, see ``plots.show``).
    """
    data = {
        WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": widget.model_id},
        "image/png": base64.b64encode(still_png(png)).decode("ascii"),
        "text/plain": f"{description} ({STILL_NOTE})",
    }
    return data, {"image/png": {"alt": description}}


# Projector mode in the browser: an explorer's box gets the class "nnlib-projector" (see
# Explorer.style_controls), and these rules make the text of its controls and summary 24 pixels.
PROJECTOR_CSS = """
.nnlib-projector .widget-label, .nnlib-projector .widget-readout, .nnlib-projector select,
.nnlib-projector input, .nnlib-projector button, .nnlib-projector .widget-html-content,
.nnlib-projector pre, .nnlib-projector label {
  font-size: 24px !important; line-height: 1.35 !important;
}
.nnlib-projector .widget-inline-hbox, .nnlib-projector select, .nnlib-projector input,
.nnlib-projector button { height: auto !important; min-height: 40px; }
"""


def projector_css() -> widgets.HTML:
    """A hidden widget holding the PROJECTOR_CSS rules (a <style> applies even where it is not shown)."""
    return widgets.HTML(f"<style>{PROJECTOR_CSS}</style>", layout={"display": "none"})


class Explorer:
    """Controls, a picture and a summary, kept in step.

    A subclass makes the controls, lists them in ``rows`` (one line of
    controls each) and writes ``update()``: compute, draw on ``self.axes``
    (``empty`` them first), set ``self.summary.value``, then ``self.show()``.
    The axes are made once and reused, which keeps redraws fast.

    A subclass that redraws often can blit: it marks the artists that change
    as animated, lists them in ``self.moving`` and calls ``self.show(key)``
    with a ``key`` that changes whenever anything *not* animated changed.
    Same key as last time: only the moving artists are drawn, over the kept
    background. (``show()`` with no key always draws everything.)
    """

    def __init__(self, controls: dict[str, widgets.Widget], rows: Sequence[Sequence[str]],
                 figsize: tuple[float, float], panels: int = 1,
                 width_ratios: Sequence[float] | None = None) -> None:
        self.controls = controls
        self.figsize, self.panels, self.width_ratios = figsize, panels, width_ratios
        self.build_figure()
        self.image = DescribedImage(format="png", layout={"max_width": "100%", "height": "auto"})
        self.summary = widgets.HTML()
        self.summary.add_class("nnlib-summary")
        lines = [widgets.HBox([controls[name] for name in row], layout={"flex_flow": "row wrap"}) for row in rows]
        self.widget = widgets.VBox(lines + [self.image, self.summary, projector_css()])
        self.widget.add_class("nnlib-explorer")
        self._control_sizes: dict[str, tuple[str | None, str | None]] = {}
        self.style_controls()

    def figure_size(self) -> tuple[float, float]:
        """The figure's size in inches: ``figsize``; in projector mode at most PROJECTOR_WIDTH pixels wide."""
        width, height = self.figsize
        if plots.projector_on():
            width = min(width, plots.PROJECTOR_WIDTH / plots.PROJECTOR_DPI)
            height *= 1.2                                   # bigger text needs more room
        return width, height

    def build_figure(self) -> None:
        """Make the figure and its axes, in the current style (``plots.projector_style``).

        The first picture is laid out by matplotlib's "constrained" layout, which
        makes room for every label; ``render`` then keeps that layout for good, so
        later redraws skip the (slow) layout step.
        """
        dpi = plots.PROJECTOR_DPI if plots.projector_on() else DPI
        self.figure = Figure(figsize=self.figure_size(), dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)    # draw with Agg, keeping its caches from one redraw to the next
        self.axes: list[Axes] = self.make_axes(self.panels, self.width_ratios)
        self.moving: list[Artist] = []
        self._background = None
        self._static_key: Any = None

    def setup_figure(self) -> None:
        """Draw what never changes on a new figure (a subclass that has such parts writes it)."""

    def restyle(self) -> None:
        """Lay the explorer out again in the current style: ``plots.projector_style`` calls it."""
        self.build_figure()
        self.setup_figure()
        self.style_controls()
        self.redraw_all()

    def redraw_all(self) -> None:
        """Draw the current state on a new figure (the explorers recompute it; the XOR one redraws)."""
        self.update()

    def style_controls(self) -> None:
        """Projector mode: wider controls and labels, and 24-pixel text (the CSS of ``projector_css``)."""
        on = plots.projector_on()
        for name, control in self.controls.items():
            style = getattr(control, "style", None)
            width = "description_width" in style.keys if style is not None else False
            if name not in self._control_sizes:
                self._control_sizes[name] = (style.description_width if width else None, control.layout.width)
            label_width, box_width = self._control_sizes[name]
            if width:
                style.description_width = "190px" if on and label_width else label_width
            if box_width and box_width.endswith("px"):
                wider = min(round(int(box_width[:-2]) * 1.8), max(520, int(box_width[:-2])))
                control.layout.width = f"{wider}px" if on else box_width
        if on:
            self.widget.add_class("nnlib-projector")
        else:
            self.widget.remove_class("nnlib-projector")

    def make_axes(self, panels: int, width_ratios: Sequence[float] | None) -> list[Axes]:
        """One row of ``panels`` axes (a subclass may lay out its own)."""
        return list(np.atleast_1d(self.figure.subplots(1, panels, width_ratios=width_ratios)))

    def listen(self, names: Sequence[str], callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever one of the named controls changes its value."""
        for name in names:
            self.controls[name].observe(lambda change: callback(), names="value")

    def update(self) -> None:
        """Recompute from the controls' current values and redraw."""
        raise NotImplementedError

    def render(self, static_key: Any = None) -> bytes:
        """Draw the figure (all of it, or only ``self.moving`` over the kept background); return the PNG."""
        canvas = self.figure.canvas
        if static_key is None or static_key != self._static_key or self._background is None:
            plots.enlarge_small_texts(self.figure)         # projector mode: no text below 24 pixels
            canvas.draw()                                  # everything that is not animated
            self.figure.set_layout_engine(None)            # keep the layout of the first picture
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._static_key = static_key
            self.after_full_draw()
        else:
            canvas.restore_region(self._background)
        for artist in self.moving:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        return png_bytes(canvas)

    def after_full_draw(self) -> None:
        """Called when the layout is final and the background kept (a subclass may fit artists to it)."""

    def show(self, static_key: Any = None) -> None:
        """Render the figure into the image widget (what the browser shows)."""
        self.set_picture(self.render(static_key))

    def set_picture(self, png: bytes) -> None:
        """Show a new picture, and give it a text alternative that describes it (``description()``)."""
        self.image.value = png
        self.image.describe(self.description())
        plots.restyle_on_switch(self)                  # it has a picture: lay it out again on a switch

    def description(self) -> str:
        """One line saying what the picture shows now (its text alternative; a subclass writes it)."""
        raise NotImplementedError

    # A cell that ends with an explorer shows the live widget; where widgets cannot run, its picture.
    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict, dict]:
        return display_bundle(self.widget, bytes(self.image.value), self.description())


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

    def description(self) -> str:
        w1, w2, b = (self.controls[key].value for key in ("w1", "w2", "b"))
        name = self.controls["gate"].value.upper()
        return (f"One-neuron explorer on {name}: the neuron's output over the (x1, x2) plane and its line "
                f"w1·x1 + w2·x2 + b = 0 for w1 = {w1:.1f}, w2 = {w2:.1f}, b = {b:.1f}; "
                f"{self.right} of the 4 points are on the correct side")


def neuron_explorer(gate: str = "and") -> NeuronExplorer:
    """Move w1, w2 and b of one neuron and watch its line: can it separate AND? OR? XOR?"""
    return NeuronExplorer(gate)


# --- 2. the learning rate ----------------------------------------------------------

# A tiny 1-D data set: hours of practice x → chance of passing y. Its lowest
# loss is near w = 1.6, b = −4, inside the picture; every run starts at (0, 0).
LR_X = np.array([[1.0], [2.0], [3.0], [4.0]])
LR_Y = np.array([[0.1], [0.3], [0.7], [0.9]])
LR_START = (0.0, 0.0)


def loss_never_moved(losses: np.ndarray) -> bool:
    """True if every recorded loss equals the first (to 1e-12 of it): the gradient was zero throughout."""
    return bool(np.all(np.abs(losses - losses[0]) <= 1e-12 * max(abs(losses[0]), 1e-300)))


def describe_run(history: History, bounded_loss: bool = True) -> str:
    """One sentence on how a run went: diverged, stuck, overshot, overshooting, slow or good.

    It reads only the recorded losses:

    * NaN or infinite → "Diverged" (the loss grew without bound);
    * every loss equal to the first → "Stuck: zero gradient" (no learning
      rate can help: the gradient is exactly zero, e.g. ReLU units that are
      off on every example);
    * ended at or above where it started → "Overshot into saturation" when
      the loss is bounded (``bounded_loss``: a sigmoid output with mse, as in
      every explorer), else "Diverged";
    * went up at some epoch → "Overshooting"; fell by less than half → "Slow";
      otherwise "Good".
    """
    losses = history.losses
    first, last = losses[0], losses[-1]
    if history.diverged:
        return (f"Diverged: the loss became NaN or infinite at epoch {history.epochs_run}. "
                f"The learning rate is far too large.")
    if history.epochs_run > 0 and loss_never_moved(losses):
        return (f"Stuck: zero gradient. The loss stayed at {first:.3g} for all {history.epochs_run} epochs: "
                f"every gradient is exactly zero (for ReLU: hidden units that are off on every example), "
                f"so a smaller (or larger) learning rate cannot help. Try another seed or the bias.")
    if last >= first:
        if bounded_loss:
            return (f"Overshot into saturation: the loss ended higher than it started ({first:.3g} → {last:.3g}). "
                    f"A sigmoid output keeps the loss bounded, so it cannot blow up; the steps were so big that "
                    f"they pushed the units into the flat ends of the sigmoid, where the slope is almost zero. "
                    f"Try a smaller learning rate.")
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


def needs_warning(history: History) -> bool:
    """Should the XOR explorer put ``describe_run`` in bold above its numbers? (diverged, stuck, worse)"""
    losses = history.losses
    return bool(history.diverged or loss_never_moved(losses) or losses[-1] >= losses[0])


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
        self.setup_figure()
        self.listen(controls, self.update)
        self.update()

    def setup_figure(self) -> None:
        """The surface never changes: draw it once, and only the path on top of it each time."""
        plots.plot_loss_surface(self.X, self.y, ax=self.axes[0])
        self.path_lines: list = []

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
        title = f"Loss (mse), rate {learning_rate:g}" if plots.projector_on() else \
            f"Loss (mse) with learning rate {learning_rate:g}"
        plots.plot_loss_curve(self.history.losses, ax=loss_ax, title=title)
        self.verdict = describe_run(self.history)
        self.summary.value = (f"learning rate {learning_rate:g}, {self.history.epochs_run} epochs, "
                              f"final loss: {self.history.final_loss:.6g}<br>{self.verdict}")
        self.show()

    def description(self) -> str:
        return (f"Learning-rate explorer: gradient descent's path over the loss surface of one neuron, and its "
                f"loss curve, at learning rate {self.controls['learning_rate'].value:g} for "
                f"{self.history.epochs_run} epochs; final loss {self.history.final_loss:.3g}. "
                f"{self.verdict.split('. ')[0].rstrip('.')}")


def learning_rate_explorer(learning_rate: float = 1.0, epochs: int = 100) -> LearningRateExplorer:
    """Slide the learning rate from too small, through good, to divergent, and watch the path."""
    return LearningRateExplorer(learning_rate, epochs)


# --- 3. training XOR -------------------------------------------------------------

MAX_SNAPSHOTS = 100
MAX_HIDDEN = 8

# Presets: settings that each show one thing. Found by running nnlib (tests/test_widgets.py
# checks each claim): name → (the training controls' values, what to look at).
PRESETS: dict[str, tuple[dict[str, Any], str]] = {
    "solves quickly": (
        {"data": "xor", "hidden": 2, "activation": "sigmoid", "bias": True, "seed": 26,
         "learning_rate": 8.0, "epochs": 200},
        "Seed 26 at learning rate 8: the loss is below 0.01 within 100 epochs. Scrub back to watch "
        "h1 and h2 turn into two different gates."),
    "gets stuck": (
        {"data": "xor", "hidden": 2, "activation": "sigmoid", "bias": True, "seed": 6,
         "learning_rate": 8.0, "epochs": 5000},
        "Seed 6 stops near loss 0.125 and stays there for thousands of epochs: (0, 0) and (1, 0) are right, "
        "but (0, 1) and (1, 1) both sit at ŷ ≈ 0.5, an error of 0.5 each (MSE (0.25 + 0.25) / 4 = 0.125). "
        "Look at the hidden units: they compute no pair of gates that makes XOR."),
    "learning rate too big": (
        {"data": "xor", "hidden": 2, "activation": "sigmoid", "bias": True, "seed": 0,
         "learning_rate": 128.0, "epochs": 1000},
        "Learning rate 128: the first steps throw every unit into the flat end of its sigmoid, where "
        "the slope is almost zero. The loss ends higher than it started, but cannot blow up."),
    "a ReLU that dies": (
        {"data": "xor", "hidden": 2, "activation": "relu", "bias": True, "seed": 4,
         "learning_rate": 2.0, "epochs": 1000},
        "A ReLU unit that is off (z < 0) on all four examples gets no gradient and never comes back: "
        "scrub from epoch 0 to watch h1 switch off for good. The other unit alone cannot make XOR."),
    "three hidden units": (
        {"data": "xor", "hidden": 3, "activation": "sigmoid", "bias": True, "seed": 6,
         "learning_rate": 8.0, "epochs": 5000},
        "The seed that got stuck with two hidden units (preset 'gets stuck'), with a third unit: solved. "
        "Extra units give gradient descent more ways out; far fewer seeds get stuck (but not none)."),
    "bias off": (
        {"data": "xor", "hidden": 2, "activation": "sigmoid", "bias": False, "seed": 2,
         "learning_rate": 2.0, "epochs": 1000},
        "Without biases every hidden unit outputs σ(0) = 0.5 at (0, 0), whatever its weights, and each "
        "unit's 0.5 line goes through (0, 0). This seed gets three corners right but leaves (1, 1) at "
        "ŷ ≈ 0.58 (loss 0.115). A few seeds get all four corners on the right side of 0.5 (4 of seeds "
        "0–39 here), but none of those 40 brings the loss below 0.06: the lines cannot move off (0, 0)."),
}
CUSTOM = "custom"


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


def reproduce_code(data: str, hidden: int, activation: str, bias: bool, seed: int, learning_rate: float,
                   epochs: int) -> str:
    """The lines of nnlib code that train exactly this network (paste them into a cell)."""
    if data.startswith("noisy "):
        data_line = f"X, y = nnlib.noisy_gate({data.removeprefix('noisy ')!r})"
    else:
        data_line = f"X, y = nnlib.gate({data!r})"
    return "\n".join([
        "import nnlib",
        "",
        data_line,
        f"net = nnlib.Network([2, {hidden}, 1], bias={bool(bias)}, seed={seed}, activation={activation!r})",
        f"history = nnlib.train(net, X, y, epochs={epochs}, learning_rate={learning_rate!r}, loss='mse')",
        "print(f'final loss: {history.final_loss:.6g}')",
    ])


class XorExplorer(Explorer):
    """Train a 2-H-1 network on XOR (or another gate) and scrub through its training.

    Top row: the loss curve, what the network predicts (ŷ over the plane, the
    line ŷ = 0.5) and the network diagram; bottom row: what each hidden unit
    outputs over the plane, titled with the gate it computes. The training
    controls retrain, through a cache keyed by all their values; the epoch
    scrubber (and its play button) only redraws from the snapshots; "+1
    epoch" and "+10 epochs" train on from the shown network. A presets menu
    sets the controls to runs that each teach one thing, and the code below
    the picture trains exactly the run shown.
    """

    TRAINING = ("data", "hidden", "activation", "bias", "seed", "learning_rate", "epochs")

    def __init__(self, seed: int = 0, learning_rate: float = 2.0, epochs: int = 1000, hidden: int = 2,
                 bias: bool = True, activation: str = "sigmoid", data: str = "xor", resolution: int = 61,
                 preset: str | None = None) -> None:
        epochs = check_range(epochs, 100, 10000, "epochs", 100)
        seed = check_range(seed, 0, MAX_SEED, "seed")
        controls = {
            "preset": widgets.Dropdown(options=[CUSTOM, *PRESETS], value=CUSTOM, description="preset",
                                       style=STYLE, layout=WIDE),
            "data": widgets.Dropdown(options=list(DATA_SETS), value=check_choice(data, DATA_SETS, "data set"),
                                     description="data set", style=STYLE, layout=WIDE),
            "hidden": slider("hidden units", check_range(hidden, 2, MAX_HIDDEN, "hidden"), 2, MAX_HIDDEN),
            "activation": widgets.Dropdown(options=["sigmoid", "tanh", "relu"],
                                           value=check_choice(activation, ("sigmoid", "tanh", "relu"), "activation"),
                                           description="activation", style=STYLE, layout=WIDE),
            "bias": widgets.Checkbox(value=check_flag(bias, "bias"), description="bias", style=STYLE, layout=WIDE),
            "seed": slider("seed", seed, 0, MAX_SEED),
            "seed_box": widgets.BoundedIntText(value=seed, min=0, max=MAX_SEED, layout={"width": "80px"}),
            "learning_rate": rate_slider(learning_rate),
            "epochs": slider("epochs", epochs, 100, 10000, 100),
            "epoch": widgets.IntSlider(value=epochs, min=0, max=epochs, description="show epoch",
                                       style=STYLE, layout={"width": "560px"}),
            "play": widgets.Play(value=epochs, min=0, max=epochs, interval=100, description="replay training"),
            "more_1": widgets.Button(description="+1 epoch", tooltip="train one more epoch from the shown network",
                                     layout={"width": "90px"}),
            "more_10": widgets.Button(description="+10 epochs", tooltip="train ten more epochs from the shown network",
                                      layout={"width": "100px"}),
        }
        widgets.jslink((controls["play"], "value"), (controls["epoch"], "value"))
        widgets.link((controls["seed"], "value"), (controls["seed_box"], "value"))   # type a seed, or slide
        super().__init__(controls, [["preset"], ["data", "hidden", "activation"],
                                    ["seed", "seed_box", "learning_rate", "epochs"], ["bias"],
                                    ["play", "epoch", "more_1", "more_10"]],
                         figsize=(13.0, 6.8))
        self.code_view = widgets.HTML()
        self.code_view.add_class("nnlib-code")
        self.widget.children = (*self.widget.children, self.code_view)
        self.resolution = resolution
        self.cache = ByteLRU(XOR_CACHE_BYTES, history_bytes)
        self._moving_scrubber = False
        self._applying_preset = False
        self.setup_figure()
        self.listen(self.TRAINING, self.on_training_change)
        self.listen(["epoch"], self.scrub)
        self.listen(["preset"], self.on_preset)
        controls["more_1"].on_click(lambda button: self.train_more(1))
        controls["more_10"].on_click(lambda button: self.train_more(10))
        if preset is not None:
            controls["preset"].value = check_choice(preset, tuple(PRESETS), "preset")   # trains it
        else:
            self.update()

    # --- the figure: made once (and again when projector_style is switched) ---
    def figure_size(self) -> tuple[float, float]:
        if plots.projector_on():                   # three rows (four with more than 4 hidden units)
            return plots.PROJECTOR_WIDTH / plots.PROJECTOR_DPI, 11.6 + 2.8 * (self.unit_rows() - 1)
        return self.figsize

    def unit_rows(self) -> int:
        """Rows of hidden-unit maps in projector mode: 1, or 2 for more than 4 hidden units."""
        return 2 if self.controls["hidden"].value > MAX_HIDDEN // 2 else 1

    def make_axes(self, panels: int, width_ratios: Sequence[float] | None) -> list[Axes]:
        """Top: loss, boundary, network. Bottom: a key, then one slot per possible hidden unit.

        In projector mode the text is too big for that: loss and boundary on top,
        the network and the key in the middle, the unit maps in two rows of four.
        """
        if plots.projector_on():
            rows_of_units = self.unit_rows()
            rows = self.figure.add_gridspec(3, 1, height_ratios=[3.2, 3.6, 2.8 * rows_of_units])
            top = rows[0].subgridspec(1, 2, width_ratios=[1.0, 1.2])
            middle = rows[1].subgridspec(1, 2, width_ratios=[2.8, 1.0])
            per_row = MAX_HIDDEN // 2
            bottom = rows[2].subgridspec(rows_of_units, per_row + 1, width_ratios=[0.8] + [1.0] * per_row)
            axes = [self.figure.add_subplot(top[0, 0]), self.figure.add_subplot(top[0, 1]),
                    self.figure.add_subplot(middle[0, 0])]
            self.legend_ax = self.figure.add_subplot(middle[0, 1])
            self.legend_ax.set_axis_off()
            self.key_ax = self.figure.add_subplot(bottom[0, 0])
            self.unit_axes = [self.figure.add_subplot(bottom[k // per_row, 1 + k % per_row])
                              for k in range(per_row * rows_of_units)]
            return axes
        rows = self.figure.add_gridspec(2, 1, height_ratios=[3.0, 1.5])
        top = rows[0].subgridspec(1, 3, width_ratios=[1.0, 1.1, 1.4])
        bottom = rows[1].subgridspec(1, MAX_HIDDEN + 1)
        axes = [self.figure.add_subplot(top[0, k]) for k in range(3)]
        self.key_ax = self.figure.add_subplot(bottom[0, 0])
        self.unit_axes = [self.figure.add_subplot(bottom[0, k + 1]) for k in range(MAX_HIDDEN)]
        return axes

    def unit_slots(self, hidden: int) -> list[Axes]:
        """The unit axes used for ``hidden`` units: the middle of the row (projector mode: the first ones)."""
        first = 0 if plots.projector_on() else (MAX_HIDDEN - hidden) // 2
        return self.unit_axes[first:first + hidden]

    def setup_figure(self) -> None:
        """A new figure: nothing of the old one's artists is kept, and nothing of its pictures."""
        self._structure: tuple | None = None
        self._loss_limits: tuple[float, float] | None = None
        self.frames = ByteLRU(FRAME_CACHE_BYTES, len)
        self.setup_static_parts()

    def redraw_all(self) -> None:
        self.redraw()

    def setup_static_parts(self) -> None:
        """What never changes: colour bar, labels, the key of the unit maps; and the artists reused later."""
        loss_ax, boundary_ax, network_ax = self.axes
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
        if plots.projector_on():                       # under the boundary's legend (draw_static_parts)
            self.key_ax.text(0.0, 0.5, "each hidden\nunit over\n(x1, x2):\ndark low,\nlight high;\nwhite line:\n"
                             "h = 0.5\n(tanh: 0)", ha="left", va="center", fontsize="small",
                             transform=self.key_ax.transAxes)
        else:
            self.key_ax.text(0.0, 0.5, "what each\nhidden unit\noutputs over\n(x1, x2)\n(dark: low,\nlight: high);\nwhite line:\nh = 0.5\n(0 for tanh)",
                             ha="left", va="center", fontsize="small", transform=self.key_ax.transAxes)
        for artist in (self.loss_line, self.marker, self.nan_line):
            artist.set_animated(True)
        self.boundary_image = None
        self.points: list[Artist] = []
        self.unit_images: list = []
        self.unit_lines: list = []
        self.unit_titles: list = []
        self._network_shape: tuple | None = None

    def setup_structure(self) -> None:
        """Artists that depend on the data set and the hidden layer: made again when those change."""
        _, boundary_ax, _ = self.axes
        structure = (self.controls["data"].value, self.controls["hidden"].value, self.controls["activation"].value)
        if structure == self._structure:
            return
        self._structure = structure
        for artist in [self.boundary_image, *self.points, *self.unit_images, *self.unit_lines, *self.unit_titles]:
            if artist is not None:
                artist.remove()
        self.x1, self.x2 = plots.grid_over(self.X, self.resolution)
        self.grid = plots._grid_points(self.x1, self.x2)
        blank = np.zeros((len(self.x2), len(self.x1)))
        self.boundary_image = plots._show_on_grid(boundary_ax, blank, self.x1, self.x2, cmap=plots.PREDICTION_CMAP,
                                                  vmin=0.0, vmax=1.0, animated=True)
        plots._scatter_classes(boundary_ax, self.X, self.y)
        self.points = [c for c in boundary_ax.collections if c.get_label().startswith("target")]
        hidden = self.controls["hidden"].value
        self.used_unit_axes = self.unit_slots(hidden)
        for ax in self.unit_axes:
            ax.set_visible(ax in self.used_unit_axes)
        self.unit_images = [plots._show_on_grid(ax, blank, self.x1, self.x2, cmap="cividis", animated=True)
                            for ax in self.used_unit_axes]
        self.unit_lines = [ax.add_collection(LineCollection([], colors="white", linewidths=1.5, animated=True,
                                                            path_effects=plots.HALF_LINE_OUTLINE))
                           for ax in self.used_unit_axes]
        self.unit_titles = [ax.text(0.5, 1.03, "", ha="center", va="bottom", fontsize="small",
                                    transform=ax.transAxes, animated=True) for ax in self.used_unit_axes]
        for artist in self.points:
            artist.set_animated(True)

    # --- training, through the cache ---
    def settings(self) -> tuple:
        """The training controls' values, in the order of ``TRAINING``: the cache key."""
        return tuple(self.controls[name].value for name in self.TRAINING)

    def run(self, settings: tuple) -> History:
        """The training history for these settings: from the cache, or trained now."""
        history = self.cache.get(settings)
        if history is None:
            data, hidden, activation, bias, seed, learning_rate, epochs = settings
            X, y = data_set(data)
            net = Network([2, hidden, 1], bias=bias, seed=seed, activation=activation)
            history = train(net, X, y, epochs=epochs, learning_rate=learning_rate, loss="mse",
                            snapshot_every=math.ceil(epochs / MAX_SNAPSHOTS))
            self.cache[settings] = history
        return history

    def on_training_change(self) -> None:
        """A training control moved: leave the preset (unless a preset is setting it) and retrain."""
        if self._applying_preset:
            return
        self.controls["preset"].value = CUSTOM
        self.update()

    def on_preset(self) -> None:
        """A preset was chosen: set every training control to its values, then train once."""
        name = self.controls["preset"].value
        if name == CUSTOM:
            return
        self._applying_preset = True
        try:
            for control, value in PRESETS[name][0].items():
                self.controls[control].value = value
        finally:
            self._applying_preset = False
        self.update()

    def update(self) -> None:
        """Retrain (or fetch from the cache), move the scrubber to the last epoch, redraw."""
        if plots.projector_on() and len(self.unit_axes) != self.unit_rows() * MAX_HIDDEN // 2:
            self.build_figure()                      # projector mode: a second row of unit maps, or none
            self.setup_figure()
        self.X, self.y = data_set(self.controls["data"].value)
        self.history = self.run(self.settings())
        self.run_key = self.settings()
        self.move_scrubber_to_end()
        self.redraw()

    def train_more(self, epochs: int) -> None:
        """Train ``epochs`` more epochs from the network shown, keeping every epoch's snapshot; redraw.

        The run shown becomes: the epochs up to the shown one, then the new
        ones (the same as training that many epochs in one go).
        """
        shown = self.snapshot()
        settings = self.settings()
        more = train(shown.network.copy(), self.X, self.y, epochs=epochs, learning_rate=settings[5], loss="mse",
                     snapshot_every=1)
        losses = np.concatenate([self.history.losses[:shown.epoch + 1], more.losses[1:]])
        snapshots = ([s for s in self.history.snapshots if s.epoch <= shown.epoch]
                     + [Snapshot(shown.epoch + s.epoch, s.network) for s in more.snapshots[1:]])
        self.history = History(losses=losses, report=more.report, snapshots=snapshots, diverged=more.diverged)
        self.run_key = (*settings, "trained to", self.history.epochs_run)
        self.move_scrubber_to_end(step=1)
        self.redraw()

    def move_scrubber_to_end(self, step: int | None = None) -> None:
        """Set the scrubber's range to the run's usable snapshots and put it on the last one."""
        snapshots = self.usable_snapshots()
        if step is None:
            step = snapshots[1].epoch - snapshots[0].epoch if len(snapshots) > 1 else 1
        self._moving_scrubber = True                     # these changes must not redraw one by one
        for name in ("epoch", "play"):
            control = self.controls[name]
            control.max = max(snapshots[-1].epoch, 1)
            control.step = step
            control.value = snapshots[-1].epoch
        self._moving_scrubber = False

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

    # --- drawing ---
    def redraw(self) -> None:
        """Show the run at the scrubber's epoch: the picture (from the frame cache if drawn before) and numbers."""
        shown = self.snapshot()
        self.setup_structure()
        activations = shown.network.forward(self.grid)
        y_hat = activations[-1].reshape(len(self.x2), len(self.x1))
        static = self.static_key(y_hat)
        frame_key = (self.run_key, shown.epoch, static)
        self.draw_frame(shown, activations, y_hat, static)     # cheap: new data for the moving artists
        png = self.frames.get(frame_key)
        if png is None:
            png = self.render(static)
            self.frames[frame_key] = png
        self.set_picture(png)
        self.write_summary(shown)

    def static_key(self, y_hat: np.ndarray) -> tuple:
        """Everything drawn in the kept background; when it changes, the figure is drawn in full.

        Also sets up those background parts (axis limits, legends) for the current run.
        """
        losses = self.history.losses
        finite = np.isfinite(losses)
        self._loss_limits = loss_limits(losses, self._loss_limits)
        first_bad = None if finite.all() else int(np.argmax(~finite))
        has_boundary = bool(y_hat.min() < 0.5 < y_hat.max())
        boundary_label = ("boundary ŷ = 0.5" if has_boundary else
                          f"no boundary here: ŷ {'>' if y_hat.min() >= 0.5 else '<'} 0.5 everywhere")
        shown = self.snapshot().network
        network_shape = (tuple(shown.sizes), shown.has_bias, shown.hidden.name)
        if network_shape != self._network_shape:
            self.draw_network_diagram(shown)
            self._network_shape = network_shape
        key = (self._structure, network_shape, self._loss_limits, len(losses), first_bad, boundary_label)
        if key != self._static_key:
            self.draw_static_parts(losses, first_bad, boundary_label, has_boundary)
        return key

    def draw_static_parts(self, losses: np.ndarray, first_bad: int | None, boundary_label: str,
                          has_boundary: bool) -> None:
        """Axis limits and legends of the loss and boundary panels, for a full draw."""
        loss_ax, boundary_ax, _ = self.axes
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
        handles, _ = boundary_ax.get_legend_handles_labels()
        handles = [h for h in handles if h.get_label().startswith("target")]
        handles.append(plots.boundary_key(boundary_label, drawn=has_boundary))
        if plots.projector_on():                       # no room under the picture: beside the network
            self.legend_ax.legend(handles=handles, loc="center left", fontsize="small", frameon=False,
                                  borderaxespad=0)
        else:
            boundary_ax.legend(handles=handles, **plots.below_axes(boundary_ax))

    def draw_frame(self, shown: Snapshot, activations: list[np.ndarray], y_hat: np.ndarray, static: tuple) -> None:
        """Give the moving artists the data of the shown epoch, and list them in ``self.moving``."""
        loss_ax, boundary_ax, network_ax = self.axes
        losses = self.history.losses
        finite = np.isfinite(losses)
        epochs = np.arange(losses.size)
        self.loss_line.set_data(epochs[finite], losses[finite])
        self.marker.set_data([shown.epoch], [losses[shown.epoch]])
        self.marker.set_label(f"epoch {shown.epoch}")
        first_bad = static[4]
        self.nan_line.set_visible(first_bad is not None)
        if first_bad is not None:
            self.nan_line.set_xdata([first_bad, first_bad])
            self.nan_line.set_label(f"loss became NaN/infinite at epoch {first_bad}")
        self.boundary_image.set_data(y_hat)
        self.boundary_line.set_segments(plots.contour_segments(self.x1, self.x2, y_hat, 0.5))
        boundary_ax.set_title(f"ŷ at epoch {shown.epoch}")
        plots.update_network(network_ax, shown.network)
        self.draw_units(shown.network, activations[1])
        self.moving = [self.loss_line, self.nan_line, self.marker, self.boundary_image, self.boundary_line,
                       *self.points, *boundary_ax.spines.values(), boundary_ax.title,
                       *network_ax.network_parts.moving, *self.unit_images, *self.unit_lines, *self.unit_titles]

    def draw_units(self, net: Network, hidden: np.ndarray) -> None:
        """Each hidden unit's map: its output over the grid, its 0.5 line and the gate it computes."""
        activation = net.hidden.name
        threshold = plots.unit_threshold(activation)
        low, high = plots.activation_range(activation, hidden)
        at_corners = net.forward(CORNERS)[1]
        for j, (image, line, title) in enumerate(zip(self.unit_images, self.unit_lines, self.unit_titles)):
            values = hidden[:, j].reshape(len(self.x2), len(self.x1))
            image.set_data(values)
            image.set_clim(low, high)
            line.set_segments(plots.contour_segments(self.x1, self.x2, values, threshold))
            text = plots.unit_title(j, at_corners[:, j], threshold)
            title.set_text(text.replace(" ≈ ", " ≈\n").replace(": ", ":\n") if plots.projector_on() else text)


    def draw_network_diagram(self, net: Network) -> None:
        """Draw the diagram in full (when the network's shape changed); later epochs only update it."""
        network_ax = self.axes[2]
        empty(network_ax)
        plots.plot_network(net, ax=network_ax)
        for artist in network_ax.network_parts.moving:
            artist.set_animated(True)

    def after_full_draw(self) -> None:
        """The layout is final: stop the diagram's edges at the rim of its nodes (drawn in the background)."""
        plots.fit_edges_to_nodes(self.axes[2])

    def description(self) -> str:
        data, hidden, activation, bias, seed, learning_rate, epochs = self.settings()
        shown = self.snapshot()
        units = ", ".join(title.get_text() for title in self.unit_titles)
        return (f"XOR explorer: the loss curve, ŷ over the (x1, x2) plane with its line ŷ = 0.5, the network "
                f"diagram and each hidden unit's map, for data {data}, 2-{hidden}-1 {activation} network "
                f"{'with' if bias else 'without'} bias, seed {seed}, learning rate {learning_rate:g}, "
                f"{self.history.epochs_run} epochs. At epoch {shown.epoch}: loss "
                f"{self.history.losses[shown.epoch]:.3g}, ŷ at (0,0) (0,1) (1,0) (1,1) = "
                f"{' '.join(f'{v:.2f}' for v in np.ravel(shown.network.predict(CORNERS)))}; {units}")

    def write_summary(self, shown: Snapshot) -> None:
        """The numbers under the picture, and the code that trains this run."""
        final = self.history.snapshots[-1].network
        lines = [f"final loss: {self.history.final_loss:.6g} after {self.history.epochs_run} epochs",
                 f"final ŷ at (0,0) (0,1) (1,0) (1,1): {three_decimals(final.predict(CORNERS))}",
                 f"shown: epoch {shown.epoch}, loss {self.history.losses[shown.epoch]:.6g}, "
                 f"ŷ at (0,0) (0,1) (1,0) (1,1): {three_decimals(shown.network.predict(CORNERS))}"]
        if needs_warning(self.history):
            lines.insert(0, f"<b>{describe_run(self.history)}</b>")
        preset = self.controls["preset"].value
        if preset != CUSTOM:
            lines.append(f"<i>preset '{preset}': {PRESETS[preset][1]}</i>")
        self.summary.value = "<br>".join(lines)
        self.code = self.reproduce()
        if shown.epoch != self.history.epochs_run:
            self.code += f"\n# the picture shows epoch {shown.epoch}: train with epochs={shown.epoch} to stop there"
        escaped = self.code.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.code_view.value = f"<b>Reproduce this run</b> (copy into a cell):<pre>{escaped}</pre>"

    def reproduce(self) -> str:
        """The nnlib code that trains the run shown (to its last epoch)."""
        data, hidden, activation, bias, seed, learning_rate, epochs = self.settings()
        if not self.history.diverged:
            epochs = self.history.epochs_run              # more than the slider after "+1 epoch"
        return reproduce_code(data, hidden, activation, bias, seed, learning_rate, epochs)


def xor_explorer(seed: int = 0, learning_rate: float = 2.0, epochs: int = 1000, hidden: int = 2,
                 bias: bool = True, activation: str = "sigmoid", data: str = "xor",
                 preset: str | None = None) -> XorExplorer:
    """Train a 2-2-1 network on XOR and explore it.

    Controls: a presets menu, seed (0–999: slide or type), learning rate,
    epochs, hidden units, bias, hidden activation, data set, an epoch scrubber
    with a play button that replays the training, and buttons that train one
    (or ten) more epochs from the shown network. The arguments are the
    controls' starting values; ``preset`` (one of ``PRESETS``) overrides them.
    """
    return XorExplorer(seed, learning_rate, epochs, hidden, bias, activation, data, preset=preset)


# --- 4. many seeds ----------------------------------------------------------------

@dataclass
class SeedOutcomes:
    """What the many-seeds explorer keeps of a ``train_many_seeds`` run: each seed's final loss.

    ``final_losses`` is (n_seeds,), a copy (not a view of the (n_seeds, epochs + 1)
    loss matrix, which would keep all of it alive). The outcomes are counted
    as ``ManySeeds`` counts them: diverged (NaN or infinite), stuck (finite,
    ≥ threshold), solved (below threshold).
    """

    final_losses: np.ndarray

    def diverged(self) -> np.ndarray:
        """(n_seeds,) True where the final loss is NaN or infinite."""
        return ~np.isfinite(self.final_losses)

    def stuck(self, threshold: float = 0.05) -> np.ndarray:
        """(n_seeds,) True where the final loss is finite and at or above ``threshold``."""
        return np.isfinite(self.final_losses) & (self.final_losses >= threshold)

    def solved(self, threshold: float = 0.05) -> np.ndarray:
        """(n_seeds,) True where the final loss is below ``threshold``."""
        return self.final_losses < threshold

    def stuck_fraction(self, threshold: float = 0.05) -> float:
        return float(np.mean(self.stuck(threshold)))

    def diverged_fraction(self) -> float:
        return float(np.mean(self.diverged()))


class ManySeedsExplorer(Explorer):
    """Train the 2-2-1 XOR network from many seeds at once; how many get stuck, how many diverge?"""

    def __init__(self, learning_rate: float = 2.0, epochs: int = 1000, seeds: int = 1000,
                 threshold: float = 0.05) -> None:
        controls = {
            "learning_rate": rate_slider(learning_rate),
            "epochs": slider("epochs", check_range(epochs, 100, 10000, "epochs", 100), 100, 10000, 100),
            "seeds": slider("seeds", check_range(seeds, 10, 2000, "seeds", 10), 10, 2000, 10),
        }
        self.threshold = check_real(threshold, "threshold", greater_than=0)
        super().__init__(controls, [["learning_rate", "epochs", "seeds"]], figsize=(8.0, 4.6))
        # Only the final losses are drawn, so only they are kept: 8 bytes a seed.
        self.cache = ByteLRU(SEEDS_CACHE_BYTES, lambda outcome: array_bytes(outcome.final_losses))
        self.listen(controls, self.update)
        self.update()

    def outcomes(self, learning_rate: float, epochs: int, seeds: int) -> SeedOutcomes:
        """The final losses for these settings: from the cache, or trained now."""
        key = (learning_rate, epochs, seeds)
        result = self.cache.get(key)
        if result is None:
            self.summary.value = f"training {seeds} networks for {epochs} epochs …"
            X, y = gate("xor")
            trained = train_many_seeds([2, 2, 1], seeds, X, y, epochs=epochs, learning_rate=learning_rate,
                                       loss="mse")
            result = SeedOutcomes(trained.final_losses.copy())
            self.cache[key] = result
        return result

    def update(self) -> None:
        learning_rate = self.controls["learning_rate"].value
        epochs = self.controls["epochs"].value
        seeds = self.controls["seeds"].value
        self.result = self.outcomes(learning_rate, epochs, seeds)
        ax = self.axes[0]
        empty(ax)
        plots.plot_many_seeds(self.result.final_losses, threshold=self.threshold, ax=ax)
        stuck = 100 * self.result.stuck_fraction(self.threshold)
        diverged = int(self.result.diverged().sum())
        solved = int(self.result.solved(self.threshold).sum())
        self.summary.value = (f"{stuck:.1f}% of {seeds} seeds stuck (final loss ≥ {self.threshold:g}) "
                              f"after {epochs} epochs at learning rate {learning_rate:g}<br>"
                              f"solved: {solved}, stuck: {seeds - solved - diverged}, "
                              f"diverged (loss NaN or infinite): {diverged}")
        self.show()

    def description(self) -> str:
        learning_rate, epochs, seeds = (self.controls[n].value for n in ("learning_rate", "epochs", "seeds"))
        solved = int(self.result.solved(self.threshold).sum())
        diverged = int(self.result.diverged().sum())
        return (f"Many-seeds explorer: histogram of the final losses of {seeds} 2-2-1 networks trained on XOR "
                f"for {epochs} epochs at learning rate {learning_rate:g}; {solved} solved, "
                f"{seeds - solved - diverged} stuck (final loss ≥ {self.threshold:g}), {diverged} diverged")


def many_seeds_explorer(learning_rate: float = 2.0, epochs: int = 1000, seeds: int = 1000,
                        threshold: float = 0.05) -> ManySeedsExplorer:
    """How often does a 2-2-1 network fail to learn XOR? Train many seeds at once and count."""
    return ManySeedsExplorer(learning_rate, epochs, seeds, threshold)
