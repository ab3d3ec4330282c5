"""Fixtures for the browser tests: one JupyterLab server, one Chromium, a fresh page per test.

    .venv/bin/python -m pytest tests/browser           # needs /usr/bin/chromium
    NNLIB_SKIP_BROWSER=1 .venv/bin/python -m pytest     # skips them

* The server (session scope) serves a temporary folder holding a *copy* of notebooks/, so
  JupyterLab's autosave never touches the originals. Its user settings are the course's
  (jupyterlab-settings/: no news toast, no update check) and its Jupyter server settings
  (jupyter-config/: notebooks saved without widget views, each explorer's picture with a line)
  plus every cell attached to the page; it has its own workspaces, Jupyter config, data and
  runtime folders, so nothing from the machine's ~/.jupyter or ~/.ipython changes what we see.
  Its kernels import nnlib from this checkout (the checkout is put first on PYTHONPATH).
* Chromium is Debian's /usr/bin/chromium, driven by the Python ``playwright`` package (we never
  run ``playwright install``).
* Each test gets a new page (tab) and a ``Lab`` helper that opens a notebook by its URL
  (/lab/tree/notebooks/<path>?reset; its kernel is started through the REST API just before,
  so it boots while the page loads), runs it from the menus and reads the cells. After the test
  every kernel is shut down (two cores).
* Screenshots, the browser console and the server log go to tests/artifacts/browser/
  (git-ignored). A failing test adds a screenshot of the page as it was, and says where.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
ARTIFACTS = REPO / "tests" / "artifacts" / "browser"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
SKIP_VARIABLE = "NNLIB_SKIP_BROWSER"
INSTALL_HINT = ("install it with `apt-get update && apt-get install -y chromium` (as root, or with "
                "sudo; it lands at /usr/bin/chromium), or skip the browser tests with "
                f"{SKIP_VARIABLE}=1")

# JupyterLab user settings for the test server: the course's own (jupyterlab-settings/, what
# `make lab` uses: no news toast, no update check, widgets' state not saved), plus
# these for the tests: {plugin id: settings}.
COURSE_SETTINGS = REPO / "jupyterlab-settings"
COURSE_SERVER_CONFIG = REPO / "jupyter-config"      # the server's: notebooks saved without widget views
USER_SETTINGS = {
    # Attach every cell to the page (the default windowing leaves cells outside the
    # viewport out of the DOM), so the tests see, and screenshot, whole notebooks.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}

SERVER_START_TIMEOUT = 90          # seconds; a cold start takes ~7 s here
KERNEL_IDLE_TIMEOUT = 90_000       # ms; open a notebook -> "| Idle" in the status bar
VIEWPORT = {"width": 1400, "height": 900}

RAISES = "raises-exception"                                 # a cell that teaches an error
WIDGET_CALL = re.compile(r"\bexplorers\.\w+_explorer\(")    # a cell showing an nncourse.explorers explorer


def cell_source(cell: dict) -> str:
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def pytest_configure(config: pytest.Config) -> None:
    """Register the `browser` marker unless pyproject.toml already does."""
    if not any(line.split(":")[0].strip() == "browser" for line in config.getini("markers")):
        config.addinivalue_line(
            "markers", f"browser: drives JupyterLab in a real Chromium (set {SKIP_VARIABLE}=1 to skip)")


def safe_name(text: str) -> str:
    """A file-system friendly version of a test id."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_")


# --------------------------------------------------------------------------- failure reports

@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item (the page fixture screenshots failures), and
    tell where a failed browser test left its screenshots."""
    report = yield
    item.stash.setdefault(PHASE_REPORTS, {})[report.when] = report
    folder = item.stash.get(ARTIFACT_DIR, None)
    if report.failed and folder is not None:
        report.sections.append(("browser artifacts", f"screenshots and logs kept in {folder}"))
    return report


PHASE_REPORTS = pytest.StashKey[dict]()
ARTIFACT_DIR = pytest.StashKey[Path]()
CONSOLE = pytest.StashKey[list]()


# --------------------------------------------------------------------------- session fixtures

def missing_chromium() -> str | None:
    """Why the browser tests cannot run here, or None if Chromium is installed."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return f"Chromium is missing ({CHROMIUM} not found). The browser tests need it: {INSTALL_HINT}."


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """Without Chromium a browser test FAILS (not skips), saying how to install it. The
    fixtures start nothing in that case, so this runs before the test body instead."""
    if item.get_closest_marker("browser") and (problem := missing_chromium()):
        pytest.fail(problem, pytrace=False)


