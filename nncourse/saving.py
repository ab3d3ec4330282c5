"""What a saved notebook keeps of the explorers: their picture and a line saying how to get the controls back.

A cell that ends with an explorer outputs one bundle (``explorers.display.display_bundle``):
the live widget view, the picture (image/png) and a line of text. The widget view only points
at a widget model that lives in the kernel. Once the kernel has stopped, JupyterLab can show it
only as "Error displaying widget: model not found", or, with ipywidgets' ``saveState`` setting,
as controls rebuilt from the notebook's metadata that talk to no kernel (each with a red
"disconnected" icon) and that mark the notebook unsaved as soon as it opens.

So a notebook is saved without widget views: JupyterLab then shows the picture, which it
already has, and under it ``RERUN_NOTE``, added here. The page that saves keeps its live widgets
(JupyterLab does not reload a notebook it saves). ``pre_save_hook`` does this for the Jupyter
server (``jupyter-config/jupyter_server_config.py``); ``tools/run_notebooks.py`` strips the views
of the notebooks it runs with ``without_widget_views``.

Only the standard library is imported here: the Jupyter server imports this module.
"""

from __future__ import annotations

from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# The end of an explorer's text/plain line (display_bundle): how a saved output is known as one.
STILL_NOTE = "a picture of the first state; run the notebook to use the sliders"
RERUN_NOTE = "▶ Saved picture, drawn when this cell last ran: run this cell to bring the controls back."


def plain_text(data: dict) -> str:
    """The text/plain of a mime bundle as one string (nbformat may store it as a list of lines)."""
    text = data.get("text/plain", "")
    return text if isinstance(text, str) else "".join(text)


def is_explorer_still(output: dict) -> bool:
    """True for the output of a cell that ends with an explorer (or the stepper): a picture and our line."""
    data = output.get("data", {})
    return "image/png" in data and plain_text(data).rstrip().endswith(f"({STILL_NOTE})")


def is_rerun_note(output: dict) -> bool:
    """True for the line ``still_outputs`` puts under an explorer's picture."""
    return output.get("output_type") == "display_data" and plain_text(output.get("data", {})) == RERUN_NOTE


def rerun_note() -> dict:
    """The output that says how to get the controls back (a display_data, text/plain only)."""
    return {"output_type": "display_data", "data": {"text/plain": RERUN_NOTE}, "metadata": {}}


def without_widget_views(outputs: list[dict]) -> list[dict]:
    """The outputs with every widget view removed; an output left with nothing to show goes.

    An explorer's output keeps its picture and its text line (for GitHub, nbviewer, slides);
    a bare widget's output ("VBox(…)" and the view) goes altogether.
    """
    kept = []
    for output in outputs:
        data = output.get("data", {})
        if WIDGET_VIEW in data:
            data = {kind: value for kind, value in data.items() if kind != WIDGET_VIEW}
            if "image/png" not in data:
                continue
            output = {**output, "data": data}
        kept.append(output)
    return kept


def still_outputs(outputs: list[dict]) -> list[dict]:
    """The outputs as a notebook saved from JupyterLab keeps them: no widget views, and
    ``RERUN_NOTE`` once under each explorer's picture (saving again adds no second note)."""
    kept = [output for output in without_widget_views(outputs) if not is_rerun_note(output)]
    shown = []
    for output in kept:
        shown.append(output)
        if is_explorer_still(output):
            shown.append(rerun_note())
    return shown


def still_notebook(notebook: dict) -> None:
    """Change a notebook (nbformat 4, as JSON) in place: ``still_outputs`` in every code cell, no widget state."""
    notebook.get("metadata", {}).pop("widgets", None)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = still_outputs(cell.get("outputs", []))


def pre_save_hook(model: dict, **kwargs: Any) -> None:
    """The Jupyter server's ``ContentsManager.pre_save_hook``: a notebook is saved by ``still_notebook``."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        still_notebook(model["content"])
