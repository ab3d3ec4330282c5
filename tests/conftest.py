"""Fixtures for the tests: widgets closed after each test, and the Binder and Colab check runs.

The session-wide set-up (offline, tools/ on sys.path, how pytest-xdist shares the work) is in
the conftest.py at the top of the repository, which every run loads.
"""

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import ipywidgets
import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools"


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
