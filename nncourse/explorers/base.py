"""What every explorer shares: the ``Explorer`` base class, fast redraws, and the slider helpers.

An explorer keeps controls, a picture and a summary in step (see ``Explorer``).
The figure is a plain ``matplotlib.figure.Figure`` rather than a pyplot one,
so pyplot never holds it open or shows it a second time; each redraw is
encoded as a PNG (``display.png_bytes``) into an image widget.

Why redraws are fast (the XOR explorer answers a slider in a few tens of ms):

* the parts of a picture that do not change (axes, ticks, labels, colour
  bars) are drawn once and kept as a bitmap (``copy_from_bbox``); a redraw
  pastes that bitmap back and draws only the artists that change, which are
  marked ``animated`` so a full draw leaves them out ("blitting");
* those artists are made once and get new data (``set_data``), not removed
  and made again;
* the PNG is encoded straight from the canvas at zlib level 1.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import plots
from .display import DescribedImage, display_bundle, png_bytes, projector_css
from nnlib.errors import check_real, check_whole_number

DPI = 90                                           # pixels per inch of the PNG pictures
STYLE = {"description_width": "110px"}             # room for "learning rate" before each control
WIDE = {"width": "330px"}                          # the layout of most controls


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

    # --- the figure, and projector mode ---
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

    # --- controls, computing, drawing ---
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
        for artist in self.moving:                         # (not those of axes hidden in projector mode)
            if artist.get_visible() and (artist.axes is None or artist.axes.get_visible()):
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


# --- the controls ----------------------------------------------------------------------

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
    power = math.log2(check_real(value, "learning_rate", greater_than=0))
    if not (low_power <= power <= high_power and power.is_integer()):
        raise ValueError(f"learning_rate must be a power of two from 2**{low_power} to 2**{high_power}, "
                         f"such as 0.5, 1.0 or 2.0; got {value!r}")
    return widgets.FloatLogSlider(value=value, base=2, min=low_power, max=high_power, step=1,
                                  description="learning rate", readout_format=".4",
                                  continuous_update=False, style=STYLE, layout=WIDE)


def check_range(value: Any, low: int, high: int, name: str, step: int = 1) -> int:
    """A starting value for a slider from low to high in steps of ``step``: one of its stops."""
    value = check_whole_number(value, name, minimum=low)
    if value > high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value}")
    if (value - low) % step:
        raise ValueError(f"{name} must be one of the slider's stops {low}, {low + step}, …, {high}; got {value}")
    return value


def three_decimals(values: np.ndarray) -> str:
    """'0.061 0.949 0.946 0.054': predictions at 3 decimals."""
    return " ".join(f"{v:.3f}" for v in np.ravel(values))
