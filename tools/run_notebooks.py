"""Execute notebooks in place, top to bottom, each from a fresh kernel.

    python tools/run_notebooks.py                      # every notebook in notebooks/
    python tools/run_notebooks.py notebooks/03-*.ipynb # just these

This is how the stored outputs are made: nbval later re-runs every cell and
compares its output with what this script stored. Widget views are not stored (the
sliders come alive when a learner runs the cell; an explorer keeps its picture for
places that run no code), and neither are timestamps,
so the files stay small and a diff shows only outputs that really changed.
Prints how long each notebook took, for the README's timing table.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import CoalesceStreamsPreprocessor, ExecutePreprocessor

from nncourse.saving import without_widget_views   # the same stripping as a save in JupyterLab (less its note)

ROOT = Path(__file__).resolve().parent.parent


def run(path: Path) -> float:
    """Execute one notebook in its own folder and save it; return the seconds taken."""
    notebook = nbformat.read(path, as_version=4)
    executor = ExecutePreprocessor(timeout=600, kernel_name="python3", store_widget_state=False,
                                   record_timing=False)   # no timestamps: diffs show only real changes
    start = time.perf_counter()
    executor.preprocess(notebook, {"metadata": {"path": str(path.parent)}})
    seconds = time.perf_counter() - start
    # How printed text is split into chunks depends on timing; join the chunks so it does not.
    CoalesceStreamsPreprocessor().preprocess(notebook, {})
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = nbformat.from_dict(without_widget_views(cell.outputs))
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nbformat.write(notebook, path)
    return seconds


def main(arguments: list[str]) -> None:
    os.environ["NNCOURSE_PROGRESS_DIR"] = "off"     # the kernels record no learner's progress
    if any(a in ("-h", "--help") for a in arguments):
        print(__doc__)
        return
    if any(a.startswith("-") for a in arguments):
        sys.exit(f"run_notebooks.py takes no options, only notebook paths; got {arguments}\n{__doc__}")
    paths = [Path(a) for a in arguments] or sorted((ROOT / "notebooks").glob("**/*.ipynb"))
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    total = 0.0
    for path in paths:
        seconds = run(path)
        total += seconds
        print(f"{seconds:6.1f} s  {os.path.relpath(path, ROOT) if path.is_absolute() else path}")
    print(f"{total:6.1f} s  in all ({len(paths)} notebooks)")


if __name__ == "__main__":
    main(sys.argv[1:])
