"""The XOR explorer in notebooks/06-training-xor.ipynb, driven in a real browser.

The issue: "in the explorer, moving the seed slider and the learning-rate slider each redraws
the plot". We open 06 itself (not a stand-in notebook: a broken 06 must fail this test), run its
cells from the top down to its last widget (Run All Above Selected Cell, then that cell; nbval
runs the rest of the notebook) and check that every widget of 06 renders, as
test_widgets_render.py does for the other notebooks. Then we step each slider of the explorer with
the keyboard (focus its handle, press ArrowRight) and check that

* the picture was redrawn: the explorer's <img> got a new `src`;
* the summary the browser prints (final loss, predictions) is exactly what nnlib gives for
  the new setting.

Last, a preset chosen in the menu sets the controls (the seed slider follows) and redraws. The expected text comes from a twin explorer built in this test process by
  the same call as in 06's cell, its controls set to the same values without a browser.

Before any move, the browser's summary must already equal the twin's: the explorer shows what
nnlib computes for its defaults (a default off the log slider's grid would fail here).

Screenshots before and after each move are kept in tests/artifacts/browser/<test>/.
"""

from __future__ import annotations

import ast
import html
import re
import time

import pytest

NOTEBOOK = "06-training-xor.ipynb"
CALL = "xor_explorer"
REDRAW_TIMEOUT = 30          # seconds for one retrain + redraw in the kernel (~1 s here)


def source(cell: dict) -> str:
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def find_explorer_cell(notebook: dict) -> tuple[int, dict]:
    """(index among code cells, keyword arguments) of the first cell calling xor_explorer(...).

    The arguments must be literals, so the twin explorer can be built with the same ones."""
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    for index, cell in enumerate(code):
        if f"{CALL}(" not in source(cell):
            continue
        lines = [line for line in source(cell).splitlines() if not line.lstrip().startswith(("%", "!"))]
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == CALL:
                assert not node.args, f"{NOTEBOOK}: call {CALL}() with keyword arguments only"
                try:
                    return index, {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords}
                except ValueError:
                    pytest.fail(f"{NOTEBOOK}: the arguments of {CALL}() must be literals so the test "
                                f"can build the same explorer: {ast.unparse(node)}")
    pytest.fail(f"no code cell of {NOTEBOOK} calls {CALL}()")


def as_text(summary_html: str) -> str:
    """The text a browser shows for the summary's HTML, whitespace collapsed."""
    text = re.sub(r"<br\s*/?>", "\n", summary_html)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.split())


def final_loss(text: str) -> str:
    match = re.search(r"final loss: (\S+)", text)
    assert match, f"no 'final loss: …' in the summary {text!r}"
    return match.group(1)


@pytest.mark.browser
def test_seed_and_learning_rate_sliders_redraw(lab, artifacts) -> None:
    from playwright.sync_api import expect

    from nnlib import widgets

    notebook = lab.read_notebook(NOTEBOOK)
    index, arguments = find_explorer_cell(notebook)
    twin = widgets.xor_explorer(**arguments)        # the same explorer, without a browser

    # 06 from the top down to its last widget (the many-seeds explorer, after this one): the
    # cells ran in order without an error and every widget of 06 renders (see conftest.py).
    assert index in lab.run_and_check_widgets(NOTEBOOK)
    cell = lab.code_cells().nth(index)
    summary = cell.locator(".nnlib-summary")
    expect(summary).to_be_visible(timeout=30_000)
    picture = cell.locator(".jupyter-widgets img")
    expect(picture).to_have_count(1)
    picture.scroll_into_view_if_needed()

    def shot(name: str) -> None:
        cell.locator(".jp-Cell-outputArea").screenshot(path=str(artifacts / name))

    def shown() -> str:
        return " ".join(summary.inner_text().split())

    def slider(name: str):
        label = twin.controls[name].description
        found = cell.locator(".widget-slider").filter(
            has=lab.page.locator(".widget-label", has_text=re.compile(f"^{re.escape(label)}$")))
        expect(found).to_have_count(1)
        return found

    def step_right(name: str) -> None:
        handle = slider(name).locator(".noUi-handle")
        handle.focus()
        handle.press("ArrowRight")

    def wait_for_redraw(before_src: str, expected: str, what: str) -> None:
        deadline = time.monotonic() + REDRAW_TIMEOUT
        while not (picture.get_attribute("src") != before_src and shown() == expected):
            if time.monotonic() > deadline:
                pytest.fail(f"after moving {what}, within {REDRAW_TIMEOUT} s: picture redrawn: "
                            f"{picture.get_attribute('src') != before_src}; summary shown:\n  {shown()}\n"
                            f"expected (nnlib, same settings):\n  {expected}\n"
                            f"(screenshots in {artifacts})")
            time.sleep(0.2)

    shot("1-start.png")
    start_text = as_text(twin.summary.value)
    assert shown() == start_text, (
        f"the explorer in the browser does not start where nnlib does:\n  shown    {shown()}\n"
        f"  expected {start_text}")

    # --- the seed slider: one step right
    seed = twin.controls["seed"]
    src, loss = picture.get_attribute("src"), final_loss(shown())
    step_right("seed")
    expect(slider("seed").locator(".widget-readout")).to_have_text(str(seed.value + seed.step))
    seed.value += seed.step
    expected = as_text(twin.summary.value)
    try:
        wait_for_redraw(src, expected, f"the seed slider to {seed.value}")
    finally:
        shot("2-after-seed.png")
    assert final_loss(shown()) != loss, "a new seed printed the same final loss"

    # --- the learning-rate slider: one step right on its log grid
    rate = twin.controls["learning_rate"]
    handle = slider("learning_rate").locator(".noUi-handle")
    src, loss = picture.get_attribute("src"), final_loss(shown())
    position = handle.get_attribute("aria-valuenow")       # the handle's exponent: log2(rate)
    step_right("learning_rate")
    expect(handle).not_to_have_attribute("aria-valuenow", position)
    power = float(handle.get_attribute("aria-valuenow"))
    assert power == pytest.approx(float(position) + rate.step), "one ArrowRight is one grid step"
    rate.value = rate.base ** power                         # what the browser sends the kernel
    expected = as_text(twin.summary.value)
    try:
        wait_for_redraw(src, expected, f"the learning-rate slider to {rate.value:.6g} ({rate.base:g}^{power:g})")
    finally:
        shot("3-after-learning-rate.png")
    assert final_loss(shown()) != loss, "a new learning rate printed the same final loss"

    # --- a preset: choosing "gets stuck" in the menu sets every control and retrains once
    menu = cell.locator(".widget-dropdown").filter(
        has=lab.page.locator(".widget-label", has_text=re.compile("^preset$"))).locator("select")
    expect(menu).to_have_count(1)
    src = picture.get_attribute("src")
    menu.select_option("gets stuck")
    twin.controls["preset"].value = "gets stuck"
    expected = as_text(twin.summary.value)
    try:
        wait_for_redraw(src, expected, "the preset menu to 'gets stuck'")
    finally:
        shot("4-after-preset.png")
    expect(slider("seed").locator(".widget-readout")).to_have_text(str(twin.controls["seed"].value))
    assert not lab.uncaught_exceptions(), f"JavaScript errors: {lab.uncaught_exceptions()}"
    print(f"explorer in {NOTEBOOK}: start {start_text!r}; screenshots in {artifacts}")
