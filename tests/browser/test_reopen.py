"""A notebook saved with live explorers, reopened after the kernel and the server stopped.

The issue: "Reopening a saved notebook (run 06, save, restart, reopen) shows 'Error displaying
widget: model not found' where the explorer was." A saved cell output only points at a widget
model (its id); the model lives in the kernel, which is gone after a restart. JupyterLab's
widget manager (@jupyter-widgets/jupyterlab-manager 8.1) does not fall back to the output's
other versions (the picture, the text) when the model is missing; it only finds the model if
the notebook's metadata holds the widgets' state, which it writes at each save when its setting
``saveState`` is on. The course ships that setting (jupyterlab-settings/ for `make lab`,
binder/overrides.json for Binder); this test starts JupyterLab with the course's
jupyterlab-settings/ folder, as `make lab` does, and checks the whole round trip:

1. open a copy of 06, run it down to its last explorer; each explorer shows the live widget
   (not the still picture that its output also carries);
2. save; the file now holds the widgets' state;
3. stop the kernel and the server; start a new server on the same folder; reopen 06;
4. every explorer cell shows its last picture (an <img> the browser decoded), and the page shows
   no "Error displaying widget" and no "model not found".
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import (CONSOLE, NOTEBOOKS, REPO, Lab, LabServer, free_port, stop, wait_until_answers,
                       write_user_settings)

NOTEBOOK = "06-training-xor.ipynb"
COURSE_SETTINGS = REPO / "jupyterlab-settings"
WIDGET_SETTINGS = Path("@jupyter-widgets") / "jupyterlab-manager" / "plugin.jupyterlab-settings"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def start_lab(base: Path, root: Path, log: Path) -> LabServer:
    """JupyterLab on root, with the course's user settings (plus the test ones) and its own
    Jupyter folders under base (kept from one server to the next, like a learner's)."""
    env = dict(os.environ)
    env.update(JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_DATA_DIR=str(base / "data"),
               JUPYTER_RUNTIME_DIR=str(base / "runtime"), IPYTHONDIR=str(base / "ipython"),
               PYTHONPATH=os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]))
    env.pop("MPLBACKEND", None)
    env.pop("JUPYTER_PATH", None)
    port = free_port()
    command = [sys.executable, "-m", "jupyter", "lab", "--ServerApp.open_browser=False",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               "--IdentityProvider.token=", "--ServerApp.disable_check_xsrf=True",
               f"--ServerApp.root_dir={root}", f"--LabApp.user_settings_dir={base / 'user-settings'}",
               f"--LabApp.workspaces_dir={base / 'workspaces'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    with open(log, "ab") as log_file:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    server = LabServer(url=f"http://127.0.0.1:{port}", root=root, process=process, log=log)
    wait_until_answers(server)
    return server


def open_lab(base: Path, root: Path, log: Path, browser_context, artifacts: Path, console: list):
    """A new JupyterLab server on ``root`` and a new page on it: (server, page, Lab)."""
    server = start_lab(base, root, log)
    page = browser_context.new_page()
    page.set_default_timeout(30_000)
    page.on("pageerror", lambda e: console.append(f"uncaught exception: {e}"))
    return server, page, Lab(page=page, server=server, artifacts=artifacts, console=console)


def saved_state(path: Path) -> dict:
    """The widget state the notebook file holds (empty if none)."""
    metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    return metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


@pytest.mark.browser
def test_a_reopened_notebook_shows_its_explorers_last_pictures(browser_context, artifacts, tmp_path,
                                                                request) -> None:
    from playwright.sync_api import expect

    if browser_context is None:
        return                                   # no Chromium: the browser hook has failed the test already
    base, root = tmp_path / "jupyter", tmp_path / "root"
    shutil.copytree(NOTEBOOKS, root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copytree(COURSE_SETTINGS, base / "user-settings")          # what `make lab` uses
    write_user_settings(base / "user-settings")                       # + no news toast, no windowing
    for folder in ("workspaces", "config", "data", "runtime", "ipython"):
        (base / folder).mkdir(parents=True, exist_ok=True)
    widget_settings = base / "user-settings" / WIDGET_SETTINGS
    assert widget_settings.is_file() and json.loads(widget_settings.read_text()).get("saveState") is True, (
        f"the course's JupyterLab settings must switch on saving the widgets' state with the notebook: "
        f"jupyterlab-settings/{WIDGET_SETTINGS.as_posix()} should hold {{\"saveState\": true}}")
    console = request.node.stash.get(CONSOLE, [])
    log = artifacts / "jupyterlab-reopen.log"
    path = root / "notebooks" / NOTEBOOK

    # 1. run 06 down to its last explorer: live widgets
    server, page, lab = open_lab(base, root, log, browser_context, artifacts, console)
    try:
        explorer_cells = lab.run_and_check_widgets(NOTEBOOK)
        for index in explorer_cells:
            # JupyterLab renders the richest version it can: the widget, not the still picture
            # (a rendered picture would be marked data-mime-type="image/png")
            outputs = lab.code_cells().nth(index).locator(".jp-OutputArea-output")
            expect(outputs).to_have_count(1)
            expect(outputs.locator(".widget-slider, .widget-button").first).to_be_visible()
            expect(lab.code_cells().nth(index).locator('[data-mime-type="image/png"]')).to_have_count(0)
            expect(lab.code_cells().nth(index).locator('[data-mime-type="text/plain"]')).to_have_count(0)

        # 2. save
        before = path.stat().st_mtime
        lab.code_cells().nth(explorer_cells[0]).locator(".jp-InputArea-prompt").click()
        page.keyboard.press("Control+s")
        deadline = time.monotonic() + 30
        while path.stat().st_mtime == before or not saved_state(path):
            assert time.monotonic() < deadline, "the notebook was not saved with its widgets' state within 30 s"
            time.sleep(0.25)
        saved = json.loads(path.read_text(encoding="utf-8"))
        code = [cell for cell in saved["cells"] if cell["cell_type"] == "code"]
        for index in explorer_cells:
            views = [o["data"][WIDGET_VIEW]["model_id"] for o in code[index]["outputs"]
                     if WIDGET_VIEW in o.get("data", {})]
            assert views and all(model in saved_state(path) for model in views), (
                f"code cell {index + 1}: its widget's model is not in the saved state")
            assert any("image/png" in o.get("data", {}) for o in code[index]["outputs"]), (
                f"code cell {index + 1}: the saved output holds no picture")
    finally:
        page.close()
        stop(server)                           # the kernel and the server stop

    # 3. a new server on the same folder; reopen
    server, page, lab = open_lab(base, root, log, browser_context, artifacts, console)
    try:
        lab.open(NOTEBOOK)
        # 4. every explorer shows its last picture, and nothing says "model not found"
        for index in explorer_cells:
            picture = lab.code_cells().nth(index).locator(".jp-Cell-outputArea img").first
            picture.wait_for(state="visible", timeout=30_000)
            page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                   arg=picture.element_handle(), timeout=30_000)
            lab.code_cells().nth(index).locator(".jp-Cell-outputArea").screenshot(
                path=str(artifacts / f"reopened-code-cell-{index + 1}.png"))
        time.sleep(2)                          # a late "model not found" would show by now
        page.screenshot(path=str(artifacts / "reopened.png"), full_page=False)
        body = page.locator("body").inner_text()
        assert "Error displaying widget" not in body and "model not found" not in body, (
            f"the reopened notebook shows a widget error (screenshots in {artifacts})")
        assert not lab.uncaught_exceptions(), f"JavaScript errors: {lab.uncaught_exceptions()}"
    finally:
        page.close()
        stop(server)
