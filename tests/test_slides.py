"""Every notebook doubles as a slide deck for a classroom, one that works offline.

tools/build_slides.py turns each notebook into reveal.js slides (nbconvert's SlidesExporter)
with reveal.js and MathJax copied next to the decks. These tests build every deck once (a few
seconds, no browser) and read the HTML: every section is there, nothing is loaded from the
network, no In [n]: prompt or `# nbval-...` comment is shown, links between decks work, and
every picture the notebook stores is on a slide. tests/browser/test_slides_browser.py opens the
decks in Chromium with the network blocked and measures them at 1280 x 720.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
import build_slides  # noqa: E402  (from tools/, which the top-level conftest.py puts on sys.path)

NOTEBOOKS = build_slides.course_notebooks()


class Page(HTMLParser):
    """What a deck's HTML loads and shows: the URLs of scripts, styles, images and links, the
    inline CSS, the visible text (outside <script> and <style>), and each code cell's content."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []     # (tag, url) the browser fetches
        self.links: list[tuple[str, str]] = []     # (href, text) of <a> elements
        self.css: list[str] = []
        self.text: list[str] = []
        self.classes: list[str] = []
        self._stack: list[str] = []
        self._link: list | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes.extend((attrs.get("class") or "").split())
        if tag == "script" and attrs.get("src"):
            self.loads.append((tag, attrs["src"]))
        if tag == "link" and attrs.get("href"):
            self.loads.append((tag, attrs["href"]))
        if tag in ("img", "iframe", "source", "video", "audio", "embed") and attrs.get("src"):
            self.loads.append((tag, attrs["src"]))
        if attrs.get("style"):
            self.css.append(attrs["style"])
        if tag == "a" and attrs.get("href"):
            self._link = [attrs["href"], ""]
        if tag not in ("img", "br", "hr", "meta", "link", "input", "source"):
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], self._link[1].strip()))
            self._link = None

    def handle_data(self, data):
        inside = self._stack[-1] if self._stack else ""
        if inside == "style":
            self.css.append(data)
        elif inside != "script":
            self.text.append(data)
            if self._link is not None:
                self._link[1] += data


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every deck, built once into a temporary folder (the build is timed in the report)."""
    out = tmp_path_factory.mktemp("slides")
    built = build_slides.build(out, install=False)
    assert [p.name for p in built] == [build_slides.deck_name(n) for n in NOTEBOOKS]
    return out


def read(decks: Path, notebook: Path) -> tuple[str, Page]:
    html = (decks / build_slides.deck_name(notebook)).read_text(encoding="utf-8")
    return html, Page(html)


def section_headings(notebook) -> list[str]:
    return [line[3:].strip() for cell in notebook.cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if line.startswith("## ")]


def test_every_notebook_of_the_series_gets_a_deck():
    # 04b's name has a letter after its number; a "[0-9][0-9]-*" pattern once left it out
    series = {p.name for p in (REPO / "notebooks").glob("*.ipynb")}
    assert {p.name for p in NOTEBOOKS} == series and "04b-debugging-a-published-network.ipynb" in series


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_deck_with_a_slide_per_section(path, decks):
    notebook = nbformat.read(path, as_version=4)
    html, page = read(decks, path)
    slides = re.findall(r"<section\b", html)
    headings = section_headings(notebook)
    assert len(headings) >= 4
    assert len(slides) >= len(headings) + 1, f"{len(slides)} slides for {len(headings)} sections and a title"
    text = " ".join(page.text)
    for heading in headings:
        words = re.sub(r"[^\w\s]", " ", heading).split()[:3]
        assert all(word in text for word in words), heading


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_nothing_is_loaded_from_the_network(path, decks):
    """Scripts, style sheets, fonts and pictures are files next to the deck (or data: URIs)."""
    _, page = read(decks, path)
    loads = [url for _, url in page.loads]
    for css in page.css:
        loads += [a or b for a, b in CSS_URL.findall(css)]
    remote = [url for url in loads if re.match(r"^(https?:)?//", url.strip(), re.IGNORECASE)]
    assert remote == [], f"{path.name}'s deck loads from the network: {remote}"
    local = [url for url in loads if not url.startswith(("data:", "#"))]
    assert any(url.endswith("reveal.js") for url in local) and any("mathjax" in url for url in local)
    missing = [url for url in local if not (decks / url.split("?")[0]).exists()]
    assert missing == [], f"{path.name}'s deck loads files that are not next to it: {missing}"


def test_the_loaded_assets_load_nothing_remote(decks):
    """The copied reveal.js and MathJax files: no CSS of theirs imports a web font or a CDN."""
    remote = []
    for css in (decks / build_slides.ASSETS).rglob("*.css"):
        for a, b in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            url = a or b
            if re.match(r"^(https?:)?//", url.strip()):
                remote.append(f"{css.relative_to(decks)}: {url}")
            elif not url.startswith("data:") and not (css.parent / url.split("?")[0].split("#")[0]).exists():
                remote.append(f"{css.relative_to(decks)}: missing {url}")
    assert remote == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_prompts_and_no_nbval_comments(path, decks):
    notebook = nbformat.read(path, as_version=4)
    _, page = read(decks, path)
    text = " ".join(page.text)
    assert not re.search(r"\b(In|Out)\s*\[\s*\d*\s*\]\s*:", text), "an In [n]: / Out[n]: prompt is shown"
    assert "jp-InputPrompt" not in page.classes and "jp-OutputPrompt" not in page.classes
    assert not re.search(r"#\s*nbval", text, re.IGNORECASE), "a `# nbval...` comment is shown"
    # The code itself is all there, the text of an alt= argument shortened to "…" (the picture
    # keeps it as its alt).
    shown = re.sub(r"\s+", "", text)
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.metadata.get("slideshow", {}).get("slide_type") != "skip":
            for line in ALT_ARGUMENT.sub('alt="…"', cell.source).splitlines():
                if line.strip():
                    assert re.sub(r"\s+", "", line) in shown, f"code line missing: {line!r}"


# An alt= argument of a call: one string or several in a row (f-strings too), over several lines.
ALT_ARGUMENT = re.compile(r"""\balt\s*=\s*(?:[rRfF]{0,2}"(?:[^"\\\n]|\\.)*"\s*)+""")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_alt_text_is_on_the_picture_not_in_the_code(path, decks):
    """A figure's description is the <img>'s alt, not a paragraph of string literals on the slide:
    the shown code has `alt="…"` wherever the notebook's code has an alt= text."""
    notebook = nbformat.read(path, as_version=4)
    html, page = read(decks, path)
    shown = re.sub(r"\s+", "", " ".join(page.text))
    calls = [match[0] for cell in notebook.cells if cell.cell_type == "code"
             for match in ALT_ARGUMENT.finditer(cell.source)]
    for call in calls:
        words = re.sub(r"\s+", "", re.sub(r'^alt\s*=\s*[rRfF]{0,2}"', "", call))[:40]
        assert words not in shown, f"the alt text {words!r} is shown as code"
    assert shown.count('alt="…"') == len(calls)
    descriptions = [output["metadata"]["image/png"]["alt"]
                    for cell in notebook.cells for output in cell.get("outputs", [])
                    if "alt" in output.get("metadata", {}).get("image/png", {})]
    alts = [unescape(alt) for alt in re.findall(r'<img [^>]*\balt="([^"]*)"', html)]
    assert sorted(alts) == sorted(descriptions), "the pictures' alts are not the stored ones"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_links_between_decks(path, decks):
    """No link points at a .ipynb file; every link to a deck names one that exists; the
    "next: ..." link goes to the next notebook's deck (the order of the file names)."""
    _, page = read(decks, path)
    local = [(href, text) for href, text in page.links
             if not re.match(r"^([a-z][a-z0-9+.-]*:|#|//)", href, re.IGNORECASE)]
    assert [href for href, _ in local if ".ipynb" in href] == []
    for href, _ in local:
        assert (decks / href.split("#")[0]).is_file(), f"link to a missing deck: {href}"
    before, after = series_neighbours(path)
    nexts = [href for href, text in local if text.lower().startswith("next")]
    if after is not None:
        assert nexts == [build_slides.deck_name(after)], nexts
    previous = [href for href, text in local if text.lower().startswith("previous")]
    if before is not None:
        assert previous == [build_slides.deck_name(before)], previous