@pytest.fixture(scope="session")
def chromium_executable() -> Path | None:
    """/usr/bin/chromium; None if it is missing (the test then fails, see pytest_runtest_call);
    skips every browser test if NNLIB_SKIP_BROWSER=1."""
    if os.environ.get(SKIP_VARIABLE) == "1":
        pytest.skip(f"{SKIP_VARIABLE}=1: browser tests skipped")
    return None if missing_chromium() else CHROMIUM


@pytest.fixture(scope="session")
def artifacts_root(chromium_executable: Path | None) -> Path:
    """tests/artifacts/browser/ (the top-level conftest.py empties it when the session starts)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@dataclass
class LabServer:
    """A running JupyterLab: its URL, the folder it serves and its process."""

    url: str
    root: Path
    process: subprocess.Popen
    log: Path

    def api(self, path: str, method: str = "GET", body: dict | None = None) -> object:
        """Call the server's REST API (the test server does not check XSRF)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method, data=data,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self, timeout: float = 30) -> None:
        """Shut down every session and kernel, and wait until none is left."""
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")
        for kernel in self.api("kernels"):
            self.api(f"kernels/{kernel['id']}", method="DELETE")
        deadline = time.monotonic() + timeout
        while self.api("kernels"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"kernels still running after {timeout} s: {self.api('kernels')}")
            time.sleep(0.2)


def free_port() -> int:
    """A TCP port nobody listens on right now (the server is told not to try others)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_user_settings(folder: Path) -> None:
    """The course's settings, then one <plugin>.jupyterlab-settings file per entry of USER_SETTINGS."""
    shutil.copytree(COURSE_SETTINGS, folder, dirs_exist_ok=True)
    for plugin, values in USER_SETTINGS.items():
        package, name = plugin.split(":")
        path = folder / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2))


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory, artifacts_root: Path,
               chromium_executable: Path | None):
    """One JupyterLab server for the session, on 127.0.0.1, serving copies of the notebooks."""
    if chromium_executable is None:
        yield None                          # no browser to use it: start nothing
        return
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "root"
    shutil.copytree(NOTEBOOKS, root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    write_user_settings(base / "user-settings")
    for folder in ("workspaces", "config", "data", "runtime", "ipython"):
        (base / folder).mkdir()

    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(base / "config"),     # ignore ~/.jupyter
        JUPYTER_CONFIG_PATH=str(COURSE_SERVER_CONFIG),  # the course's server settings, as `make lab`
        JUPYTER_DATA_DIR=str(base / "data"),         # ignore kernelspecs in ~/.local/share/jupyter
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),   # connection files and cookie secret
        IPYTHONDIR=str(base / "ipython"),            # no startup files or profiles
        PYTHONPATH=os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]),
    )
    env.pop("MPLBACKEND", None)   # the kernel picks the inline backend, as for a learner
    env.pop("JUPYTER_PATH", None)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "jupyter", "lab",
        "--ServerApp.open_browser=False", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", "--IdentityProvider.token=",
        "--ServerApp.disable_check_xsrf=True",       # lets the fixture call the REST API
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={base / 'user-settings'}",
        f"--LabApp.workspaces_dir={base / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")              # CI containers run as root

    log = artifacts_root / "jupyterlab-server.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log_file,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = LabServer(url=url, root=root, process=process, log=log)
    try:
        wait_until_answers(server)
        yield server
    finally:
        stop(server)


