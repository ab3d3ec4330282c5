"""Build every course notebook as a reveal.js slide deck that works offline.

    python tools/build_slides.py                 # decks in build/slides/
    python tools/build_slides.py --out DIR       # somewhere else
    make slides                                  # the same, after installing the assets

From Python (Binder, a notebook cell), with the repository root as working folder:

    import sys; sys.path.insert(0, "tools")
    import build_slides
    build_slides.build()                         # -> list of the decks written

Each notebook notebooks/NN-name.ipynb becomes DIR/NN-name.slides.html; open it in a browser
(arrow keys or space to move, S for the speaker notes). What the decks need is copied next to
them into DIR/_assets/, so the folder can be put on a USB stick or opened with no internet:

* reveal.js and MathJax come from the npm packages pinned in slides/package.json
  (`npm ci --prefix slides` installs them into slides/node_modules; this script runs it
  when they are missing and npm is there). Nothing is loaded from a CDN: no require.js,
  jQuery, Mermaid, widget manager or web font.
* The slides are 1280 x 720 (a projector). A slide that would be taller is cut into vertical
  sub-slides at natural breaks, its pictures shrunk a little where that keeps it whole
  (tools/slide_fit.py); the arrow keys step through every slide. Should content still not fit
  (a browser with much wider fonts), the slide scrolls inside itself and says so.
* Code is shown without In [n]: / Out[n]: prompts (nbval's directives are cell tags and
  metadata, never code); the text of an `alt=` argument is shown as "…" (it is the picture's
  alt); long code lines wrap instead of being cut.
* Links between notebooks point at the other decks (NN-name.slides.html); links to files
  that have no deck (the solutions, nnlib/) are shown as plain text.
* An output stored as a widget (a slider explorer) has no live kernel in a deck: its stored
  picture (image/png) is shown instead, if the notebook holds one.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert import SlidesExporter
from nbconvert.preprocessors import Preprocessor

from slide_fit import (CONTENT_HEIGHT, CONTINUED_HEIGHT, SLIDE_HEIGHT, SLIDE_PADDING, SLIDE_WIDTH,
                       fit_cells)

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
DEFAULT_OUT = REPO / "build" / "slides"
ASSET_PACKAGES = REPO / "slides"                      # package.json + package-lock.json
NODE_MODULES = ASSET_PACKAGES / "node_modules"
ASSETS = "_assets"                                    # folder next to the decks

# What is copied from each npm package into DIR/_assets/<package>/ (paths in the package).
ASSET_FILES = {
    "reveal.js": [
        "dist/reveal.js", "dist/reveal.css", "dist/theme/white.css",
        "dist/theme/fonts/source-sans-pro", "plugin/notes/notes.js", "LICENSE",
    ],
    "mathjax": [
        "es5/tex-chtml-full.js", "es5/output/chtml/fonts/woff-v2", "es5/input/tex/extensions",
        "LICENSE",
    ],
}

WIDGET_MIME_TYPES = ("application/vnd.jupyter.widget-view+json",
                     "application/vnd.jupyter.widget-state+json")


# An IPython line (shell escape or magic) that is not Python: `!pip ...`, `%timeit ...`.
IPYTHON_LINE = re.compile(r"^([ \t]*)[!%].*$", re.MULTILINE)
SHORT_ALT = '"…"'

# Markdown links and HTML href/src attributes: [text](target) and href="target".
MARKDOWN_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")
HTML_LINK = re.compile(r"""<a\s+[^>]*href=["'](?P<target>[^"']+)["'][^>]*>(?P<text>.*?)</a>""",
                       re.IGNORECASE | re.DOTALL)


def deck_name(notebook: Path) -> str:
    """notebooks/01-one-neuron.ipynb -> 01-one-neuron.slides.html"""
    return f"{notebook.stem}.slides.html"


def course_notebooks() -> list[Path]:
    """The numbered notebooks 00-…, 01-…, 04b-…, in order (not the solutions)."""
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if re.match(r"\d\d[a-z]?-", p.name))


def is_local(target: str) -> bool:
    """A link to a file next to the notebook (not a web page, an e-mail or an anchor)."""
    return not re.match(r"^([a-z][a-z0-9+.-]*:|#|//)", target, re.IGNORECASE)


def rewrite_link(target: str, decks: set[str]) -> str | None:
    """Where a link from one deck should point: NN-name.ipynb[#x] -> NN-name.slides.html[#x];
    None for a local file that has no deck (the link is then dropped, its text kept);
    anything else (https://..., #anchor) unchanged."""
    if not is_local(target):
        return target
    path, _, anchor = target.partition("#")
    name = Path(path).name
    if path.endswith(".ipynb") and "/" not in path.removeprefix("./") and name in decks:
        return Path(name).stem + ".slides.html" + (f"#{anchor}" if anchor else "")
    return None


def rewrite_links(markdown: str, decks: set[str]) -> str:
    """Apply rewrite_link to every markdown and HTML link of a markdown cell."""
    def markdown_link(match: re.Match) -> str:
        target = rewrite_link(match["target"], decks)
        return match["text"] if target is None else f"[{match['text']}]({target})"

    def html_link(match: re.Match) -> str:
        target = rewrite_link(match["target"], decks)
        if target is None:
            return match["text"]
        return match[0].replace(match["target"], target, 1)

    return HTML_LINK.sub(html_link, MARKDOWN_LINK.sub(markdown_link, markdown))


def without_alt_text(source: str) -> str:
    """Code with the text of every `alt=` argument shown as "…": plots.show(fig, alt="A long
    description ...") becomes plots.show(fig, alt="…"). The picture keeps the text as its alt; on a
    slide it would only fill lines. Code that does not parse is returned as it is."""
    python = IPYTHON_LINE.sub(lambda m: m[1] + "pass", source)   # same lines, same columns
    try:
        tree = ast.parse(python)
    except SyntaxError:
        return source
    spans = [(keyword.value.lineno, keyword.value.col_offset, keyword.value.end_lineno,
              keyword.value.end_col_offset)
             for node in ast.walk(tree) if isinstance(node, ast.Call)
             for keyword in node.keywords
             if keyword.arg == "alt" and (isinstance(keyword.value, ast.JoinedStr) or
                                          isinstance(getattr(keyword.value, "value", None), str))]
    lines = source.split("\n")
    for start, start_col, end, end_col in sorted(spans, reverse=True):
        head = lines[start - 1].encode()[:start_col].decode()        # ast counts columns in bytes
        tail = lines[end - 1].encode()[end_col:].decode()
        lines[start - 1:end] = [head + SHORT_ALT + tail]
    return "\n".join(lines)


class ClassroomPreprocessor(Preprocessor):
    """Make a stored notebook fit to be shown: drop alt texts from code,
    point links at the other decks, replace widget outputs by their stored picture, and cut slides
    taller than the screen into sub-slides (slide_fit.fit_cells)."""

    def __init__(self, decks: set[str], **kwargs):
        super().__init__(**kwargs)
        self.decks = decks

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)       # widget state: needs a CDN widget manager
        nb, resources = super().preprocess(nb, resources)
        nb.cells = fit_cells(nb.cells)
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.source = without_alt_text(cell.source)
            outputs = []
            for output in cell.get("outputs", []):
                data = output.get("data")
                if data is not None:
                    for mime in WIDGET_MIME_TYPES:
                        data.pop(mime, None)
                    if not data:
                        continue                # only a widget, nothing to show without a kernel
                outputs.append(output)
            cell.outputs = outputs
        elif cell.cell_type == "markdown":
            cell.source = rewrite_links(cell.source, self.decks)
        return cell, resources


# The deck template: nbconvert's reveal template with every CDN load replaced by the local
# copies in _assets/, MathJax 3 instead of 2, and CSS that fits a 1280 x 720 projector.
ALT_BLOCK = r"""
{#- A picture's text description (the output's "alt" metadata, set by nncourse.plots.show and the
    explorers) becomes its alt; the lab template would otherwise say "No description". -#}
{% block data_png scoped %}
{%- set alttext = output | get_metadata('alt', 'image/png') -%}
{%- if alttext -%}
{{ super() | replace('<img ', '<img alt="' ~ (alttext | escape_html) ~ '" ', 1) }}
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock data_png %}
"""

TEMPLATE = r"""
{%- extends 'reveal/index.html.j2' -%}

{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}

{ALT_BLOCK}
{%- block html_head_js_mathjax -%}
<script>
window.MathJax = {
  tex: {
    inlineMath: [['$', '$'], ['\\(', '\\)']],
    displayMath: [['$$', '$$'], ['\\[', '\\]']],
    processEscapes: true,
    processEnvironments: true
  },
  // No MathJax menu: its accessibility options would fetch the speech engine from the web.
  options: {enableMenu: false},
  chtml: {displayAlign: 'center'}
};
</script>
<script src="{{ resources.mathjax_url }}"></script>
{%- endblock html_head_js_mathjax -%}

{%- block html_head_css -%}
<style type="text/css">
/* Slides are {{ resources.reveal.width }} x {{ resources.reveal.height }}: a slide taller than that scrolls
   inside itself instead of running off the screen. */
.reveal .slides section:not(.stack) {
  height: {{ resources.reveal.height }}px;
  box-sizing: border-box;
  overflow-y: auto;
  overflow-x: hidden;
  padding: {PADDING};
}
/* A sub-slide that continues a slide cut to fit the screen (tools/slide_fit.py) names it. */
.reveal .slides section[data-continued]::before {
  content: attr(data-continued) " (continued)";
  display: block; height: {CONTINUED}px; box-sizing: border-box; padding: 2px 0 0 18px;
  font-size: 20px; line-height: 26px; color: #595959; text-align: left;
}
/* Long code lines and printed output wrap instead of being cut at the right. */
.reveal .slides pre, .reveal .slides code, .reveal .slides .highlight pre,
.reveal .slides .jp-OutputArea-output pre {
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  word-break: normal;
  overflow-x: hidden;
  max-height: none;
}
.reveal .slides .jp-OutputArea-output, .reveal .slides .jp-InputArea-editor { overflow-x: hidden; }
/* Pictures at the size slide_fit gave them (their width and height attributes), never wider
   than the slide nor taller than its content. */
.reveal .slides section img { max-width: 100%; max-height: {CONTENT}px; height: auto;
  object-fit: contain; }
.reveal .slides .jp-RenderedImage img { display: block; margin: 6px 0; }
.reveal .slides mjx-container[display="true"] { max-width: 100%; overflow-x: auto; overflow-y: hidden; }
.reveal .jp-Cell { margin-bottom: 0.3em; }
/* "more below" shows while the slide on screen has content under the fold. */
.more-below {
  position: fixed; left: 12px; bottom: 8px; z-index: 40; display: none;
  padding: 2px 10px; border-radius: 6px; font: 16px sans-serif;
  background: #0072B2; color: white;
}
.more-below.shown { display: block; }
/* A scroll bar that a teacher can see and grab. */
.reveal ::-webkit-scrollbar { width: 12px; }
.reveal ::-webkit-scrollbar-thumb { background: #727272 !important; border-radius: 6px; }
</style>
{%- endblock html_head_css -%}

{% block footer_js %}
<script src="{{ resources.reveal.url_prefix }}/dist/reveal.js"></script>
<script src="{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
  controls: true,
  progress: true,
  hash: true,
  center: false,
  transition: "{{ resources.reveal.transition }}",
  slideNumber: "{{ resources.reveal.number }}" || false,
  width: {{ resources.reveal.width }},
  height: {{ resources.reveal.height }},
  navigationMode: "linear",      // the arrow keys step through every slide, continued ones too
  plugins: [RevealNotes]
});

// A slide opens at its top; a fragment that appears below the fold is scrolled into view.
function slideOf(element) {
  while (element && !(element.tagName === 'SECTION' && !element.classList.contains('stack'))) {
    element = element.parentElement;
  }
  return element;
}
var moreBelow = document.createElement('div');
moreBelow.className = 'more-below';
moreBelow.textContent = '\u25BC more below: scroll';
document.body.appendChild(moreBelow);
function showMoreBelow() {
  var slide = Reveal.getCurrentSlide();
  var more = slide && slide.scrollTop + slide.clientHeight < slide.scrollHeight - 2;
  moreBelow.classList.toggle('shown', Boolean(more));
}
document.querySelectorAll('.reveal .slides section').forEach(function (section) {
  section.addEventListener('scroll', showMoreBelow);
});
Reveal.on('ready', showMoreBelow);
Reveal.on('slidechanged', function (event) {
  if (event.currentSlide) { event.currentSlide.scrollTop = 0; }
  showMoreBelow();
});
Reveal.on('fragmentshown', function (event) {
  var slide = slideOf(event.fragment);
  if (!slide) { return; }
  var box = event.fragment.getBoundingClientRect(), frame = slide.getBoundingClientRect();
  var scale = frame.height / slide.offsetHeight || 1;       // Reveal scales the slides
  if (box.bottom > frame.bottom) {
    slide.scrollTop += Math.min(box.bottom - frame.bottom, box.top - frame.top) / scale;
  }
  showMoreBelow();
});
</script>
{% endblock footer_js %}
"""
# The template's {NAME}s (Jinja itself uses {{ }} and {% %}): the alt block, and the sizes slide_fit uses.
TEMPLATE = re.sub(r"\{(ALT_BLOCK|PADDING|CONTINUED|CONTENT)\}", lambda name: {
    "ALT_BLOCK": ALT_BLOCK, "PADDING": " ".join(f"{n}px" for n in SLIDE_PADDING),
    "CONTINUED": str(CONTINUED_HEIGHT), "CONTENT": str(CONTENT_HEIGHT)}[name[1]], TEMPLATE)


def exporter(decks: set[str]) -> SlidesExporter:
    """nbconvert's SlidesExporter set up for offline, projector-sized decks."""
    slides = SlidesExporter(
        extra_loaders=[DictLoader({"course_slides.html.j2": TEMPLATE})],
        template_file="course_slides.html.j2",
        reveal_url_prefix=f"{ASSETS}/reveal.js",
        reveal_theme="white",
        reveal_transition="none",
        reveal_number="c/t",
        reveal_width=str(SLIDE_WIDTH),
        reveal_height=str(SLIDE_HEIGHT),
        mathjax_url=f"{ASSETS}/mathjax/es5/tex-chtml-full.js",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # before the reveal template's own preprocessor, which reads the slide types we set
        preprocessors=[ClassroomPreprocessor(decks=decks)],
    )
    return slides


class MissingAssets(RuntimeError):
    """reveal.js or MathJax is not installed in slides/node_modules."""


def ensure_assets(install: bool = True) -> Path:
    """slides/node_modules with reveal.js and MathJax; runs `npm ci --prefix slides` if they
    are missing (and npm is installed), else says how to get them."""
    missing = [name for name in ASSET_FILES if not (NODE_MODULES / name / "package.json").is_file()]
    if missing and install and shutil.which("npm"):
        print(f"installing {', '.join(missing)} with: npm ci --prefix {ASSET_PACKAGES}", flush=True)
        done = subprocess.run(["npm", "ci", "--prefix", str(ASSET_PACKAGES), "--no-audit", "--no-fund"])
        if done.returncode != 0:
            raise MissingAssets(f"`npm ci --prefix {ASSET_PACKAGES}` failed with exit code "
                                f"{done.returncode} (its messages are above); the slides need "
                                f"{', '.join(missing)} from the npm registry")
        missing = [name for name in ASSET_FILES
                   if not (NODE_MODULES / name / "package.json").is_file()]
    if missing:
        raise MissingAssets(
            f"the slides need the npm packages {', '.join(missing)} in {NODE_MODULES}, but they "
            f"are not installed. Install Node.js (it brings npm), then run: "
            f"npm ci --prefix {ASSET_PACKAGES.relative_to(REPO)}   (or: make slides)")
    return NODE_MODULES


def copy_assets(out: Path) -> None:
    """Copy the files of ASSET_FILES into out/_assets/<package>/."""
    for package, paths in ASSET_FILES.items():
        for relative in paths:
            source = NODE_MODULES / package / relative
            target = out / ASSETS / package / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)