def series_neighbours(path: Path) -> tuple[Path | None, Path | None]:
    """The notebooks before and after ``path`` in the main series 00, 01, 02, … (file-name order).
    An optional notebook such as 04b stands beside it: it comes after 04 and leads on to 05,
    and 04 itself leads on to 05."""
    main = [p for p in NOTEBOOKS if re.match(r"\d\d-", p.name)]
    number, optional = int(path.name[:2]), path not in main
    before = [p for p in main if int(p.name[:2]) < number or (optional and int(p.name[:2]) == number)]
    after = [p for p in main if int(p.name[:2]) > number]
    return (before[-1] if before else None), (after[0] if after else None)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_stored_picture_is_on_a_slide(path, decks):
    """Each image/png output of a shown cell appears once as an <img> in the deck."""
    notebook = nbformat.read(path, as_version=4)
    pictures = [output["data"]["image/png"] for cell in notebook.cells if cell.cell_type == "code"
                and cell.metadata.get("slideshow", {}).get("slide_type") != "skip"
                for output in cell.outputs if "image/png" in output.get("data", {})]
    _, page = read(decks, path)
    shown = [url for tag, url in page.loads if tag == "img" and url.startswith("data:image/png")]
    assert len(shown) == len(pictures)
    for picture in pictures:
        assert any(re.sub(r"\s", "", picture) in url for url in shown)


WIDGET_CALL = re.compile(r"^(?:(\w+)\s*=\s*)?explorers\.\w+_explorer\(", re.MULTILINE)


