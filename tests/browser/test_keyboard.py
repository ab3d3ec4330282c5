"""The XOR explorer of notebooks/06-training-xor.ipynb, used with the keyboard only.

Issue 13: "Tab reaches every control of the XOR explorer and the arrow keys move the seed
slider, and the picture is redrawn." Also checked here: the explorer's picture has a text
alternative that follows the state (nnlib gives the image widget a description; ipywidgets
writes it as the <img>'s title, which is the accessible name of an image without alt).

After 06 has run down to its last explorer, focus goes to the explorer's first control (the
presets menu); from there only Tab and the arrow keys are pressed.
"""

from __future__ import annotations

import time

import pytest

NOTEBOOK = "06-training-xor.ipynb"
FOCUSABLE = "select, input, button, .noUi-handle, [tabindex='0']"


@pytest.mark.browser
def test_tab_reaches_every_control_and_arrows_move_the_seed(lab, artifacts) -> None:
    from playwright.sync_api import expect

    widget_cells = lab.run_and_check_widgets(NOTEBOOK)
    cell = lab.code_cells().nth(widget_cells[0])                    # the XOR explorer comes first
    explorer = cell.locator(".nnlib-explorer")
    expect(explorer).to_have_count(1)
    picture = explorer.locator("img").first
    title = picture.get_attribute("title") or ""
    assert title.startswith("XOR explorer:") and "seed 0" in title, (
        f"the explorer's picture has no description of what it shows: title {title!r}")
    name = picture.evaluate("img => img.getAttribute('alt') || img.getAttribute('aria-label') || img.title")
    assert name == title

    # every control, as the page has it: mark each with its index
    controls = explorer.locator(FOCUSABLE)
    count = controls.count()
    assert count >= 12, f"only {count} focusable controls in the explorer"
    controls.evaluate_all("(elements) => elements.forEach((e, i) => e.dataset.nnlibControl = String(i))")
    descriptions = controls.evaluate_all(
        "(elements) => elements.map(e => (e.closest('.widget-inline-hbox, .widget-button, .widget-play, "
        ".widget-checkbox') || e).innerText.trim().slice(0, 30) || e.tagName)")

    controls.first.focus()
    reached, seed_handle = set(), None
    for _ in range(3 * count):
        index = lab.page.evaluate("() => document.activeElement && document.activeElement.dataset.nnlibControl")
        if index is not None:
            reached.add(int(index))
            is_seed = lab.page.evaluate(
                "() => { const box = document.activeElement.closest('.widget-slider');"
                " return Boolean(box) && box.querySelector('.widget-label').innerText.trim() === 'seed'; }")
            if is_seed and seed_handle is None:
                seed_handle = int(index)
        if len(reached) == count:
            break
        lab.page.keyboard.press("Tab")
    missed = [descriptions[i] for i in range(count) if i not in reached]
    assert not missed, f"Tab never reached these controls of the explorer: {missed}"
    assert seed_handle is not None, "Tab never reached the seed slider's handle"

    # back to the seed slider with Tab alone, then one ArrowRight
    controls.first.focus()
    for _ in range(3 * count):
        if lab.page.evaluate("() => document.activeElement.dataset.nnlibControl") == str(seed_handle):
            break
        lab.page.keyboard.press("Tab")
    source = picture.get_attribute("src")
    lab.page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 30
    while not (picture.get_attribute("src") != source and "seed 1," in (picture.get_attribute("title") or "")):
        assert time.monotonic() < deadline, (
            f"ArrowRight on the seed slider did not redraw the picture within 30 s "
            f"(title now {picture.get_attribute('title')!r}; screenshots in {artifacts})")
        time.sleep(0.2)
    cell.locator(".jp-Cell-outputArea").screenshot(path=str(artifacts / "after-arrow-right.png"))
    seed_box = explorer.locator("input[type='number']").first
    expect(seed_box).to_have_value("1")
    assert not lab.uncaught_exceptions(), f"JavaScript errors: {lab.uncaught_exceptions()}"


@pytest.mark.browser
def test_projector_mode_text_is_24_pixels_on_a_1280_by_720_screen(lab, artifacts) -> None:
    """Projector mode (issue 14): on a 1280 × 720 screen the explorer's picture is not shrunk (so its
    smallest text keeps at least the 24 pixels nnlib drew it with, see tests/test_plots.py) and the
    widgets' own text (slider labels, readouts, menus, buttons, summary) is at least 24 pixels."""
    import json

    notebook = {"cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "from nnlib import plots, widgets\nplots.projector_style()"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "widgets.xor_explorer()"}],
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
