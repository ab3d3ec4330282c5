"""Predict, then run: the truth stays hidden until the learner has written a prediction.

Each predict-then-run exercise has a cell ``my_prediction = None`` and, after it, a cell whose
code starts with ``if my_prediction is not None:``. nbval runs the notebooks as stored, with the
prediction still None, so it never runs the gated code. This test runs each such notebook once
more with a prediction written in, and checks that the gated cells then run without an error
and show more than the check's "not yet".
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ASKS = re.compile(r"^(my_prediction|prediction) = None\b", re.M)       # the learner writes here
GATED = re.compile(r"^if (my_prediction|prediction) is not None:", re.M)


def gated_notebooks() -> list[Path]:
    return [path for path in sorted(NOTEBOOKS.glob("[0-9][0-9]*.ipynb"))
            if any(GATED.match(cell.source) for cell in nbformat.read(path, as_version=4).cells)]


def beyond_the_check(cell: nbformat.NotebookNode) -> list[str]:
    """The printed lines of a cell other than a check's own "not yet …" or "correct …"."""
    shown = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")
    return [line for line in shown.splitlines() if line and not line.startswith(("not yet", "correct"))]


def test_no_stored_output_shows_the_truth_before_the_prediction():
    """The cell after a prediction cell, as stored (prediction None), prints nothing but the check."""
    shown = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]*.ipynb")):
        cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        for asks, after in zip(cells, cells[1:]):
            if ASKS.search(asks.source) and beyond_the_check(after):
                shown.append(f"{path.name}: {after.source[:60]!r} prints {beyond_the_check(after)[0]!r}")
    assert not shown, f"the truth is shown whatever the prediction: {shown}"


@pytest.mark.parametrize("path", gated_notebooks(), ids=lambda p: p.name)
def test_the_truth_appears_once_a_prediction_is_written(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = ASKS.sub(r"\1 = 0.5", cell.source)    # any number: the truth must show
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    gated = [cell for cell in nb.cells if cell.cell_type == "code" and GATED.match(cell.source)]
    assert gated
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if "raises-exception" not in cell.metadata.get("tags", []):
            assert not errors, f"{path.name}: {cell.source[:60]!r} raised {errors[0].ename}: {errors[0].evalue}"
    for cell in gated:
        assert beyond_the_check(cell), f"{path.name}: with a prediction written, {cell.source[:60]!r} shows nothing more"
