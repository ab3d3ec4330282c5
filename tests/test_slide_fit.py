"""tools/slide_fit.py: slides taller than the screen are cut at natural breaks, nothing is lost.

These tests build small notebooks by hand and read the cells fit_cells() gives back: what is cut
where, which slide type each part gets, what happens to pictures. Whether the real decks fit the
screen is measured in Chromium by tests/browser/test_slides_browser.py.
"""

from __future__ import annotations

import base64
import io

import nbformat
import pytest
from PIL import Image

import slide_fit  # noqa: E402  (from tools/, which the top-level conftest.py puts on sys.path)
from slide_fit import FILL, fit_cells, markdown_blocks

new_markdown, new_code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell


def kind(cell) -> str:
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def slide(cell, slide_type: str):
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def picture(width: int, height: int):
    """A display_data output holding a real PNG of that size."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return nbformat.v4.new_output("display_data", data={
        "image/png": base64.b64encode(buffer.getvalue()).decode(), "text/plain": "<Figure>"},
        metadata={"image/png": {"alt": "a picture"}})


def printed(text: str):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def paragraphs(n: int, words: int = 30) -> str:
    return "\n\n".join(f"Paragraph {i}: " + " ".join(["word"] * words) for i in range(n))


def estimated_slides(cells) -> list[float]:
    """The estimated height of each slide of fitted cells, as fit_cells estimates it (a continuing
    sub-slide counts its "continued" line)."""
    heights = []
    for group in slide_fit.slide_groups(cells):
        found = [piece for cell in group for piece in slide_fit.pieces(cell)]
        continued = "continued" in group[0].metadata.get("slideshow", {}).get("data", {})
        heights.append(slide_fit.slide_height(found) + slide_fit.CONTINUED_HEIGHT * continued)
    return heights


# ---------------------------------------------------------------- markdown's natural breaks

def test_markdown_blocks_add_up_to_the_cell_and_cut_only_between_blocks():
    text = ("## A heading\n\nIts first paragraph,\nover two lines.\n\nA second paragraph.\n\n"
            "- an item\n- another, with\n  more under it\n\n1. a loose item\n\n   with a second paragraph\n\n"
            "$$\na = b\n\nc = d\n$$\n\n```python\nx = 1\n\ny = 2\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    blocks = markdown_blocks(text)
    assert "".join(blocks) == text
    assert [block.split("\n")[0] for block in blocks] == [
        "## A heading", "A second paragraph.", "- an item", "- another, with", "1. a loose item",
        "$$", "```python", "| a | b |"]
    assert blocks[0].startswith("## A heading\n\nIts first paragraph,"), "the heading stays with its text"


def test_a_slide_that_fits_is_left_as_it_is():
    cells = [slide(new_markdown("## Short\n\nOne paragraph."), "slide"),
             new_code("print(1)", outputs=[printed("1\n")]),
             slide(new_markdown("A fragment."), "fragment")]
    fitted = fit_cells(cells)
    assert [(c.cell_type, c.source, kind(c), c.id) for c in fitted] == \
           [(c.cell_type, c.source, kind(c), c.id) for c in cells]


# ---------------------------------------------------------------- cutting a long slide

def test_a_long_slide_becomes_sub_slides_that_fit_and_lose_nothing():
    text = "## A long story\n\n" + paragraphs(30)
    cells = [slide(new_markdown(text), "slide"), new_code("x = 1")]
    fitted = fit_cells(cells)
    assert len(fitted) > 3
    assert kind(fitted[0]) == "slide" and all(kind(c) == "subslide" for c in fitted[1:-1])
    assert all(c.metadata["slideshow"]["data"] == {"continued": "A long story"} for c in fitted[1:-1])
    assert "\n\n".join(c.source for c in fitted[:-1]) == text
    assert fitted[-1].source == "x = 1"
    assert len({c.id for c in fitted}) == len(fitted)
    assert max(estimated_slides(fitted)) <= FILL


def test_a_picture_shrinks_a_little_to_stay_on_the_slide():
    cells = [slide(new_markdown("## Plot\n\n" + paragraphs(1)), "slide"),
             new_code("plot()", outputs=[picture(600, 480)])]
    [text, code] = fit_cells(cells)
    size = code.outputs[0].metadata["image/png"]
    assert slide_fit.MIN_PICTURE_SCALE * 480 <= size["height"] < 480
    assert size["width"] / size["height"] == pytest.approx(600 / 480, rel=0.01)
    assert size["alt"] == "a picture"
    assert kind(code) == "-" and max(estimated_slides([text, code])) <= FILL


def test_a_picture_that_would_shrink_too_much_moves_on_whole_with_its_code():
    cells = [slide(new_markdown("## Plot\n\n" + paragraphs(5)), "slide"),
             new_code("plot()", outputs=[picture(600, 500)])]
    [text, code] = fit_cells(cells)
    assert kind(code) == "subslide" and code.source == "plot()"
    assert code.outputs[0].metadata["image/png"]["height"] == 500


def test_an_introduction_moves_on_with_what_it_introduces():
    cells = [slide(new_markdown("## Results\n\n" + paragraphs(7)), "slide"),
             new_markdown("Now the numbers:"),
             new_code("\n".join(f"print({i})" for i in range(12)))]
    fitted = fit_cells(cells)
    assert [kind(c) for c in fitted] == ["slide", "subslide", "-"]
    assert fitted[1].source == "Now the numbers:"


def test_code_taller_than_a_slide_is_cut_at_blank_lines_and_its_output_goes_apart():
    functions = ["def f{0}(x):\n".format(i) + "\n".join(f"    x = x + {j}" for j in range(11))
                 + "\n    return x" for i in range(3)]
    source = "\n\n".join(functions)
    cell = slide(new_code(source, outputs=[printed("done\n")]), "slide")
    fitted = fit_cells([cell])
    code = [c for c in fitted if not c.metadata.get("transient", {}).get("remove_source")]
    assert len(code) >= 2 and "\n\n".join(c.source for c in code) == source
    assert all(c.source.startswith("def f") for c in code), "cut only between the functions"
    assert all(kind(c) == "subslide" for c in fitted[1:])
    assert all(c.outputs == [] for c in code[:-1])
    assert fitted[-1].outputs[0]["text"] == "done\n"
    assert max(estimated_slides(fitted)) <= FILL


def test_a_table_taller_than_a_slide_is_cut_between_rows_with_its_header():
    rows = "".join(f"| {i} | row {i} |\n" for i in range(40))
    cell = slide(new_markdown("## Table\n\n| n | what |\n|---|---|\n" + rows), "slide")
    fitted = fit_cells([cell])
    assert len(fitted) >= 2
    assert fitted[0].source.startswith("## Table\n\n| n | what |")
    assert all(c.source.startswith("| n | what |\n|---|---|\n") for c in fitted[1:])
    shown = [line for c in fitted for line in c.source.splitlines()
             if line.startswith("| ") and "row" in line]
    assert shown == rows.splitlines()
    assert max(estimated_slides(fitted)) <= FILL


def test_a_fragment_that_starts_a_sub_slide_is_shown_with_it_and_notes_never_start_one():
    cells = [slide(new_markdown("## Story\n\n" + paragraphs(14)), "slide"),
             slide(new_markdown("Speaker notes."), "notes"),
             slide(new_markdown(paragraphs(4)), "fragment"),
             new_markdown("More.")]
    fitted = fit_cells(cells)
    notes = [c for c in fitted if c.source == "Speaker notes."]
    assert [kind(c) for c in notes] == ["notes"]
    fragment = next(c for c in fitted if c.source.startswith("Paragraph 0") and c is not fitted[0])
    assert kind(fragment) == "subslide"


def test_code_chunks_count_blank_lines_and_add_up():
    source = "a = 1\n\nb = 2\n\nc = 3\nd = 4\n"
    chunks = slide_fit.code_chunks(source, rows=3)
    assert "".join(chunks) == source
    assert chunks == ["a = 1\n\n", "b = 2\n\n", "c = 3\nd = 4\n"]
    assert slide_fit.code_chunks(source, rows=6) == [source]


def test_a_continued_slide_names_the_last_heading_before_it_unless_it_starts_with_one():
    cells = [slide(new_markdown("## Part one\n\n" + paragraphs(7)), "slide"),
             new_markdown("### A subsection\n\n" + paragraphs(2)),
             new_markdown(paragraphs(8)),
             new_code("# a comment, not a heading\n" + "\n".join(f"x = {i}" for i in range(20)))]
    fitted = fit_cells(cells)
    seen, checked = "", 0
    for cell in fitted:
        label = cell.metadata.get("slideshow", {}).get("data", {}).get("continued")
        if kind(cell) == "subslide":
            starts_with_heading = cell.cell_type == "markdown" and cell.source.startswith("#")
            assert label == (None if starts_with_heading else seen), (cell.source[:30], label, seen)
            checked += 1
        if cell.cell_type == "markdown":
            headings = [line.lstrip("# ") for line in cell.source.splitlines() if line.startswith("#")]
            seen = headings[-1] if headings else seen
    assert checked >= 3
    assert fitted[-1].cell_type == "code" and kind(fitted[-1]) == "subslide"
    assert fitted[-1].metadata["slideshow"]["data"]["continued"] == "A subsection"
