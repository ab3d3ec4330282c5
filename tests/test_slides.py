"""Every notebook doubles as a slide deck for a classroom.

`jupyter nbconvert --to slides` turns a notebook into reveal.js slides using
the cells' slideshow metadata: the title and every `## ` section start a new
slide. This builds each deck and checks that no section is lost.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbconvert import SlidesExporter

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def section_headings(notebook) -> list[str]:
    return [line[3:].strip() for cell in notebook.cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if line.startswith("## ")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_deck_with_a_slide_per_section(path):
    notebook = nbformat.read(path, as_version=4)
    html, _ = SlidesExporter().from_notebook_node(notebook)
    slides = re.findall(r"<section\b", html)
    headings = section_headings(notebook)
    assert len(headings) >= 4
    assert len(slides) >= len(headings) + 1, f"{len(slides)} slides for {len(headings)} sections and a title"
    for heading in headings:
        # The heading's text (HTML-escaped, with an anchor link) appears in the deck.
        words = re.sub(r"[^\w\s]", " ", heading).split()[:3]
        assert all(word in html for word in words), heading
