"""Test-wide set-up: the whole suite runs offline.

tests/offline/sitecustomize.py refuses connections to anything but this
machine. Putting its folder on PYTHONPATH makes every Python process that the
tests start load it, including the Jupyter kernels that nbval starts to run
the notebooks; importing it here guards the test process itself. A tool that
must reach a package index (tools/binder_check.py runs pip) removes the
folder from PYTHONPATH for its own subprocesses.

The Binder check (tools/binder_check.py, about a minute) starts in the background as soon as
the tests are collected, if its test is among them; tests/test_binder.py waits for it.
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


# --- The Binder check starts early ------------------------------------------------------------
# tools/binder_check.py spends a minute or more building a venv and running notebook 06 in it,
# mostly in pip and in its own kernel. The tests before it use about one of the two cores, so it
# starts as soon as the tests are collected (only if its test, marked `binder`, is among them)
# and tests/test_binder.py waits for its result. Its output goes to tests/artifacts/ (git-ignored).

BINDER_CHECK = Path(__file__).resolve().parent.parent / "tools" / "binder_check.py"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
BINDER_RUN = pytest.StashKey["BinderRun"]()


@dataclass
class BinderRun:
    """A binder_check.py running in the background: its process and the file its output goes to."""

    process: subprocess.Popen
    output: Path
    started: float

    def result(self, timeout: float) -> tuple[int, str]:
        """Wait for it; (exit status, everything it printed)."""
        code = self.process.wait(timeout=timeout)
        return code, self.output.read_text(errors="replace")


def start_binder_check(folder: Path = ARTIFACTS) -> BinderRun:
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / "binder-check.log"
    with open(output, "wb") as log:
        process = subprocess.Popen([sys.executable, str(BINDER_CHECK)], stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return BinderRun(process, output, time.monotonic())


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    if any(item.get_closest_marker("binder") for item in session.items):
        session.config.stash[BINDER_RUN] = start_binder_check()


def pytest_sessionfinish(session):
    """Stop the check if the session ends before its test has waited for it (-x, Ctrl-C)."""
    run = session.config.stash.get(BINDER_RUN, None)
    if run is not None and run.process.poll() is None:
        run.process.terminate()               # binder_check.py removes its temporary folder
        try:
            run.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            run.process.kill()
            run.process.wait()


@pytest.fixture
def binder_run(request) -> BinderRun:
    """The Binder check started after collection (or, if it was not, one started now)."""
    run = request.config.stash.get(BINDER_RUN, None)
    return run if run is not None else start_binder_check()
