"""Session-wide set-up for every pytest run from this folder, whatever its arguments.

`make test` runs tests/ and notebooks/ (nbval); `make test PYTEST_ARGS=notebooks/03-….ipynb`
runs one notebook. Either way this file is loaded first, so:

* the run is offline: tests/offline/sitecustomize.py refuses connections to anything but this
  machine. Its folder goes on PYTHONPATH, so every Python process the tests start loads it,
  including the Jupyter kernels that nbval starts; importing it here guards the test process
  itself. A tool that must reach a package index (tools/binder_check.py runs pip) removes the
  folder from PYTHONPATH for its own subprocesses;
* tools/ is on sys.path, so that a test imports a tool (`import binder_check`) as a module;
* the exercise checks record a learner's progress (nncourse/exercises/progress.py) into a
  temporary folder, NNCOURSE_PROGRESS_DIR, made here and removed at the end: every process the
  run starts (xdist's workers, nbval's kernels) inherits it, so no run leaves a progress.jsonl
  in the repository;
* the work is shared between pytest-xdist's workers as the hooks at the end say (a notebook's
  cells stay on one worker, in order: that needs `--dist loadgroup`, which `make test` passes;
  `pytest -n 3` with xdist's default `--dist load` is refused, since it would split them).

Fixtures for the tests themselves are in tests/conftest.py.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import matplotlib
import pytest

ROOT = Path(__file__).resolve().parent
OFFLINE = ROOT / "tests" / "offline"
TOOLS = ROOT / "tools"
ARTIFACTS = ROOT / "tests" / "artifacts"


PROGRESS_VARIABLE = "NNCOURSE_PROGRESS_DIR"
progress_folder_made: list[str] = []     # the temporary folder, in the process that made it


def pytest_configure(config):
    refuse_splitting_modes(config)
    if not hasattr(config, "workerinput"):  # xdist's workers inherit the main process's folder
        progress_folder_made.append(tempfile.mkdtemp(prefix="nncourse-progress-"))
        os.environ[PROGRESS_VARIABLE] = progress_folder_made[-1]
    # the mark the scheduling hook below adds; registered here too for runs without xdist (-p no:xdist)
    config.addinivalue_line("markers", "xdist_group(name): tests pytest-xdist keeps on one worker, in order")
    config.addinivalue_line("markers", "hub: starts the trial JupyterHub with two students (tests/test_hub.py)")
    matplotlib.use("Agg")   # tests draw without a screen (not via MPLBACKEND: nbval's kernels would inherit it)
    sys.path.insert(0, str(TOOLS))          # tools/ is not a package: its files import as modules
    if not OFFLINE.is_dir():                # a student copy (tools/make_student_copy.py) has no tests/:
        return                              # there `make test` runs the notebooks through nbval only
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))
    sys.path.insert(0, str(OFFLINE))
    import sitecustomize  # noqa: F401  (guards this process)


# --- Sharing the work between pytest-xdist's workers -----------------------------------------
# `make test` runs `pytest -n 3 --dist loadgroup --no-loadscope-reorder`: xdist keeps the tests that
# carry the same `xdist_group` mark on one worker, in the order they were collected, and hands the
# groups out in that order. The hook below marks each test with its group: a notebook's cells are
# one group (they share one kernel and run top to bottom), every other test module is one, and the
# browser tests that use JupyterLab are one together, since they share one server and one Chromium,
# which each worker would otherwise start again (the slides, OWN_GROUP, need only Chromium).
# tests/test_widgets.py, many independent tests of about a second each, gets no mark: xdist sends
# its tests one at a time to whichever worker is free. The slowest groups are handed out first and
# the smallest last, so that the workers finish together.

SLOWEST_FIRST = ("tests/browser/", "tests/test_colab.py", "tests/test_other_processor.py", "tests/test_binder.py",
                 "tests/test_hub.py")
OWN_GROUP = ("tests/browser/test_slides_browser.py",)
ONE_BY_ONE = ("tests/test_widgets.py",)


def group_of(nodeid: str) -> str | None:
    """The xdist group of a test: tests/browser/ as one (but for OWN_GROUP), None (no group) for a
    test of ONE_BY_ONE, else its module (or notebook)."""
    module = nodeid.split("::", 1)[0]
    if module.startswith("tests/browser/") and module not in OWN_GROUP:
        return "tests/browser/"
    return None if module in ONE_BY_ONE else module


def refuse_splitting_modes(config):
    """Refuse the xdist modes that would split a notebook's cells between kernels."""
    dist = config.getoption("dist", "no")
    if dist in ("load", "worksteal"):
        raise pytest.UsageError(f"--dist {dist} would split a notebook's cells between workers: run "
                                f"pytest -n N --dist loadgroup --no-loadscope-reorder (as make test does)")


def pytest_sessionstart(session):
    """Empty tests/artifacts/browser/ once, in the main process (not in each xdist worker)."""
    if not hasattr(session.config, "workerinput"):
        shutil.rmtree(ARTIFACTS / "browser", ignore_errors=True)


def pytest_unconfigure(config):
    for folder in progress_folder_made:
        shutil.rmtree(folder, ignore_errors=True)


def slow_rank(group: str) -> int:
    return SLOWEST_FIRST.index(group) if group in SLOWEST_FIRST else len(SLOWEST_FIRST)


@pytest.hookimpl(tryfirst=True)     # before xdist's own hook, which reads the marks
def pytest_collection_modifyitems(session, config, items):
    """Mark each test with its xdist group, and order the groups: the slowest first, then the larger
    before the smaller; the order inside a group stays as collected (a notebook's cells run top to
    bottom). Tests without a group come last, in collected order."""
    groups: dict[str | None, list] = {}
    for item in items:
        group = group_of(item.nodeid)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(name=group))
        groups.setdefault(group, []).append(item)
    order = sorted(groups, key=lambda group: (group is None, slow_rank(group), -len(groups[group])))
    items[:] = [item for group in order for item in groups[group]]
