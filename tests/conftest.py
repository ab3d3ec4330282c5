"""Test-wide set-up: the whole suite runs offline.

tests/offline/sitecustomize.py refuses connections to anything but this
machine. Putting its folder on PYTHONPATH makes every Python process that the
tests start load it, including the Jupyter kernels that nbval starts to run
the notebooks; importing it here guards the test process itself. A tool that
must reach a package index (tools/binder_check.py runs pip) removes the
folder from PYTHONPATH for its own subprocesses.
"""

import os
import sys
from pathlib import Path

import matplotlib

OFFLINE = Path(__file__).resolve().parent / "offline"


def pytest_configure(config):
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))
    matplotlib.use("Agg")   # tests draw without a screen (not via MPLBACKEND: nbval's kernels would inherit it)
    sys.path.insert(0, str(OFFLINE))
    import sitecustomize  # noqa: F401  (guards this process)
