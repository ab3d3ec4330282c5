"""Where widgets cannot run (GitHub, nbviewer, nbconvert HTML, slides, PDF), an explorer still
shows a picture, and every picture has a text alternative.

* Each explorer (and the backprop stepper) outputs three versions of itself: the live widget
  view, its picture as image/png and a one-line text/plain summary; the picture's metadata
  carries that line as its "alt" (``explorers.display_bundle``).
* ``plots.show(alt=...)`` shows a figure with its description in the same metadata key.
* The image widget of an explorer carries a description of the state it shows (its tooltip,
  which becomes the <img>'s title: the accessible name of an image without alt).

The end-to-end tests execute a small generated notebook in a real kernel, store it the way
tools/run_notebooks.py stores the course's notebooks, and convert it to HTML with nbconvert:
every explorer cell must show an <img>, and every <img> must carry our description, not
nbconvert's placeholder "No description has been provided for this image".
"""

import base64
import html
import io
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")   # no display needed; must come before pyplot is imported

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from IPython.core.formatters import DisplayFormatter  # noqa: E402
from PIL import Image  # noqa: E402

from nncourse import explorers, plots  # noqa: E402
from nncourse.stepper import backprop_stepper  # noqa: E402

import build_slides  # noqa: E402  (from tools/, which the top-level conftest.py puts on sys.path)
import run_notebooks  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PLACEHOLDER = "No description has been provided for this image"


# nbconvert's "lab" HTML template (the default of `jupyter nbconvert --to html`, and the base of the
# reveal slides) ignores an image output's "alt" metadata; its "classic" template writes it. This
# block, put into a template that extends lab (or reveal), writes it too.
ALT_BLOCK = build_slides.ALT_BLOCK


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def all_explorers():
    """One of each kind, small and quick."""
    return {
        "xor": explorers.xor_explorer(),
        "neuron": explorers.neuron_explorer(),
        "learning rate": explorers.learning_rate_explorer(),
        "many seeds": explorers.many_seeds_explorer(epochs=200, seeds=50),
        "stepper": backprop_stepper(),
    }


@pytest.fixture(scope="module")
def one_of_each():
    return all_explorers()


def decoded(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


# --- the bundle, without a kernel -------------------------------------------------------------

@pytest.mark.parametrize("name", ["xor", "neuron", "learning rate", "many seeds", "stepper"])
def test_an_explorer_outputs_its_widget_its_picture_and_one_line(one_of_each, name):
    explorer = one_of_each[name]
    data, metadata = DisplayFormatter().format(explorer)      # what IPython sends for `explorer` at a cell's end
    assert data[WIDGET_VIEW]["model_id"] == explorer.widget.model_id
    assert data[WIDGET_VIEW]["version_major"] == 2
    # the picture is the widget's picture (re-encoded without alpha: the same pixels)
    stored = decoded(base64.b64decode(data["image/png"]))
    assert np.array_equal(stored, decoded(bytes(explorer.image.value)))
    text = data["text/plain"]
    assert "\n" not in text and len(text) > 40
    assert text.endswith("(a picture of the first state; run the notebook to use the sliders)")
    # the picture's alt is the same line, without the note
    alt = metadata["image/png"]["alt"]
    assert text.startswith(alt) and alt == explorer.image.tooltip


def test_the_summary_line_says_what_was_trained(one_of_each):
    xor = one_of_each["xor"]
    text = DisplayFormatter().format(xor)[0]["text/plain"]
    final = xor.history.snapshots[-1].network.predict(np.array([[0, 0], [0, 1], [1, 0], [1, 1]]))
    for part in ("seed 0", "learning rate 2,", "1000 epochs", f"loss {xor.history.final_loss:.3g}",
                 " ".join(f"{v:.2f}" for v in final[:, 0])):
        assert part in text, (part, text)
    assert all(title.get_text() in text for title in xor.picture.unit_titles)     # the gates h1 and h2 compute


def test_the_image_description_follows_the_state():
    xor = explorers.xor_explorer()
    before = xor.image.tooltip
    xor.controls["seed"].value = 6
    assert "seed 6" in xor.image.tooltip and xor.image.tooltip != before
    xor.controls["epoch"].value = 0                                       # scrub back: a redraw only
    assert "At epoch 0:" in xor.image.tooltip
    stepper = backprop_stepper()
    first = stepper.image.tooltip
    stepper.move(+1)
    assert "step 2 of" in stepper.image.tooltip and stepper.image.tooltip != first


def test_the_image_widget_keeps_an_empty_description():
    """The browser writes the tooltip into the <img>'s title only when the widget has an empty description."""
    image = explorers.xor_explorer().image
    assert image.description == "" and "description" in image.keys and "tooltip" in image.keys


def test_plots_show_gives_a_figure_its_alt(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *args, **kwargs: shown.append((args, kwargs)))
    ax = plots.plot_sigmoid()
    plots.show(alt="The sigmoid rises from 0 to 1; its slope is largest, 0.25, at z = 0.")
    (args, kwargs), = shown
    assert args == (ax.figure,)
    assert kwargs["metadata"] == {"image/png": {"alt": "The sigmoid rises from 0 to 1; its slope is largest, "
                                                       "0.25, at z = 0."}}
    assert not plt.fignum_exists(ax.figure.number)                        # closed: not shown twice


@pytest.mark.parametrize("alt", ["", "   ", None, 3])
def test_plots_show_wants_a_description(alt):
    fig = plt.figure()
    with pytest.raises(ValueError, match="alt must be a sentence"):
        plots.show(fig, alt=alt)


def test_plots_show_wants_a_figure():
    with pytest.raises(TypeError, match="matplotlib Figure or Axes"):
        plots.show("figure.png", alt="a picture")


# --- end to end: a kernel, the stored notebook, nbconvert's HTML ---------------------------------

EXPLORER_CELLS = [
    "explorers.xor_explorer()",
    "explorers.neuron_explorer(gate='and')",
    "explorers.learning_rate_explorer()",
    "explorer = explorers.many_seeds_explorer(epochs=200, seeds=50)\nexplorer",
    "backprop_stepper()",
]
FIGURE_ALT = "The sigmoid rises from 0 to 1; its slope (dashed) is largest, 0.25, at z = 0."


def small_notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = (
        [nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nfrom nncourse import plots, explorers\n"
                                   "from nncourse.stepper import backprop_stepper")]
        + [nbformat.v4.new_code_cell(source) for source in EXPLORER_CELLS]
        + [nbformat.v4.new_code_cell(f"plots.plot_sigmoid()\nplots.show(alt={FIGURE_ALT!r})")]
    )
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return notebook


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """The small notebook, executed and stored by tools/run_notebooks.py (as the course's are)."""
    path = tmp_path_factory.mktemp("fallback") / "explorers.ipynb"
    nbformat.write(small_notebook(), path)
    run_notebooks.run(path)
    return path


