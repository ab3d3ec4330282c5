"""The backprop stepper in a real JupyterLab: it renders, and Next changes the highlighted formula.

The test writes a one-cell notebook that shows ``backprop_stepper()`` into the folder the test
server serves (a temporary copy, never notebooks/ itself), runs it, and checks that

* the stepper's picture and formula appear, the formula being step 1 of the worked example;
* a click on Next shows step 2's formula, a new picture and "2" on the step slider;
* the keyboard works: Enter on the focused Next button moves on to step 3; Tab from there
  reaches the step slider, and ArrowRight on it moves on to step 4.

The expected formulas come from ``backprop_steps`` run in this test process (the kernel and the
test compute them independently; tests/test_stepper.py checks those numbers against figure 4
and against Network.backward). Screenshots are kept in tests/artifacts/browser/<test>/.
"""

from __future__ import annotations

import time

import pytest

NOTEBOOK = "stepper-browser-check.ipynb"
SOURCE = "from nncourse.stepper import backprop_stepper\nbackprop_stepper()"
REDRAW_TIMEOUT = 20          # seconds; one redraw takes ~30 ms in the kernel


def write_notebook(folder) -> None:
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SOURCE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, str(folder / NOTEBOOK))


@pytest.mark.browser
def test_stepper_renders_and_next_changes_the_formula(lab, artifacts) -> None:
    from playwright.sync_api import expect

    from nncourse.stepper import backprop_steps, start_weights

    steps = backprop_steps(start_weights())
    write_notebook(lab.server.root / "notebooks")
    lab.open(NOTEBOOK)
    lab.run_through(0)                  # the notebook's only cell
    assert lab.prompts() == ["[1]:"], f"the stepper's cell did not run: {lab.prompts()}"
    cell = lab.code_cells().nth(0)
    formula = cell.locator(".nnlib-stepper-formula")
    expect(formula).to_be_visible(timeout=30_000)
    picture = cell.locator(".jupyter-widgets img")
    expect(picture).to_have_count(1)
    readout = cell.locator(".widget-slider .widget-readout")

    def shot(name: str) -> None:
        cell.locator(".jp-Cell-outputArea").screenshot(path=str(artifacts / name))

    def wait_for_new_picture(before: str, what: str) -> None:
        deadline = time.monotonic() + REDRAW_TIMEOUT
        while picture.get_attribute("src") == before:
            if time.monotonic() > deadline:
                pytest.fail(f"{what}: the picture was not redrawn within {REDRAW_TIMEOUT} s "
                            f"(screenshots in {artifacts})")
            time.sleep(0.1)

    shot("1-start.png")
    expect(formula).to_contain_text("Step 1 of 28")
    expect(formula).to_contain_text(steps[0].formula)
    expect(readout).to_have_text("1")

    # A click on Next: step 2, its formula, a new picture.
    src = picture.get_attribute("src")
    cell.get_by_role("button", name="Next").click()
    try:
        expect(formula).to_contain_text("Step 2 of 28", timeout=REDRAW_TIMEOUT * 1000)
        expect(formula).to_contain_text(steps[1].formula)
        expect(formula).not_to_contain_text(steps[0].formula)
        expect(readout).to_have_text("2")
        wait_for_new_picture(src, "after a click on Next")
    finally:
        shot("2-after-next.png")

    # The keyboard: focus Next and press Enter.
    src = picture.get_attribute("src")
    button = cell.get_by_role("button", name="Next")
    button.focus()
    button.press("Enter")
    try:
        expect(formula).to_contain_text("Step 3 of 28", timeout=REDRAW_TIMEOUT * 1000)
        expect(formula).to_contain_text(steps[2].formula)
        wait_for_new_picture(src, "after Enter on Next")
    finally:
        shot("3-after-enter.png")

    # Tab from Next reaches the step slider, whose arrow keys move it: step 4.
    src = picture.get_attribute("src")
    button.press("Tab")
    handle = cell.locator(".widget-slider .noUi-handle")
    expect(handle).to_be_focused()
    handle.press("ArrowRight")
    try:
        expect(formula).to_contain_text("Step 4 of 28", timeout=REDRAW_TIMEOUT * 1000)
        expect(formula).to_contain_text(steps[3].formula)
        expect(readout).to_have_text("4")
        wait_for_new_picture(src, "after ArrowRight on the step slider")
    finally:
        shot("4-after-arrow.png")

    assert lab.stderr_outputs() == [[]], f"the stepper's cell wrote errors: {lab.stderr_outputs()}"
    assert not lab.uncaught_exceptions(), f"JavaScript errors: {lab.uncaught_exceptions()}"
