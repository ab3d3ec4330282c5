"""Every widget of the series renders in JupyterLab, in a real browser.

nbval already runs every cell of every notebook (solutions included) and compares the outputs, so
the browser checks only what a kernel cannot see: that the sliders come alive in the page. Each
series notebook (every one has a widget; tests/test_notebooks.py sees to that) is opened, its
outputs cleared and its cells run from the top down to its last widget cell, as a learner would;
then the cells must have run in order without an error and every widget must show its controls,
a decoded plot and its summary (``Lab.run_and_check_widgets`` in conftest.py says exactly what).

06 is not opened here: tests/browser/test_06_explorers.py runs the same check on it, then moves
the explorer's sliders in that same page (06 is the slowest notebook; this opens it once).
A screenshot of each widget is kept in tests/artifacts/browser/<test>/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CHECKED_WITH_ITS_SLIDERS = "06-training-xor.ipynb"       # see test_06_explorers.py
SERIES = [p.name for p in sorted(NOTEBOOKS.glob("*.ipynb")) if re.match(r"\d\d[a-z]?-", p.name)]   # 00-…, 04b-…


@pytest.mark.browser
@pytest.mark.parametrize("notebook", [name for name in SERIES if name != CHECKED_WITH_ITS_SLIDERS])
def test_every_widget_renders(lab, notebook: str) -> None:
    start = time.monotonic()
    widget_cells = lab.run_and_check_widgets(notebook)
    t = lab.timings
    print(f"{notebook}: page {t['page']:.1f} s, kernel idle at {t['open']:.1f} s, cells 1-{widget_cells[-1] + 1} "
          f"{t['run through']:.1f} s, test {time.monotonic() - start:.1f} s; {len(widget_cells)} widget(s)")
