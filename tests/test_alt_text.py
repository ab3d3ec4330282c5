"""Every picture in the stored notebooks has a text alternative, and every explorer shows a picture
where widgets cannot run (issue 13, items 3 and 4).

Each notebook of the series and each solutions notebook is converted to HTML the way the slides
are (nbconvert's lab template plus the block that writes an image output's "alt" metadata, as in
tools/build_slides.py), and the HTML is read back:

* every <img> carries a description: a non-empty alt that is not nbconvert's placeholder;
* the <img> tags and the stored image/png outputs match one to one, in order, with the alt of
  each taken from its output (so no figure is missing from the page and none is described by
  another's text);
* every explorer cell (a cell that calls ``explorers.<name>_explorer(`` or ``backprop_stepper(``)
  has a described picture among its outputs, so the page shows an <img> for it.

The notebooks are read as stored (tools/run_notebooks.py writes them); nothing is executed here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

import build_slides  # noqa: E402  (from tools/, which the top-level conftest.py puts on sys.path)

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb")) + sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))
PLACEHOLDER = "No description has been provided for this image"
EXPLORER_CALL = re.compile(r"\b(?:explorers\.\w+_explorer|backprop_stepper)\(")
IMG = re.compile(r"<img\b[^>]*>")
ALT = re.compile(r'\balt="([^"]*)"')


# The lab template (the default of `jupyter nbconvert --to html`) ignores an image output's "alt"
# metadata; this block, the one tools/build_slides.py puts into the slides' template, writes it.
ALT_BLOCK = build_slides.ALT_BLOCK


def test_there_are_notebooks_to_check():
    names = {p.name for p in ALL}
    assert len(ALL) >= 18 and "00-start-here.ipynb" in names and "07-solutions.ipynb" in names, names


@pytest.fixture(scope="module")
def converted() -> dict[Path, tuple[nbformat.NotebookNode, str]]:
    """Each notebook, as stored and as HTML; converted once, on first use, for the whole module."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(extra_loaders=[DictLoader({"alt.html.j2": "{%- extends 'lab/index.html.j2' -%}"
                                                       + ALT_BLOCK})],
                            template_file="alt.html.j2")
    class Lazy(dict):
        def __missing__(self, path: Path) -> tuple[nbformat.NotebookNode, str]:
            notebook = nbformat.read(path, as_version=4)
            body, _ = exporter.from_notebook_node(notebook)
            self[path] = (notebook, body)
            return self[path]

    return Lazy()


def png_outputs(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def stored_alt(output: nbformat.NotebookNode) -> str | None:
    return output.get("metadata", {}).get("image/png", {}).get("alt")


def img_alts(page: str) -> list[str | None]:
    """The alt of every <img> of the page, in order (None: the tag has no alt)."""
    return [html.unescape(m.group(1)) if (m := ALT.search(tag)) else None for tag in IMG.findall(page)]


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_every_img_has_a_description(converted, path):
    notebook, page = converted[path]
    alts = img_alts(page)
    undescribed = [i for i, alt in enumerate(alts) if not (alt and alt.strip()) or PLACEHOLDER in alt]
    assert not undescribed, (f"{path.name}: <img> number {undescribed} (of {len(alts)}) has no description; "
                             f"end the figure's cell with plots.show(alt=...) instead of plt.show()")
    expected = [stored_alt(o) for cell in notebook.cells for o in png_outputs(cell)]
    assert alts == expected, f"{path.name}: the page's pictures and the notebook's image outputs differ"


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_every_explorer_cell_shows_a_picture(converted, path):
    notebook, page = converted[path]
    alts = img_alts(page)
    explorers = [(i, cell) for i, cell in enumerate(notebook.cells)
                 if cell.cell_type == "code" and EXPLORER_CALL.search(cell.source)]
    for i, cell in explorers:
        pictures = png_outputs(cell)
        assert pictures, (f"{path.name}, cell {i} ({cell.source.splitlines()[-1]!r}): the stored explorer has "
                          f"no picture; re-run tools/run_notebooks.py, which keeps it")
        assert all(stored_alt(o) in alts for o in pictures), f"{path.name}, cell {i}: its picture is not on the page"
    assert len(alts) >= len(explorers)
