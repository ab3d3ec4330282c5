"""Notebook hygiene: what nbval cannot see.

nbval re-runs every code cell and compares outputs, but it silently skips a
cell that was never run, and it cannot tell a notebook run out of order from
one run top to bottom. These tests read the stored .ipynb files and check
that each one was executed from a fresh kernel, top to bottom, without
errors or warnings, and that it tells its story in the series' shape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NUMBERED = re.compile(r"(\d\d[a-z]?)-")              # 04-…, and an optional 04b-… after it
SERIES = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if NUMBERED.match(p.name))
SOLUTIONS = sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))
ALL = SERIES + SOLUTIONS
IGNORE_REASON = "nbval-ignore-output-because"     # the cell metadata that says why


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def names(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(NOTEBOOKS)) for p in paths]


def number(path: Path) -> str:
    """'04' for 04-a-hidden-layer.ipynb, '04b' for 04b-debugging-a-published-network.ipynb."""
    return NUMBERED.match(path.name).group(1)


def test_the_series_is_complete():
    """00, 01, … with no gap and no number twice (an optional 04b sits beside 04), and one solutions
    notebook for each, named by its number."""
    numbers = [number(path) for path in SERIES]
    main = [n for n in numbers if n.isdigit()]
    assert main == [f"{k:02d}" for k in range(len(main))] and len(main) >= 8, numbers
    assert all(n[:2] in main for n in numbers), numbers
    assert [path.name for path in SOLUTIONS] == [f"{n}-solutions.ipynb" for n in numbers]


@pytest.mark.parametrize("path", ALL, ids=names(ALL))
def test_executed_in_order_from_a_fresh_kernel(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts, "a notebook with no code"
    assert None not in counts, f"{counts.count(None)} code cell(s) never ran: nbval would skip them"
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}: re-run from a fresh kernel"


@pytest.mark.parametrize("path", ALL, ids=names(ALL))
def test_no_errors_and_no_warnings_stored(path):
    for cell in code_cells(load(path)):
        source = "".join(cell["source"])[:60]
        for output in cell["outputs"]:
            if output["output_type"] == "error":
                assert "raises-exception" in tags(cell), f"unexpected error {output['ename']} in: {source!r}"
            assert output.get("name") != "stderr", f"stderr output (a warning?) in: {source!r}"
        if "raises-exception" in tags(cell):
            assert any(o["output_type"] == "error" for o in cell["outputs"]), f"tagged raises-exception but no error: {source!r}"


@pytest.mark.parametrize("path", ALL, ids=names(ALL))
def test_only_interactive_cells_skip_output_checks_and_they_say_why_out_of_sight(path):
    """The test plumbing stays out of the code a class sees: nbval reads a cell's tags, and the
    reason a cell's output is not compared is in its metadata, never a comment in its code."""
    for cell in code_cells(load(path)):
        source = "".join(cell["source"])
        assert "nbval" not in source, f"a test directive in the code a class sees: {source[:80]!r}"
        if "nbval-ignore-output" in tags(cell):
            reason = cell["metadata"].get(IGNORE_REASON, "")
            assert len(reason.split()) >= 3, f"a tagged cell must say why in its metadata ({IGNORE_REASON!r}): {source[:80]!r}"
        assert "nbval-skip" not in tags(cell), "nbval-skip would hide a failure: use nbval-ignore-output"


@pytest.mark.parametrize("path", ALL, ids=names(ALL))
def test_kernel_size_and_python3(path):
    assert path.stat().st_size < 1_000_000, f"{path.name} is {path.stat().st_size:,} bytes"
    notebook = load(path)
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert notebook["metadata"]["kernelspec"]["language"] == "python"
    for cell in code_cells(notebook):
        source = "".join(cell["source"])
        if "raises-exception" not in tags(cell):     # a cell may *show* the Python 2 error on purpose
            assert "xrange" not in source and not re.search(r"^\s*print [^(=]", source, re.M), "Python 2 syntax"
        assert not re.search(r"^\s*[!%]\s*pip", source, re.M), "no installs from a notebook cell"