def html_of(path: Path, template: str) -> str:
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    if template == "classic":
        exporter = HTMLExporter(template_name="classic")
    else:                                           # lab, with the alt block
        exporter = HTMLExporter(extra_loaders=[DictLoader({"alt.html.j2": "{%- extends 'lab/index.html.j2' -%}"
                                                           + ALT_BLOCK})],
                                template_file="alt.html.j2")
    body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
    return body


def test_the_stored_notebook_keeps_picture_and_summary_but_no_widget(stored):
    notebook = nbformat.read(stored, as_version=4)
    cells = notebook.cells[1:1 + len(EXPLORER_CELLS)]
    for cell in cells:
        outputs = [o for o in cell.outputs if o.output_type in ("display_data", "execute_result")]
        assert len(outputs) == 1, (f"{cell.source!r}: the stored cell has no picture output; "
                                   f"tools/run_notebooks.py must drop only the widget-view key of an "
                                   f"output, not the whole output: {cell.outputs}")
        output = outputs[0]
        assert WIDGET_VIEW not in output.data
        assert base64.b64decode(output.data["image/png"]).startswith(b"\x89PNG")
        assert "run the notebook to use the sliders" in output.data["text/plain"]
        assert output.metadata["image/png"]["alt"]
    assert "widgets" not in notebook.metadata


@pytest.mark.parametrize("template", ["classic", "lab with the alt block"])
def test_html_shows_a_described_picture_for_every_explorer_and_figure(stored, template):
    page = html_of(stored, template)
    notebook = nbformat.read(stored, as_version=4)
    expected = [o.metadata["image/png"]["alt"] for cell in notebook.cells for o in cell.outputs
                if "image/png" in o.get("data", {})]
    assert len(expected) == len(EXPLORER_CELLS) + 1               # one picture per explorer, one figure
    images = re.findall(r"<img\b[^>]*>", page)
    alts = [html.unescape(m.group(1)) if (m := re.search(r'\balt="([^"]*)"', tag)) else None for tag in images]
    assert alts == expected                       # every <img> described, in order, none by the placeholder
    assert all(alt and alt != PLACEHOLDER for alt in alts)
    assert FIGURE_ALT in alts


def test_html_of_a_notebook_saved_with_live_widgets_shows_the_pictures(tmp_path, stored):
    """A learner's own save keeps the widget views but (by default) no widget state: nbconvert
    then skips the views and shows the pictures."""
    notebook = nbformat.read(stored, as_version=4)
    for cell in notebook.cells[1:1 + len(EXPLORER_CELLS)]:
        for output in cell.outputs:
            output.data[WIDGET_VIEW] = {"version_major": 2, "version_minor": 0, "model_id": "0" * 32}
    path = tmp_path / "saved.ipynb"
    nbformat.write(notebook, path)
    page = html_of(path, "classic")
    assert len(re.findall(r"<img\b", page)) == len(EXPLORER_CELLS) + 1
    assert PLACEHOLDER not in page
