"""Every notebook runs top to bottom in JupyterLab, in a real browser, without an error.

For each notebook (notebooks/*.ipynb and notebooks/solutions/*.ipynb): open it, wait for the
kernel to be idle, clear all outputs (so everything checked afterwards was produced by this
run), Run → Run All Cells, wait until every code cell has an execution count, and check:

* the counts are 1, 2, 3, … in order (a fresh kernel ran every cell, none was skipped);
* no cell shows an error, a warning or anything on stderr, except a cell tagged
  ``raises-exception`` (it teaches an error), which must show one;
* every widget rendered, no dialog is open and no JavaScript exception went uncaught.

A screenshot of the whole notebook after the run is kept in tests/artifacts/browser/<test>/.
"""

from __future__ import annotations

import time

import pytest

RAISES = "raises-exception"


def code_cell_tags(notebook: dict) -> list[list[str]]:
    """The tags of each code cell, in order."""
    return [cell.get("metadata", {}).get("tags", []) for cell in notebook["cells"]
            if cell["cell_type"] == "code"]


@pytest.mark.browser
def test_run_all_cells_without_error(lab, notebook: str) -> None:
    relpath = notebook   # parametrized by conftest.pytest_generate_tests
    start = time.monotonic()
    tags = code_cell_tags(lab.read_notebook(relpath))

    lab.open(relpath)
    assert lab.code_cells().count() == len(tags), "JupyterLab shows a different number of code cells"
    lab.clear_all_outputs()
    lab.run_all(timeout=120)
    screenshot = lab.screenshot_whole_notebook("after-run-all.png")

    problems = []
    prompts = lab.prompts()
    expected = [f"[{n}]:" for n in range(1, len(tags) + 1)]
    if prompts != expected:
        problems.append(f"not every code cell ran once, in order, from a fresh kernel: prompts "
                        f"{' '.join(prompts)}")
    for number, (cell_tags, outputs) in enumerate(zip(tags, lab.stderr_outputs()), start=1):
        if RAISES in cell_tags and not outputs:
            problems.append(f"code cell {number} is tagged {RAISES} but showed no error")
        elif RAISES not in cell_tags and outputs:
            shown = "\n".join(text.strip()[-1500:] for text in outputs)
            problems.append(f"code cell {number} shows an error or stderr output:\n{shown}")
    assert not problems, "\n\n".join(problems) + f"\n(screenshot: {screenshot})"

    widget_errors = lab.page.get_by_text("Error displaying widget").all_inner_texts()
    assert not widget_errors, f"a widget did not render: {widget_errors}"
    assert not lab.open_dialogs(), f"a dialog is open: {lab.open_dialogs()}"
    assert not lab.uncaught_exceptions(), f"JavaScript errors: {lab.uncaught_exceptions()}"

    t = lab.timings
    print(f"{relpath}: page {t['page']:.1f} s, kernel idle at {t['open']:.1f} s, run all "
          f"{t['run all']:.1f} s, screenshot {t['screenshot']:.1f} s, test "
          f"{time.monotonic() - start:.1f} s; {screenshot}")