def wait_until_answers(server: LabServer) -> None:
    """Poll /api/status until the server answers; fail with its log if it dies or hangs."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if server.process.poll() is not None:
            pytest.fail(f"JupyterLab exited with code {server.process.returncode} while starting; "
                        f"its log ({server.log}):\n{server.log.read_text(errors='replace')[-3000:]}",
                        pytrace=False)
        try:
            server.api("status")
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"JupyterLab did not answer on {server.url} within {SERVER_START_TIMEOUT} s; "
                        f"its log ({server.log}):\n{server.log.read_text(errors='replace')[-3000:]}",
                        pytrace=False)
        time.sleep(0.25)


def stop(server: LabServer) -> None:
    """Shut the kernels down, then the server itself: terminate, wait, kill if it hangs."""
    if server.process.poll() is None:
        try:
            server.shutdown_kernels(timeout=15)
        except Exception as error:  # the server stops its kernels on SIGTERM anyway
            print(f"could not shut kernels down through the API: {error!r}")
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_executable: Path | None):
    """Debian's Chromium, headless, launched by Playwright (None if it is missing)."""
    if chromium_executable is None:
        yield None
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("The Python package `playwright` is missing: "
                    ".venv/bin/python -m pip install -r requirements-dev.txt", pytrace=False)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(chromium_executable),
                                              headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


# --------------------------------------------------------------------------- per-test fixtures

