"""Session-wide set-up for every pytest run from this folder, whatever its arguments.

`make test` runs tests/ and notebooks/ (nbval); `make test PYTEST_ARGS=notebooks/03-….ipynb`
runs one notebook. Either way this file is loaded first, so:

* the run is offline: tests/offline/sitecustomize.py refuses connections to anything but this
  machine. Its folder goes on PYTHONPATH, so every Python process the tests start loads it,
  including the Jupyter kernels that nbval starts; importing it here guards the test process
  itself. A tool that must reach a package index (tools/binder_check.py runs pip) removes the
  folder from PYTHONPATH for its own subprocesses;
* tools/ is on sys.path, so that a test imports a tool (`import binder_check`) as a module;
* the work is shared between pytest-xdist's workers as the hooks at the end say (a notebook's
  cells stay on one worker, in order, which a bare `pytest -n 3 notebooks/x.ipynb` would not do).

Fixtures for the tests themselves are in tests/conftest.py.
"""

import os
import shutil
import sys
from pathlib import Path

import matplotlib
import pytest

ROOT = Path(__file__).resolve().parent
OFFLINE = ROOT / "tests" / "offline"
TOOLS = ROOT / "tools"
ARTIFACTS = ROOT / "tests" / "artifacts"


def pytest_configure(config):
    matplotlib.use("Agg")   # tests draw without a screen (not via MPLBACKEND: nbval's kernels would inherit it)
    sys.path.insert(0, str(TOOLS))          # tools/ is not a package: its files import as modules
    if not OFFLINE.is_dir():                # a student copy (tools/make_student_copy.py) has no tests/:
        return                              # there `make test` runs the notebooks through nbval only
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))
    sys.path.insert(0, str(OFFLINE))
    import sitecustomize  # noqa: F401  (guards this process)


# --- Sharing the work between pytest-xdist's workers -----------------------------------------
# xdist's "loadscope" gives each worker whole modules: a notebook's cells stay together, in order,
# on one kernel. Here the browser tests that use JupyterLab are one unit, since they share one
# server and one Chromium, which each worker would otherwise start again (the slides, OWN_UNIT,
# need only Chromium). The slowest units are handed out first and the smallest last, so that the
# workers finish together: tests/test_widgets.py, many independent tests of about a second each,
# goes test by test to whichever worker is free.

SLOWEST_FIRST = ("tests/browser/", "tests/test_colab.py", "tests/test_other_processor.py", "tests/test_binder.py")
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
