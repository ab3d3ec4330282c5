"""Notebook 06's explorers in a real browser: sliders, presets, the keyboard, save and reopen.

06 is opened once for the whole module (it is the slowest notebook; the lab06 fixture below),
run from the top down to its last widget (Run All Above Selected Cell, then that cell; nbval runs
the rest) and checked as test_widgets_render.py checks the other notebooks: the cells ran in order
without an error and every widget renders. The tests then use that one page in order; each says
what it starts from, and a failure may leave the page for the next one in an odd state.

1. Sliders and a preset: step each slider of the XOR explorer with the keyboard (focus its handle,
   press ArrowRight), then choose a preset in the menu; each time the picture must be redrawn (its
   <img> gets a new `src`) and the summary the browser prints (final loss, predictions) must be
   exactly what nnlib gives for the new setting: a twin explorer, built in this test process by
   the same call as in 06's cell, its controls set to the same values without a browser. Before
   any move the browser's summary must already equal the twin's.
2. Keyboard only: Tab reaches every control; ArrowRight on the seed slider redraws the picture.
3. Save and reopen: a saved cell output only points at a widget model, which lives in the kernel.
   The course saves notebooks without widget views (nncourse/saving.py, run by the Jupyter server
   as its pre-save hook, jupyter-config/) and leaves ipywidgets' `saveState` off. The test saves,
   shuts the kernel down and opens 06 in a new page: each explorer must show its stored picture and
   the line saying to run the cell, with no red "disconnected" icon, no control, no widget error,
   and the notebook must not be marked unsaved. It then runs the setup cell and the XOR explorer's
   cell, steps the seed slider and wants a new picture. The reopened page is kept as
   reopened-before-running.png.

Screenshots are kept in tests/artifacts/browser/06-in-one-page/.
"""

from __future__ import annotations

import ast
import html
import json
import re
import time

import pytest

from .conftest import Lab, close_page, open_page

NOTEBOOK = "06-training-xor.ipynb"
FOCUSABLE = "select, input, button, .noUi-handle, [tabindex='0']"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
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


@pytest.fixture(scope="module")
def lab06(browser_context, lab_server, artifacts_root, request):
    """One page with 06 run down to its last widget, for the tests of this module in order; the
    indices of its widget cells are in lab06.widget_cells."""
    if browser_context is None:
        yield None
        return
    folder = artifacts_root / "06-in-one-page"
    folder.mkdir(parents=True, exist_ok=True)
    console: list[str] = []
    lab = Lab(page=open_page(browser_context, console), server=lab_server, artifacts=folder, console=console)
    failed_before = request.session.testsfailed
    try:
        lab.widget_cells = lab.run_and_check_widgets(NOTEBOOK)
        yield lab
    finally:
        close_page(lab.page, folder, console, failed=request.session.testsfailed > failed_before)
        lab_server.shutdown_kernels()


@pytest.mark.browser
def test_seed_and_learning_rate_sliders_and_a_preset_redraw(lab06) -> None:
    from playwright.sync_api import expect

    from nncourse import explorers

    if lab06 is None:
        return                                   # no Chromium: the browser hook has failed the test already
    lab, artifacts = lab06, lab06.artifacts
    notebook = lab.read_notebook(NOTEBOOK)
    index, arguments = find_explorer_cell(notebook)
    twin = explorers.xor_explorer(**arguments)        # the same explorer, without a browser
    assert index in lab.widget_cells
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

    def wait_for_redraw(before_src: str, expected: str, what: str, screenshot: str) -> None:
        """Wait for the new picture and summary; keep a screenshot of the cell either way."""
        deadline = time.monotonic() + REDRAW_TIMEOUT
        try:
            while not (picture.get_attribute("src") != before_src and shown() == expected):
                if time.monotonic() > deadline:
                    pytest.fail(f"after moving {what}, within {REDRAW_TIMEOUT} s: picture redrawn: "
                                f"{picture.get_attribute('src') != before_src}; summary shown:\n  {shown()}\n"
                                f"expected (nnlib, same settings):\n  {expected}\n"
                                f"(screenshots in {artifacts})")
                time.sleep(0.2)
        finally:
            shot(screenshot)

    shot("sliders-1-start.png")
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
    wait_for_redraw(src, expected, f"the seed slider to {seed.value}", "sliders-2-after-seed.png")
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
    wait_for_redraw(src, expected, f"the learning-rate slider to {rate.value:.6g} ({rate.base:g}^{power:g})", "sliders-3-after-learning-rate.png")
    assert final_loss(shown()) != loss, "a new learning rate printed the same final loss"

    # --- a preset: choosing "gets stuck" in the menu sets every control and retrains once
    menu = cell.locator(".widget-dropdown").filter(
        has=lab.page.locator(".widget-label", has_text=re.compile("^preset$"))).locator("select")
    expect(menu).to_have_count(1)
    src = picture.get_attribute("src")
    menu.select_option("gets stuck")
    twin.controls["preset"].value = "gets stuck"
    expected = as_text(twin.summary.value)
    wait_for_redraw(src, expected, "the preset menu to 'gets stuck'", "sliders-4-after-preset.png")
    expect(slider("seed").locator(".widget-readout")).to_have_text(str(twin.controls["seed"].value))
    assert not lab.uncaught_exceptions(), f"JavaScript errors: {lab.uncaught_exceptions()}"
    print(f"explorer in {NOTEBOOK}: start {start_text!r}; screenshots in {artifacts}")


