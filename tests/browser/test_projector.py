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


PROJECTOR_SCREEN = {"width": 1280, "height": 720}


def projector_notebook(lab, name: str, source: str) -> None:
    """A two-cell notebook in the test server's folder: projector style on, then ``source``."""
    notebook = {"cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "from nncourse import plots, explorers\nplots.projector_style()"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5}
    (lab.server.root / "notebooks" / name).write_text(json.dumps(notebook))


@pytest.mark.browser
def test_the_stepper_fits_a_projector_screen_with_every_control_readable(lab, artifacts) -> None:
    """Issue 22: in projector style at 1280 × 720 the stepper (controls, picture and formula) is at
    most 720 pixels tall at its tallest step, and no control's text is cut ("B…" for Back)."""
    projector_notebook(lab, "projector-stepper.ipynb",
                       "from nncourse.stepper import backprop_stepper\nbackprop_stepper()")
    lab.page.set_viewport_size(PROJECTOR_SCREEN)
    lab.open("projector-stepper.ipynb")
    lab.run_through(1)
    lab.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").first.click()   # sidebar closed
    lab.page.locator("#jp-left-stack").wait_for(state="hidden")
    time.sleep(0.5)
    stepper = lab.code_cells().nth(1).locator(".nnlib-explorer")
    stepper.locator(".nnlib-stepper-formula").wait_for(state="visible", timeout=30_000)
    picture = stepper.locator("img").first
    lab.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    # The step with the longest formula of the worked example is the tallest: go there with Next.
    from nncourse.stepper import backprop_steps, start_weights
    formulas = [step.formula for step in backprop_steps(start_weights())]
    longest = max(range(len(formulas)), key=lambda k: (formulas[k].count("\n"), len(formulas[k])))
    readout = stepper.locator(".widget-slider .widget-readout")
    for k in range(2, longest + 2):
        stepper.locator("button", has_text="Next").click()
        lab.page.wait_for_function("([e, k]) => e.innerText.trim() === String(k)", arg=[readout.element_handle(), k])
    time.sleep(0.5)
    height = stepper.evaluate("box => box.getBoundingClientRect().height")
    cut = stepper.evaluate(
        """box => Array.from(box.querySelectorAll('.widget-label, button, select, .widget-readout'))
              .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
              .map(e => e.innerText || e.value)""")
    stepper.screenshot(path=str(artifacts / "projector-stepper.png"))
    print(f"stepper at step {longest + 1}: {height:.0f} px tall; cut: {cut}")
    assert not cut, f"controls whose text is cut: {cut}"
    assert height <= PROJECTOR_SCREEN["height"], f"the stepper is {height:.0f} pixels tall, the screen 720"


@pytest.mark.browser
def test_the_xor_explorer_fits_a_projector_screen_with_its_picture(lab, artifacts) -> None:
    """Issue 22: in projector style at 1280 × 720 the XOR explorer (controls in a column, the picture
    beside them, the numbers under the controls) is at most 720 pixels tall, with a preset chosen
    too (its note folded); no control's text is cut; each of the picture's three views is shown
    whole, unshrunk. (It measured 1,864 pixels in one column before.)"""
    projector_notebook(lab, "projector-xor.ipynb", "explorers.xor_explorer()")
    lab.page.set_viewport_size(PROJECTOR_SCREEN)
    lab.run_and_check_widgets("projector-xor.ipynb")
    lab.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").first.click()   # sidebar closed
    lab.page.locator("#jp-left-stack").wait_for(state="hidden")
    time.sleep(0.5)
    explorer = lab.code_cells().nth(1).locator(".nnlib-explorer")
    picture = explorer.locator("img").first

    def measure(name: str) -> tuple[float, list[str]]:
        lab.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
        time.sleep(0.3)
        height = explorer.evaluate("box => box.getBoundingClientRect().height")
        cut = explorer.evaluate(
            """box => Array.from(box.querySelectorAll('.widget-label, button, select, .widget-readout'))
                  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
                  .map(e => e.innerText || e.value)""")
        natural, shown = picture.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
        explorer.screenshot(path=str(artifacts / f"projector-xor-{name}.png"))
        print(f"{name}: {height:.0f} px tall, picture {natural} px shown {shown:.0f}; cut: {cut}")
        assert shown >= natural - 1, f"{name}: the picture is shrunk ({natural} → {shown:.0f} px wide)"
        return height, cut

    for view in ("training", "network", "hidden units"):
        before = picture.get_attribute("src")
        if view != "training":
            explorer.locator("button", has_text=view).click()
            lab.page.wait_for_function("([img, src]) => img.src !== src", arg=[picture.element_handle(), before])
        height, cut = measure(view.split()[0])
        assert not cut, f"controls whose text is cut: {cut}"
        assert height <= PROJECTOR_SCREEN["height"], f"the explorer is {height:.0f} pixels tall in view {view!r}"
    explorer.locator("select").first.select_option("gets stuck")     # a preset adds its (folded) note
    lab.page.wait_for_function("box => box.innerText.includes(\"about the preset 'gets stuck'\")",
                               arg=explorer.element_handle(), timeout=60_000)
    height, _ = measure("preset")
    assert height <= PROJECTOR_SCREEN["height"], f"with a preset's note the explorer is {height:.0f} pixels tall"
