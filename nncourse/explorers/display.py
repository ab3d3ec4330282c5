"""What a cell shows: the live widget, its picture as a PNG, and a picture where widgets cannot run.

An explorer's figure is encoded as a PNG into an ``ipywidgets.Image``, which
the browser shows as an ``<img>``. A cell that ends with an explorer (or the
backprop stepper) also carries that picture and one line of text, so that
GitHub, nbviewer, slides and PDF, which run no widgets, still show something.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib

import ipywidgets as widgets
import numpy as np
import traitlets
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ..saving import STILL_NOTE, WIDGET_VIEW   # noqa: F401  (the saved notebook finds explorers by STILL_NOTE)


# --- the PNG, encoded straight from the canvas ------------------------------------------

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


# --- the picture widget, and the cell's output ----------------------------------------------

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


# --- projector mode in the browser ------------------------------------------------------------

# An explorer's box gets the class "nnlib-projector" (see Explorer.style_controls),
# and these rules make the text of its controls and summary 24 pixels.
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