@pytest.mark.parametrize("path", ALL, ids=names(ALL))
def test_the_first_cell_installs_nnlib_only_where_it_is_missing(path):
    # Colab and bare kernels have no nnlib: the first code cell installs the course library there,
    # and only there (the guard), before anything imports it. That is the one install allowed.
    first = "".join(code_cells(load(path))[0]["source"])
    guard = 'if importlib.util.find_spec("nnlib") is None:'
    assert guard in first, f"{path.name}: the first code cell must start with the nnlib bootstrap"
    before, after = first.split(guard, 1)
    assert "import nnlib" not in before and "from nnlib" not in before
    install = after.split("\n")[2] if after.count("\n") >= 2 else ""
    assert install.startswith("    !{sys.executable} -m pip install"), install
    assert "nnlib-course @ git+" in install          # never `pip install nnlib`: another PyPI package
    if path in SERIES:
        assert "# plots.projector_style()" in first, f"{path.name}: the projector switch, commented out"


@pytest.mark.parametrize("path", SERIES, ids=names(SERIES))
def test_each_notebook_tells_the_whole_story(path):
    markdown = "\n".join("".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    headings = re.findall(r"^#{1,3} +(.+?)\s*$", markdown, re.M)
    assert re.match(rf"{number(path)} · ", headings[0]), f"the title should start with its number: {headings[0]!r}"
    for section in ("What you will learn", "Exercises", "Summary", "Next"):
        assert any(h.startswith(section) for h in headings), f"missing a '{section}' section"
    if number(path) != "00":
        assert any(h.startswith("Recap") for h in headings), "missing a 'Recap' section"
    assert "$" in markdown, "no maths written in LaTeX"


MIN_EXERCISES, MAX_EXERCISES = 2, 5     # notebooks/CONVENTIONS.md, "## Exercises"
EXERCISE = re.compile(r"\*\*Exercise (\d+) · ")
CHECK_CALL = re.compile(r"\bcheck\.\w+\(")


def exercises(notebook: dict) -> list[tuple[int, list[str]]]:
    """The exercises of the `## Exercises` section: (number, sources of the code cells up to the
    next exercise), read from the markdown cells that start with **Exercise N · …**."""
    found: list[tuple[int, list[str]]] = []
    in_section = False
    for cell in notebook["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and text.startswith("## "):
            in_section = text.splitlines()[0].strip() == "## Exercises"
        elif in_section and cell["cell_type"] == "markdown" and (match := EXERCISE.match(text)):
            found.append((int(match.group(1)), []))
        elif in_section and cell["cell_type"] == "code" and found:
            found[-1][1].append(text)
    return found


@pytest.mark.parametrize("path", SERIES, ids=names(SERIES))
def test_exercises_are_numbered_and_each_is_checked(path):
    found = exercises(load(path))
    numbers = [number for number, _ in found]
    assert MIN_EXERCISES <= len(found) <= MAX_EXERCISES, (
        f"{len(found)} exercises; CONVENTIONS.md asks for {MIN_EXERCISES}-{MAX_EXERCISES} per notebook")
    assert numbers == list(range(1, len(found) + 1)), f"exercises numbered {numbers}"
    for number, sources in found:
        assert any(CHECK_CALL.search(source) for source in sources), (
            f"exercise {number} has no code cell calling check.<name>(...)")


@pytest.mark.parametrize("path", SERIES, ids=names(SERIES))
def test_each_notebook_has_a_picture_and_a_thing_to_play_with(path):
    notebook = load(path)
    pictures = [o for c in code_cells(notebook) for o in c["outputs"] if "image/png" in o.get("data", {})]
    assert pictures, "no picture"
    # A widget: a call of one of nncourse.explorers' explorers (tests/browser renders each of them).
    assert any(re.search(r"\bexplorers\.\w+_explorer\(", "".join(c["source"])) for c in code_cells(notebook)), \
        "no interactive cell (a call of nncourse.explorers.<name>_explorer)"


@pytest.mark.parametrize("path", ALL, ids=names(ALL))
def test_relative_links_resolve(path):
    markdown = "\n".join("".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    links = re.findall(r"\]\(([^)\s]+)\)", markdown)
    for link in links:
        if re.match(r"[a-z]+:", link) or link.startswith("#"):
            continue
        target = (path.parent / unquote(link.split("#")[0])).resolve()
        assert target.exists(), f"broken link {link!r}"


@pytest.mark.parametrize("path", SERIES, ids=names(SERIES))
def test_links_to_its_neighbours(path):
    """The main path (00, 01, …) links forward and back; an optional notebook (04b) is a side
    trip: it links back to the notebook it extends (04) and on to the next one on the main path."""
    markdown = "\n".join("".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    main = [p for p in SERIES if number(p).isdigit()]
    if number(path).isdigit():
        index = main.index(path)
        before, after = main[index - 1] if index > 0 else None, main[index + 1] if index + 1 < len(main) else None
    else:
        before = next(p for p in main if number(p) == number(path)[:2])
        after = next((p for p in main if number(p) > number(path)), None)
    if after is not None:
        assert f"({after.name})" in markdown, f"no link to the next notebook, {after.name}"
    if before is not None:
        assert f"({before.name})" in markdown, f"no link back to the previous notebook, {before.name}"


@pytest.mark.parametrize("path", SERIES, ids=names(SERIES))
def test_slides_metadata(path):
    cells = load(path)["cells"]
    assert cells[0].get("metadata", {}).get("slideshow", {}).get("slide_type") == "slide"
    for cell in cells:
        if cell["cell_type"] == "markdown" and "".join(cell["source"]).startswith("## "):
            assert cell["metadata"].get("slideshow", {}).get("slide_type") in ("slide", "subslide"), \
                f"section {''.join(cell['source']).splitlines()[0]!r} does not start a slide"


def test_folded_answers_render_as_markdown():
    """Markdown inside <details> renders only after a blank line: with the text straight after
    </summary>, JupyterLab and GitHub show its backticks and asterisks raw."""
    crammed = []
    for path in ALL:
        for k, cell in enumerate(load(path)["cells"]):
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"])
                crammed += [f"{path.name} cell {k}" for m in re.finditer(r"</summary>(?!\n\s*\n)", text)]
    assert not crammed, f"text straight after </summary> (leave a blank line): {crammed}"


def test_no_notebook_rebinds_the_name_of_its_checks():
    """The checks are imported as `check`; a cell that assigns `check = …` (say, a gradient
    check's result) replaces them, and every exercise after it fails with an AttributeError."""
    rebound = []
    for path in ALL:
        for k, cell in enumerate(code_cells(load(path))):
            source = "".join(cell["source"])
            if re.search(r"^\s*(for\s+)?check\b\s*(=[^=]|,|\s+in\b)", source, re.M):
                rebound.append(f"{path.name} code cell {k}")
    assert not rebound, f"`check` is the exercise checks' name; call the result something else: {rebound}"


def test_the_backprop_rules_are_numbered_as_in_04():
    """Rule 1 the output's delta, rule 2 the weights, rule 3 one layer back, rule 4 the biases: in every
    notebook, solution, lesson plan and hint (07 once numbered 3 and 4 the other way round)."""
    root = NOTEBOOKS.parent
    texts = {path.name: "\n".join("".join(c["source"]) for c in load(path)["cells"]) for path in ALL}
    texts.update({str(p.relative_to(root)): p.read_text("utf-8")
                  for p in [*(root / "teachers").glob("*.md"), *(root / "nncourse" / "exercises").glob("nb0[47]*.py")]})
    wrong = {"3": ("bias", "column sum"), "4": ("layer back", "δ¹,", "one layer")}
    found = []
    for name, text in texts.items():
        for match in re.finditer(r"\brules? ([34])\b(.{0,50})", text):
            if any(word in match.group(2) for word in wrong[match.group(1)]):
                found.append(f"{name}: {match.group(0)!r}")
    assert not found, found
