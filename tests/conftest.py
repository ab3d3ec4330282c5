"""Test-wide set-up: the whole suite runs offline.

tests/offline/sitecustomize.py refuses connections to anything but this
machine. Putting its folder on PYTHONPATH makes every Python process that the
tests start load it, including the Jupyter kernels that nbval starts to run
the notebooks; importing it here guards the test process itself. A tool that
must reach a package index (tools/binder_check.py runs pip) removes the
folder from PYTHONPATH for its own subprocesses.

The Binder and Colab checks (tools/binder_check.py, tools/colab_check.py, minutes each) start in
the background as soon as the tests are collected, if their tests are among them; their tests wait.
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pytest

OFFLINE = Path(__file__).resolve().parent / "offline"


def pytest_configure(config):
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))
    matplotlib.use("Agg")   # tests draw without a screen (not via MPLBACKEND: nbval's kernels would inherit it)
    sys.path.insert(0, str(OFFLINE))
    import sitecustomize  # noqa: F401  (guards this process)


# --- The Binder and Colab checks start early ------------------------------------------------
# tools/binder_check.py and tools/colab_check.py each build a venv and run notebooks in it, mostly
# waiting on pip and on their own kernels. The tests before them use about one of the two cores,
# so each starts as soon as the tests are collected (only if its test, marked `binder` or `colab`,
# is among them) and its test waits for the result. Output goes to tests/artifacts/ (git-ignored).

TOOLS = Path(__file__).resolve().parent.parent / "tools"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
BACKGROUND_CHECKS = {"binder": TOOLS / "binder_check.py", "colab": TOOLS / "colab_check.py"}
RUNS = pytest.StashKey[dict]()


@dataclass
class BackgroundRun:
    """A check running in the background: its process and the file its output goes to."""

    process: subprocess.Popen
    output: Path
    started: float

    def result(self, timeout: float) -> tuple[int, str]:
        """Wait for it; (exit status, everything it printed)."""
        code = self.process.wait(timeout=timeout)
        return code, self.output.read_text(errors="replace")


def start_check(marker: str, folder: Path = ARTIFACTS) -> BackgroundRun:
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / f"{marker}-check.log"
    with open(output, "wb") as log:
        process = subprocess.Popen([sys.executable, str(BACKGROUND_CHECKS[marker])], stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return BackgroundRun(process, output, time.monotonic())


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    runs = {}
    for marker in BACKGROUND_CHECKS:
        if any(item.get_closest_marker(marker) for item in session.items):
            runs[marker] = start_check(marker)
    session.config.stash[RUNS] = runs


def pytest_sessionfinish(session):
    """Stop a check if the session ends before its test has waited for it (-x, Ctrl-C)."""
    for run in session.config.stash.get(RUNS, {}).values():
        if run.process.poll() is None:
            run.process.terminate()               # the checks remove their temporary folders
            try:
                run.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                run.process.kill()
                run.process.wait()


def background_run(request, marker: str) -> BackgroundRun:
    """The check started after collection (or, if it was not, one started now)."""
    run = request.config.stash.get(RUNS, {}).get(marker)
    return run if run is not None else start_check(marker)


@pytest.fixture
def binder_run(request) -> BackgroundRun:
    return background_run(request, "binder")


@pytest.fixture
def colab_run(request) -> BackgroundRun:
    return background_run(request, "colab")
