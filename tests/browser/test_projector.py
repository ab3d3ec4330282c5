"""Projector mode (issue 14) in a real browser, on a 1280 × 720 screen."""

from __future__ import annotations

import json
import time

import pytest


@pytest.mark.browser
def test_projector_mode_text_is_24_pixels_on_a_1280_by_720_screen(lab, artifacts) -> None:
    """Projector mode (issue 14): on a 1280 × 720 screen the explorer's picture is not shrunk (so its
    smallest text keeps at least the 24 pixels nnlib drew it with, see tests/test_plots.py) and the
    widgets' own text (slider labels, readouts, menus, buttons, summary) is at least 24 pixels."""
    notebook = {"cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "from nncourse import plots, explorers\nplots.projector_style()"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "explorers.xor_explorer()"}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5}
    (lab.server.root / "notebooks" / "projector-check.ipynb").write_text(json.dumps(notebook))
    lab.page.set_viewport_size({"width": 1280, "height": 720})
    lab.run_and_check_widgets("projector-check.ipynb")
    lab.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").first.click()   # sidebar closed
    lab.page.locator("#jp-left-stack").wait_for(state="hidden")
    time.sleep(0.5)                                                           # the notebook widens
    explorer = lab.code_cells().nth(1).locator(".nnlib-explorer")
    picture = explorer.locator("img").first
    lab.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    natural, shown = picture.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
    assert shown >= natural - 1, (
        f"the picture ({natural} pixels wide) is shown {shown:.0f} pixels wide: shrunk, and its text with it")
    sizes = explorer.evaluate(
        """box => Array.from(box.querySelectorAll('.widget-label, .widget-readout, select, button, input,'
                  + ' .nnlib-summary .widget-html-content'))
              .filter(e => e.offsetParent !== null && e.innerText !== undefined)
              .map(e => [e.className || e.tagName, parseFloat(getComputedStyle(e).fontSize)])""")
    assert len(sizes) >= 12
    small = [s for s in sizes if s[1] < 24]
    print("widget text sizes (px):", sorted({s[1] for s in sizes}), f"picture {natural} px wide, shown {shown:.0f}")
    explorer.screenshot(path=str(artifacts / "projector-explorer.png"))
    assert not small, f"widget text under 24 pixels in projector mode: {small}"