@pytest.mark.browser
def test_tab_reaches_every_control_and_arrows_move_the_seed(lab06) -> None:
    """Tab reaches every control of the XOR explorer and the arrow keys move the seed slider, and
    the picture is redrawn; its text alternative follows the state (nnlib gives the image widget a
    description, which ipywidgets writes as the <img>'s title, the accessible name of an image
    without alt). Focus goes to the first control (the presets menu); from there only Tab and the
    arrow keys are pressed."""
    from playwright.sync_api import expect

    if lab06 is None:
        return
    lab, artifacts = lab06, lab06.artifacts
    cell = lab.code_cells().nth(lab.widget_cells[0])                # the XOR explorer comes first
    explorer = cell.locator(".nnlib-explorer")
    expect(explorer).to_have_count(1)
    seed_box = explorer.locator("input[type='number']").first
    seed = int(seed_box.input_value())                              # where the test before left it
    picture = explorer.locator("img").first
    title = picture.get_attribute("title") or ""
    assert title.startswith("XOR explorer:") and f"seed {seed}," in title, (
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
    while not (picture.get_attribute("src") != source and f"seed {seed + 1}," in (picture.get_attribute("title") or "")):
        assert time.monotonic() < deadline, (
            f"ArrowRight on the seed slider did not redraw the picture within 30 s "
            f"(title now {picture.get_attribute('title')!r}; screenshots in {artifacts})")
        time.sleep(0.2)
    cell.locator(".jp-Cell-outputArea").screenshot(path=str(artifacts / "keyboard-after-arrow-right.png"))
    expect(seed_box).to_have_value(str(seed + 1))
    assert not lab.uncaught_exceptions(), f"JavaScript errors: {lab.uncaught_exceptions()}"


RERUN_WORDS = "run this cell to bring the controls back"     # the line under a saved explorer's picture
SETUP_CELL = 0                                               # 06's first code cell: the imports


def save_and_wait(lab: Lab, relpath: str) -> dict:
    """Ctrl+S in the notebook; wait until the file on the server has changed; return it."""
    path = lab.server.root / "notebooks" / relpath
    before = path.stat().st_mtime_ns
    lab.code_cells().nth(0).locator(".jp-InputArea-prompt").click()
    lab.page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while path.stat().st_mtime_ns == before:
        assert time.monotonic() < deadline, f"{relpath} was not saved within 30 s"
        time.sleep(0.2)
    for _ in range(50):                       # caught between JupyterLab's truncate and write: try again
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            time.sleep(0.1)
    pytest.fail(f"{relpath} is not valid JSON after saving")


def reopened_problems(lab: Lab, explorer_cells: list[int]) -> list[str]:
    """What is wrong with a reopened notebook's explorer cells (an empty list: nothing)."""
    page, problems = lab.page, []
    for index in explorer_cells:
        cell = lab.code_cells().nth(index)
        pictures = cell.locator('.jp-OutputArea-output[data-mime-type="image/png"] img')
        if pictures.count() != 1 or not pictures.first.evaluate("img => img.complete && img.naturalWidth > 0"):
            problems.append(f"code cell {index + 1}: {pictures.count()} stored pictures shown, expected 1")
        text = " ".join(cell.locator(".jp-Cell-outputArea").inner_text().split())
        if text.lower().count(RERUN_WORDS) != 1:
            problems.append(f"code cell {index + 1}: no single line saying to {RERUN_WORDS!r}; shows {text[:200]!r}")
        controls = cell.locator(".jupyter-widgets .widget-slider, .jupyter-widgets select, .jupyter-widgets button")
        if controls.count():
            problems.append(f"code cell {index + 1}: {controls.count()} controls that no kernel answers")
    icons = page.locator(".jupyter-widgets-disconnected").count()
    if icons:
        problems.append(f"{icons} widgets with the red 'disconnected' icon")
    body = page.locator("body").inner_text()
    for error in ("Error displaying widget", "model not found"):
        if error in body:
            problems.append(f"the page says {error!r}")
    if page.locator(".jp-mod-dirty").count():
        problems.append("the notebook is marked unsaved (dirty) right after opening")
    return problems


def run_cell(lab: Lab, index: int) -> None:
    """Select code cell `index` and Run → Run Selected Cell and Do not Advance; wait for the idle kernel."""
    cell = lab.code_cells().nth(index)
    cell.locator(".jp-InputArea-prompt").click()
    lab.menu("Run", "Run Selected Cell and Do not Advance")
    deadline = time.monotonic() + 120
    while not re.fullmatch(r"\[\d+\]:", lab.prompts()[index]) or "| Idle" not in lab.page.locator(
            "#jp-main-statusbar").inner_text():
        assert time.monotonic() < deadline, f"code cell {index + 1} did not finish within 120 s"
        time.sleep(0.2)


@pytest.mark.browser
def test_reopened_06_shows_pictures_and_how_to_bring_the_controls_back(lab06, browser_context) -> None:
    """Save 06, shut its kernel down, reopen it: pictures and a line, no dead controls, not dirty;
    running the setup cell and the XOR explorer's cell brings a seed slider that redraws."""
    from playwright.sync_api import expect

    if lab06 is None:
        return
    lab, artifacts, explorer_cells = lab06, lab06.artifacts, lab06.widget_cells
    start = time.monotonic()
    saved = save_and_wait(lab, NOTEBOOK)
    code = [cell for cell in saved["cells"] if cell["cell_type"] == "code"]
    for index in explorer_cells:
        assert any("image/png" in o.get("data", {}) for o in code[index]["outputs"]), (
            f"code cell {index + 1}: the saved output holds no picture")
    # the page that saved keeps its live explorers
    expect(lab.code_cells().nth(explorer_cells[0]).locator(".widget-slider").first).to_be_visible()

    lab.server.shutdown_kernels()
    page = open_page(browser_context, lab.console)
    page.set_viewport_size({"width": 1280, "height": 720})          # the classroom screen
    reopened = Lab(page=page, server=lab.server, artifacts=artifacts, console=lab.console)
    try:
        reopened.open(NOTEBOOK)
        for index in explorer_cells:      # pictures decoded (a late widget error would show by then too)
            picture = reopened.code_cells().nth(index).locator(".jp-Cell-outputArea img").first
            picture.wait_for(state="visible", timeout=30_000)
            page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                   arg=picture.element_handle(), timeout=30_000)
        time.sleep(1.5)                   # the widget manager restores after the kernel is ready
        cell = reopened.code_cells().nth(explorer_cells[0])
        cell.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "reopened-before-running.png"))
        problems = reopened_problems(reopened, explorer_cells)
        assert not problems, f"06 reopened (screenshot in {artifacts}):\n" + "\n".join(problems)

        # run the setup cell, then the XOR explorer's: the controls come back and the seed slider redraws
        run_cell(reopened, SETUP_CELL)
        run_cell(reopened, explorer_cells[0])
        picture = cell.locator(".jupyter-widgets img")
        expect(picture).to_have_count(1, timeout=30_000)
        expect(cell.get_by_text(re.compile(RERUN_WORDS, re.IGNORECASE))).to_have_count(0)
        seed = cell.locator(".widget-slider").filter(
            has=page.locator(".widget-label", has_text=re.compile("^seed$")))
        before, value = picture.get_attribute("src"), seed.locator(".widget-readout").inner_text()
        seed.locator(".noUi-handle").focus()
        seed.locator(".noUi-handle").press("ArrowRight")
        expect(seed.locator(".widget-readout")).to_have_text(str(int(value) + 1))
        expect(picture).not_to_have_attribute("src", before, timeout=REDRAW_TIMEOUT * 1000)
        page.screenshot(path=str(artifacts / "reopened-after-running.png"))
        assert not reopened.uncaught_exceptions(), f"JavaScript errors: {reopened.uncaught_exceptions()}"
        print(f"save, reopen, check, run and redraw: {time.monotonic() - start:.1f} s; screenshots in {artifacts}")
    finally:
        page.close()
