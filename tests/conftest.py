"""Test-wide set-up: the whole suite runs offline.

tools/ is put on sys.path, so that a test imports a tool (`import binder_check`) as a module.

tests/offline/sitecustomize.py refuses connections to anything but this
machine. Putting its folder on PYTHONPATH makes every Python process that the
tests start load it, including the Jupyter kernels that nbval starts to run
the notebooks; importing it here guards the test process itself. A tool that
must reach a package index (tools/binder_check.py runs pip) removes the
folder from PYTHONPATH for its own subprocesses.

`make test` runs the tests on three pytest-xdist workers; the hooks at the end of this file say
how the work is shared out.
"""

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import ipywidgets
import matplotlib
import pytest

OFFLINE = Path(__file__).resolve().parent / "offline"
TOOLS = Path(__file__).resolve().parent.parent / "tools"


def pytest_configure(config):
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))
    matplotlib.use("Agg")   # tests draw without a screen (not via MPLBACKEND: nbval's kernels would inherit it)
    sys.path.insert(0, str(OFFLINE))
    sys.path.insert(0, str(TOOLS))          # tools/ is not a package: its files import as modules
    import sitecustomize  # noqa: F401  (guards this process)


@pytest.fixture(autouse=True)
def close_the_widgets_a_test_made():
    """Close the ipywidgets a test made (not those of a module- or session-wide fixture, which are
    made before this fixture starts). ipywidgets keeps every open widget in a registry until it is
    closed, as a kernel needs; in one long test process the explorers, with their figures and
    caches, would pile up (about 1 GB over tests/test_widgets.py) and make every garbage
    collection, and the exit, take seconds."""
    made = []
    ipywidgets.Widget.on_widget_constructed(made.append)
    yield
    ipywidgets.Widget.on_widget_constructed(None)
    for widget in made:
        widget.close()


# --- The Binder and Colab checks ---------------------------------------------------------------
# tools/binder_check.py and tools/colab_check.py run notebooks in a venv of their own (about 20 s and
# 100 s once the venvs are kept in .venv/check-envs/). Their tests (marked `binder`, `colab`) run
# them through the run_check fixture; under pytest-xdist each runs on a worker beside the others.

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHECKS = {"binder": TOOLS / "binder_check.py", "colab": TOOLS / "colab_check.py"}


@dataclass
class CheckRun:
    """What one run of a check tool did: its exit status, its output and where that is kept."""

    code: int
    output: str
    log: Path
    seconds: float


def run_tool_check(name: str, timeout: float, folder: Path = ARTIFACTS) -> CheckRun:
    """Run tools/<name>_check.py; its output also goes to tests/artifacts/<name>-check.log."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"{name}-check.log"
    started = time.monotonic()
    with open(log, "wb") as out:
        result = subprocess.run([sys.executable, str(CHECKS[name])], stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, timeout=timeout)
    return CheckRun(result.returncode, log.read_text(errors="replace"), log, time.monotonic() - started)


@pytest.fixture
def run_check():
    """run_check("binder", timeout=…): run a check tool and get its CheckRun."""
    return run_tool_check


# --- Sharing the work between pytest-xdist's workers -----------------------------------------
# xdist's "loadscope" gives each worker whole modules: a notebook's cells stay together, in order,
# on one kernel. Here the browser tests that use JupyterLab are one unit, since they share one
# server and one Chromium, which each worker would otherwise start again (the slides, OWN_UNIT,
# need only Chromium). The slowest units are handed out first and the smallest last, so that the
# workers finish together: tests/test_widgets.py, many independent tests of about a second each,
# goes test by test to whichever worker is free.

SLOWEST_FIRST = ("tests/browser/", "tests/test_colab.py", "tests/test_binder.py")
OWN_UNIT = ("tests/browser/test_slides_browser.py",)
ONE_BY_ONE = ("tests/test_widgets.py",)


def work_unit(nodeid: str) -> str:
    """The unit a test is scheduled with: tests/browser/ as one (but for OWN_UNIT), a test of
    ONE_BY_ONE alone, else its module (or notebook)."""
    module = nodeid.split("::", 1)[0]
    if module.startswith("tests/browser/") and module not in OWN_UNIT:
        return "tests/browser/"
    return nodeid if module in ONE_BY_ONE else module


def pytest_sessionstart(session):
    """Empty tests/artifacts/browser/ once, in the main process (not in each xdist worker)."""
    if not hasattr(session.config, "workerinput"):
        shutil.rmtree(ARTIFACTS / "browser", ignore_errors=True)


def slow_rank(unit: str) -> int:
    return SLOWEST_FIRST.index(unit) if unit in SLOWEST_FIRST else len(SLOWEST_FIRST)


def pytest_collection_modifyitems(session, config, items):
    """Order the units: the slowest first, then the larger before the smaller; the order inside a
    unit stays as collected (a notebook's cells run top to bottom)."""
    units: dict[str, list] = {}
    for item in items:
        units.setdefault(work_unit(item.nodeid), []).append(item)
    order = sorted(units, key=lambda unit: (slow_rank(unit), -len(units[unit])))
    items[:] = [item for unit in order for item in units[unit]]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist's loadscope, with tests/browser/ as one unit and the units in the collected order."""
    from xdist.scheduler import LoadScopeScheduling

    class CourseScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    config.option.loadscopereorder = False
    return CourseScheduling(config, log)