def build_deck(notebook: Path, out: Path, decks: set[str],
               slides: SlidesExporter | None = None) -> Path:
    """Write one notebook's deck into out/ and return its path (assets must be copied)."""
    slides = exporter(decks) if slides is None else slides
    html, _ = slides.from_notebook_node(nbformat.read(notebook, as_version=4),
                                        resources={"metadata": {"name": notebook.stem}})
    path = out / deck_name(notebook)
    path.write_text(html, encoding="utf-8")
    return path


def build(out: Path | str = DEFAULT_OUT, notebooks: list[Path] | None = None,
          install: bool = True) -> list[Path]:
    """Build the decks of `notebooks` (default: every numbered notebook) into `out`, with the
    reveal.js and MathJax files they load; return the decks' paths. With install=False a
    missing asset is an error instead of an `npm ci` (the tests never reach the network)."""
    out = Path(out)
    notebooks = course_notebooks() if notebooks is None else [Path(p) for p in notebooks]
    if not notebooks:
        raise ValueError(f"no notebook to build: none matches {NOTEBOOKS}/NN-*.ipynb")
    absent = [str(p) for p in notebooks if not p.is_file() or p.suffix != ".ipynb"]
    if absent:
        raise ValueError(f"expected .ipynb notebook files, got {', '.join(absent)} (not found)")
    ensure_assets(install)
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    decks = {p.name for p in course_notebooks()} | {p.name for p in notebooks}
    slides = exporter(decks)
    return [build_deck(notebook, out, decks, slides) for notebook in notebooks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"folder for the decks (default: {DEFAULT_OUT.relative_to(REPO)})")
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to build (default: every notebooks/NN-*.ipynb)")
    args = parser.parse_args(argv)
    start = time.monotonic()
    try:
        decks = build(args.out, args.notebooks or None)
    except (MissingAssets, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for deck in decks:
        print(deck)
    print(f"{len(decks)} deck{'s' * (len(decks) != 1)} in {time.monotonic() - start:.1f} s; "
          f"open {decks[0]} in a browser (no internet needed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