@pytest.fixture
def artifacts(request: pytest.FixtureRequest, artifacts_root: Path) -> Path:
    """This test's folder under tests/artifacts/browser/."""
    folder = artifacts_root / safe_name(request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser_context(browser):
    """One browser context for the session: its HTTP cache keeps JupyterLab's ~20 MB of
    JavaScript between tests (a fresh context per test loads it again, ~2 s each)."""
    if browser is None:
        yield None
        return
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context
    finally:
        context.close()


def open_page(browser_context, console: list[str]):
    """A new page (tab) whose console errors and warnings, uncaught exceptions and dialogs go to
    ``console``."""
    page = browser_context.new_page()
    page.set_default_timeout(30_000)
    page.on("console", lambda m: console.append(f"console.{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"uncaught exception: {e}"))
    page.on("dialog", lambda d: console.append(f"browser dialog ({d.type}): {d.message}"))
    return page


def close_page(page, folder: Path, console: list[str], failed: bool) -> None:
    """Close the page; on a failure keep a screenshot of it first, and keep the console in any case."""
    if failed:
        try:
            page.screenshot(path=str(folder / "at-failure.png"), timeout=15_000)
        except Exception as error:
            console.append(f"(no failure screenshot: {error!r})")
        print(f"\nbrowser artifacts of the failed test: {folder}")
    if console:
        (folder / "console.log").write_text("\n".join(console) + "\n")
    page.close()


@pytest.fixture
def page(browser_context, lab_server: LabServer, artifacts: Path, request: pytest.FixtureRequest):
    """A fresh page (tab). On failure: a screenshot; always: the browser console's errors and
    warnings. Afterwards every kernel on the server is shut down."""
    if browser_context is None:
        yield None
        return
    request.node.stash[ARTIFACT_DIR] = artifacts     # a failure report says where they are
    console: list[str] = []
    request.node.stash[CONSOLE] = console
    page = open_page(browser_context, console)
    try:
        yield page
    finally:
        reports = request.node.stash.get(PHASE_REPORTS, {})
        close_page(page, artifacts, console, failed=any(r.failed for r in reports.values()))
        lab_server.shutdown_kernels()


@dataclass
class Lab:
    """Drives JupyterLab in one page: open a notebook, use the menus, read the cells."""

    page: object
    server: LabServer
    artifacts: Path
    console: list[str] = field(default_factory=list)   # browser console errors, uncaught exceptions
    timings: dict[str, float] = field(default_factory=dict)

    # -- reading the notebook file the server serves (the copy)
    def read_notebook(self, relpath: str) -> dict:
        return json.loads((self.server.root / "notebooks" / relpath).read_text(encoding="utf-8"))

    # -- opening
    def open(self, relpath: str) -> None:
        """Open notebooks/<relpath> in a reset workspace and wait for an idle kernel."""
        from playwright.sync_api import expect

        notebook = self.read_notebook(relpath)
        start = time.monotonic()
        # Start the notebook's kernel first, so that it boots while the page loads (~2 s saved
        # per notebook on two cores): JupyterLab then connects to this session for the path,
        # as it does after a page reload, instead of starting a kernel itself.
        kernel = notebook.get("metadata", {}).get("kernelspec", {}).get("name", "python3")
        self.server.api("sessions", method="POST", body={
            "path": f"notebooks/{relpath}", "type": "notebook", "name": relpath.split("/")[-1],
            "kernel": {"name": kernel}})
        self.page.goto(f"{self.server.url}/lab/tree/notebooks/{relpath}?reset")
        panel = self.page.locator(".jp-NotebookPanel .jp-Notebook")
        expect(panel).to_be_visible(timeout=60_000)
        expect(panel.locator(".jp-Cell")).to_have_count(len(notebook["cells"]), timeout=30_000)
        self.timings["page"] = time.monotonic() - start
        self.wait_kernel_idle()
        self.timings["open"] = time.monotonic() - start

    def wait_kernel_idle(self, timeout: float = KERNEL_IDLE_TIMEOUT) -> None:
        """The status bar's "<kernel> | Idle" (the toolbar's indicator says idle too early)."""
        from playwright.sync_api import expect

        expect(self.page.locator("#jp-main-statusbar")).to_contain_text("| Idle", timeout=timeout)

    # -- menus
    def menu(self, menu: str, item: str) -> None:
        """Click <menu> in the menu bar, then its item <item> (exact label)."""
        self.page.locator("#jp-MainMenu .lm-MenuBar-itemLabel").get_by_text(menu, exact=True).click()
        self.page.locator(".lm-Menu .lm-Menu-itemLabel").get_by_text(item, exact=True).click()

    # -- cells
    def code_cells(self):
        return self.page.locator(".jp-Notebook .jp-Cell.jp-CodeCell")

    def prompts(self) -> list[str]:
        """The input prompts of the code cells, e.g. ['[1]:', '[*]:', '[ ]:']."""
        return [p.strip() for p in self.code_cells().locator(".jp-InputArea-prompt").all_inner_texts()]

    def clear_all_outputs(self) -> None:
        """Edit → Clear Outputs of All Cells: no output and no execution count is left."""
        from playwright.sync_api import expect

        self.menu("Edit", "Clear Outputs of All Cells")
        expect(self.page.locator(".jp-Notebook .jp-Cell .jp-OutputArea-output")).to_have_count(0)
        deadline = time.monotonic() + 10
        while any(p != "[ ]:" for p in self.prompts()):
            assert time.monotonic() < deadline, f"prompts after clearing: {self.prompts()}"
            time.sleep(0.1)

    def run_through(self, index: int, timeout: float = 120) -> None:
        """Run the code cells 0..index, as a learner jumping to cell `index` would: select it,
        Run → Run All Above Selected Cell, then Run → Run Selected Cell and Do not Advance."""
        self.wait_kernel_idle()
        start = time.monotonic()
        self.code_cells().nth(index).locator(".jp-InputArea-prompt").click()   # select it
        if index > 0:
            self.menu("Run", "Run All Above Selected Cell")
            self.wait_for_counts(index, timeout)
        self.menu("Run", "Run Selected Cell and Do not Advance")
        self.wait_for_counts(index + 1, timeout)
        self.timings["run through"] = time.monotonic() - start

    def wait_for_counts(self, count: int, timeout: float = 120, settle: float = 5) -> None:
        """Wait until the first `count` code cells have an execution count and the kernel is
        idle, or until nothing has moved for `settle` seconds with the kernel idle (a cell
        failed and the run stopped: the caller's checks then say which).

        After an error in a cell tagged raises-exception the kernel goes on with the next cells
        (JupyterLab sends that cell's request with stop_on_error false), but JupyterLab already
        shows "[ ]:" for every cell without a count yet; their counts arrive as they finish.
        So "no [*] left" does not mean "done"."""
        numbered = re.compile(r"\[\d+\]:")
        status = self.page.locator("#jp-main-statusbar")
        deadline = time.monotonic() + timeout
        last_change, last_seen = time.monotonic(), None
        while True:
            prompts = self.prompts()[:count]
            idle = "| Idle" in status.inner_text()
            if idle and all(numbered.fullmatch(p) for p in prompts):
                return
            seen = (tuple(prompts), idle)
            if seen != last_seen:
                last_change, last_seen = time.monotonic(), seen
            elif idle and "[*]:" not in prompts and time.monotonic() - last_change > settle:
                return                                     # stopped: not every cell ran
            assert time.monotonic() < deadline, (
                f"cells still running after {timeout} s: prompts {prompts}")
            time.sleep(0.25)

    def stderr_outputs(self) -> list[list[str]]:
        """For each code cell, the texts of its error/stderr outputs (JupyterLab renders a
        traceback, a warning and anything printed to sys.stderr with this mime type), including
        those inside widget Output areas."""
        return self.code_cells().evaluate_all(
            """cells => cells.map(cell => Array.from(cell.querySelectorAll(
                   '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
                   .map(o => o.innerText))""")

    def open_dialogs(self) -> list[str]:
        return self.page.locator(".jp-Dialog").all_inner_texts()

    def uncaught_exceptions(self) -> list[str]:
        """JavaScript exceptions nobody caught (a widget view that crashed, say)."""
        return [line for line in self.console if line.startswith("uncaught exception")]

    # -- the widgets of a notebook
    def run_and_check_widgets(self, relpath: str) -> list[int]:
        """Open notebooks/<relpath>, clear all outputs, run its code cells from the top down to
        its last widget cell (the cells after it add no widget; nbval runs them), and check that

        * those cells ran once each, in order, from a fresh kernel (counts 1, 2, 3, …);
        * none shows an error or stderr output (a slider callback that fails at its first draw
          prints there), except a cell tagged ``raises-exception``, which must show one;
        * every widget cell shows a live widget: a control, a plot the browser decoded (an <img>
          with a non-zero natural width) and its summary text; no "Error displaying widget", no
          dialog, no uncaught JavaScript exception.

        Returns the indices (among the code cells) of the widget cells; keeps a screenshot of
        each widget in this test's artifacts folder."""
        cells = [cell for cell in self.read_notebook(relpath)["cells"] if cell["cell_type"] == "code"]
        tags = [cell.get("metadata", {}).get("tags", []) for cell in cells]
        widgets = [i for i, cell in enumerate(cells) if WIDGET_CALL.search(cell_source(cell))]
        assert widgets, f"{relpath} has no cell calling nncourse.explorers.<name>_explorer(...)"
        last = widgets[-1]

        self.open(relpath)
        assert self.code_cells().count() == len(cells), "JupyterLab shows a different number of code cells"
        self.clear_all_outputs()
        self.run_through(last)

        problems = []
        prompts = self.prompts()[:last + 1]
        if prompts != [f"[{n}]:" for n in range(1, last + 2)]:
            problems.append(f"the cells up to the last widget did not each run once, in order, from "
                            f"a fresh kernel: prompts {' '.join(prompts)}")
        for number, (cell_tags, outputs) in enumerate(zip(tags[:last + 1], self.stderr_outputs()), start=1):
            if RAISES in cell_tags and not outputs:
                problems.append(f"code cell {number} is tagged {RAISES} but showed no error")
            elif RAISES not in cell_tags and outputs:
                shown = "\n".join(text.strip()[-1500:] for text in outputs)
                problems.append(f"code cell {number} shows an error or stderr output:\n{shown}")
        assert not problems, "\n\n".join(problems)

        for index in widgets:
            output = self.code_cells().nth(index).locator(".jp-Cell-outputArea")
            output.locator(".jupyter-widgets").first.wait_for(state="visible", timeout=30_000)
            picture = output.locator(".jupyter-widgets img").first
            picture.wait_for(state="visible", timeout=30_000)     # (a failure leaves a screenshot)
            self.page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                        arg=picture.element_handle(), timeout=30_000)
            output.screenshot(path=str(self.artifacts / f"widget-in-code-cell-{index + 1}.png"))
            controls = output.locator(".widget-slider, .widget-dropdown, .widget-toggle-buttons, "
                                      ".widget-checkbox, .widget-button")
            assert controls.count() >= 1, f"code cell {index + 1}: the widget shows no control"
            summary = output.locator(".nnlib-summary")
            assert summary.count() == 1 and summary.inner_text().strip(), (
                f"code cell {index + 1}: the widget shows no summary text")

        widget_errors = self.page.get_by_text("Error displaying widget").all_inner_texts()
        assert not widget_errors, f"a widget did not render: {widget_errors}"
        assert not self.open_dialogs(), f"a dialog is open: {self.open_dialogs()}"
        assert not self.uncaught_exceptions(), f"JavaScript errors: {self.uncaught_exceptions()}"
        return widgets


@pytest.fixture
def lab(page, lab_server: LabServer, artifacts: Path, request: pytest.FixtureRequest) -> Lab:
    """The helper driving JupyterLab in this test's page."""
    return Lab(page=page, server=lab_server, artifacts=artifacts,
               console=request.node.stash.get(CONSOLE, []))