def explorer_cells(notebook) -> list:
    """Code cells whose result is a widget explorer: the last line calls explorers.*_explorer(...)
    or names the variable such a call was assigned to."""
    found = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        last = cell.source.rstrip().splitlines()[-1] if cell.source.strip() else ""
        for match in WIDGET_CALL.finditer(cell.source):
            if last.startswith("explorers.") or (match[1] and last.strip() == match[1]):
                found.append(cell)
                break
    return found


def test_every_explorer_slide_shows_a_picture(decks):
    """A deck has no kernel, so a slider explorer shows the picture stored with the notebook
    (an image/png output next to the widget). Without one its slide shows only the code."""
    empty = []
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        html, _ = read(decks, path)
        for cell in explorer_cells(notebook):
            start = html.find(f'id="cell-id={cell.id}"')
            assert start >= 0, f"{path.name}: cell {cell.id} is not in the deck"
            end = html.find('id="cell-id=', start + 1)        # the next cell, or a part of this one
            while end > 0 and html.startswith(f'id="cell-id={cell.id}-part', end):
                end = html.find('id="cell-id=', end + 1)
            if "<img" not in html[start:end if end > 0 else None]:
                empty.append(f"{path.name} cell {cell.id} ({cell.source.splitlines()[-1]})")
    assert empty == [], ("explorer cells with no stored picture, so their slide shows only "
                         "code: " + "; ".join(empty))


# ---------------------------------------------------------------- the preprocessor's pieces

def test_widget_outputs_give_way_to_their_picture():
    view = {"application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2}}
    only_widget = nbformat.v4.new_output("display_data", data=dict(view))
    with_picture = nbformat.v4.new_output("display_data", data={**view, "image/png": "iVBORw0KGgo="})
    cell = nbformat.v4.new_code_cell("explorers.xor_explorer()", outputs=[only_widget, with_picture])
    cell, _ = build_slides.ClassroomPreprocessor(decks=set()).preprocess_cell(cell, {}, 0)
    assert [dict(o["data"]) for o in cell.outputs] == [{"image/png": "iVBORw0KGgo="}]


@pytest.mark.parametrize("code, shown", [
    ('plots.show(fig, alt="One long description "\n                    "over two lines.")\nprint(1)',
     'plots.show(fig, alt="…")\nprint(1)'),
    ('σ = 1; plots.show(alt=f"σ is {σ:.1f}")  # a comment', 'σ = 1; plots.show(alt="…")  # a comment'),
    ('!pip install x\nif True:\n    plots.show(alt="a")',
     '!pip install x\nif True:\n    plots.show(alt="…")'),
    ('plots.show(alt=description)\nplots.show(alt=None)',
     'plots.show(alt=description)\nplots.show(alt=None)'),
    ('def broken(:\n    plots.show(alt="kept")', 'def broken(:\n    plots.show(alt="kept")'),
    ('picture = "alt=\\"not a call\\""', 'picture = "alt=\\"not a call\\""'),
])
def test_alt_texts_are_shortened_in_the_code(code, shown):
    """The string given as alt= (one literal, several in a row, an f-string) is shown as "…";
    everything else, an alt that is not a string and code that does not parse, stays as it is."""
    assert build_slides.without_alt_text(code) == shown


@pytest.mark.parametrize("markdown, expected", [
    ("[next: 02 · Training](02-training-a-neuron.ipynb)", "[next: 02 · Training](02-training-a-neuron.slides.html)"),
    ("see [this](./01-one-neuron.ipynb#The-slope)", "see [this](01-one-neuron.slides.html#The-slope)"),
    ("[solutions/01-solutions.ipynb](solutions/01-solutions.ipynb)", "solutions/01-solutions.ipynb"),
    ("the [library](../nnlib/)", "the library"),
    ('<a href="02-training-a-neuron.ipynb">two</a>', '<a href="02-training-a-neuron.slides.html">two</a>'),
    ("[docs](https://numpy.org/x.ipynb) and [up](#Summary)", "[docs](https://numpy.org/x.ipynb) and [up](#Summary)"),
    ("![a picture](figure.png)", "![a picture](figure.png)"),
])
def test_links_are_rewritten(markdown, expected):
    decks = {"01-one-neuron.ipynb", "02-training-a-neuron.ipynb"}
    assert build_slides.rewrite_links(markdown, decks) == expected


def test_missing_assets_are_explained(tmp_path, monkeypatch):
    """Without slides/node_modules (and without npm, or told not to install), the build says
    what to install."""
    monkeypatch.setattr(build_slides, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(build_slides.MissingAssets, match=r"npm ci --prefix slides"):
        build_slides.build(tmp_path / "out", install=False)
    monkeypatch.setattr(build_slides.shutil, "which", lambda name: None)
    with pytest.raises(build_slides.MissingAssets, match=r"reveal\.js, mathjax.*Install Node\.js"):
        build_slides.build(tmp_path / "out")
    assert not (tmp_path / "out").exists()
