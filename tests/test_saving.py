"""A notebook is saved without widget views; each explorer keeps its picture and gets a line saying
how to bring the controls back (nncourse/saving.py, the Jupyter server's pre-save hook).

The browser test (tests/browser/test_06_explorers.py) saves, reopens and runs 06 in JupyterLab;
these check the rewriting itself, on a real explorer's output, and the settings that switch it on.
"""

import copy
import json
from pathlib import Path

import json5  # comes with JupyterLab; reads the commented settings file
import pytest
from IPython.core.formatters import DisplayFormatter
from traitlets.config import Config

from nncourse import explorers, saving

REPO = Path(__file__).resolve().parents[1]
WIDGET_VIEW = saving.WIDGET_VIEW


@pytest.fixture(scope="module")
def explorer_output() -> dict:
    """What a cell ending with an explorer outputs, as JupyterLab sends it to the server on saving."""
    data, metadata = DisplayFormatter().format(explorers.neuron_explorer())
    assert WIDGET_VIEW in data and "image/png" in data
    return {"output_type": "execute_result", "execution_count": 3, "data": data, "metadata": metadata}


def bare_widget_output() -> dict:
    view = {"version_major": 2, "version_minor": 0, "model_id": "abc"}
    return {"output_type": "display_data", "data": {WIDGET_VIEW: view, "text/plain": "VBox()"}, "metadata": {}}


def plot_output() -> dict:
    return {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
            "metadata": {}}


def test_an_explorer_keeps_its_picture_and_text_and_gets_the_line_under_it(explorer_output):
    stream = {"output_type": "stream", "name": "stdout", "text": "hello\n"}
    outputs = [stream, explorer_output, plot_output()]
    saved = saving.still_outputs(copy.deepcopy(outputs))
    assert [o["output_type"] for o in saved] == ["stream", "execute_result", "display_data", "display_data"]
    picture, note = saved[1], saved[2]
    assert WIDGET_VIEW not in picture["data"]
    assert picture["data"] == {k: v for k, v in explorer_output["data"].items() if k != WIDGET_VIEW}
    assert picture["metadata"] == explorer_output["metadata"]                  # the alt text stays
    assert note == saving.rerun_note() and "run this cell to bring the controls back" in saving.RERUN_NOTE
    assert saved[0] == stream and saved[3] == plot_output()                    # others untouched, no note
    assert WIDGET_VIEW in explorer_output["data"], "the live page's own output must not be changed"


def test_saving_twice_adds_no_second_line(explorer_output):
    once = saving.still_outputs([explorer_output])
    assert saving.still_outputs(copy.deepcopy(once)) == once


def test_a_bare_widget_output_goes_and_text_plain_as_lines_is_read(explorer_output):
    as_lines = copy.deepcopy(explorer_output)
    text = as_lines["data"]["text/plain"]
    as_lines["data"]["text/plain"] = text.splitlines(True) or [text]
    saved = saving.still_outputs([bare_widget_output(), as_lines])
    assert len(saved) == 2 and saving.is_explorer_still(saved[0]) and saving.is_rerun_note(saved[1])


def test_the_hook_rewrites_a_notebook_model_and_drops_widget_state(explorer_output):
    notebook = {"cells": [{"cell_type": "markdown", "source": "# 06", "metadata": {}},
                          {"cell_type": "code", "source": "explorer", "metadata": {}, "execution_count": 3,
                           "outputs": [explorer_output]}],
                "metadata": {"widgets": {saving.WIDGET_STATE: {"state": {"abc": {}}}}}, "nbformat": 4,
                "nbformat_minor": 5}
    model = {"type": "notebook", "format": "json", "content": copy.deepcopy(notebook)}
    saving.pre_save_hook(model=model, path="notebooks/06.ipynb", contents_manager=None)
    content = model["content"]
    assert "widgets" not in content["metadata"]
    assert content["cells"][0] == notebook["cells"][0]
    assert len(content["cells"][1]["outputs"]) == 2
    assert not any(WIDGET_VIEW in o.get("data", {}) for o in content["cells"][1]["outputs"])
    text_file = {"type": "file", "format": "text", "content": "hello"}
    saving.pre_save_hook(model=text_file, path="a.txt", contents_manager=None)
    assert text_file == {"type": "file", "format": "text", "content": "hello"}


def test_the_course_settings_switch_the_hook_on_and_save_state_off():
    c = Config()
    config_file = REPO / "jupyter-config" / "jupyter_server_config.py"
    exec(compile(config_file.read_text(), str(config_file), "exec"), {"c": c})
    assert c.ContentsManager.pre_save_hook is saving.pre_save_hook
    lab = REPO / "jupyterlab-settings/@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings"
    binder = json.loads((REPO / "binder/overrides.json").read_text())
    assert json5.loads(lab.read_text())["saveState"] is False
    assert binder["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is False
    assert "jupyter-config/jupyter_server_config.py" in (REPO / "binder/postBuild").read_text()
    assert 'JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config"' in (REPO / "Makefile").read_text()
