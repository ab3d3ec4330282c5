"""How fast do the XOR explorer and the backprop stepper answer in a real browser? (JupyterLab + Debian Chromium)

    .venv/bin/python bench/bench_browser_widgets.py              # this checkout's nnlib
    .venv/bin/python bench/bench_browser_widgets.py --nnlib DIR  # another copy (DIR holds nnlib/)
    .venv/bin/python bench/bench_browser_widgets.py --pause 1500 # 1.5 s between moves (default 0.3 s)

Starts its own JupyterLab on 127.0.0.1 (a temporary folder, its own settings; the kernel
imports nnlib and nncourse from the checkout, or from DIR), opens a notebook that shows
``explorers.xor_explorer()`` at its defaults and ``backprop_stepper()``, then times every
control a class uses, each input on settings the page has not shown before. Between a new
picture and the next input it waits ``--pause`` milliseconds: the time a class looks, in which
the helper of nncourse/explorers/ahead.py draws the next moves (it starts at the first input,
so the first moves of a run are drawn by the kernel while the helper starts):

1. the seed slider, ``--moves`` times (default 20), with the keyboard (focus the handle, press →);
   the learning rate 8 times ← (2 down to 2**-7); the epochs 10 times → (1,000 up to 2,000);
   each preset once, chosen from the menu; the stepper's Next 20 times, then Back 10 times.
   Each is measured with the page's own clock, from the input (key press, mouse press or menu
   change) to the new picture *painted*: the ``<img>`` got its new ``src``, the image decoded,
   and two animation frames passed (the second starts after the first was painted);
2. presses the explorer's play button and counts the pictures shown per second of the
   replay, twice: the first replay draws each epoch's picture in the kernel, the second gets
   them from the explorer's frame cache.

Prints each control's milliseconds, median, 90th percentile and maximum, the replay's pictures
per second and the load average. Not part of the test suite: it asserts nothing about speed.
A small copy of how tests/browser/conftest.py starts JupyterLab (that file belongs to the
tests and changes with them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
USER_SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}
NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "explorer", "metadata": {}, "outputs": [],
               "source": "from nncourse import explorers\nexplorers.xor_explorer()"},
              {"cell_type": "code", "execution_count": None, "id": "stepper", "metadata": {}, "outputs": [],
               "source": "from nncourse.stepper import backprop_stepper\nbackprop_stepper()"}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}

# Arms a watcher on a picture: the time of the next input anywhere on the page (key press, mouse
# press, menu change), of the picture's new src, and of the second animation frame after the new
# picture decoded.
ARM_MOVE = """(img) => {
    window.__move = {};
    const pressed = () => { if (window.__move.pressed === undefined) window.__move.pressed = performance.now(); };
    for (const kind of ['keydown', 'mousedown', 'input', 'change'])
        document.addEventListener(kind, pressed, {once: true, capture: true});
    const watcher = new MutationObserver(async () => {
        watcher.disconnect();
        window.__move.src = performance.now();
        try { await img.decode(); } catch (error) {}
        requestAnimationFrame(() => requestAnimationFrame(() => {
            window.__move.painted = performance.now(); }));
    });
    watcher.observe(img, {attributes: true, attributeFilter: ['src']});
}"""

# Counts the picture's src changes (with their times) until told to stop.
COUNT_FRAMES = """(img) => {
    window.__frames = [];
    window.__frameWatcher = new MutationObserver(() => window.__frames.push(performance.now()));
    window.__frameWatcher.observe(img, {attributes: true, attributeFilter: ['src']});
}"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(base: Path, nnlib_dir: Path) -> tuple[subprocess.Popen, str]:
    """JupyterLab serving base/root (which holds bench.ipynb), with its own settings folders."""
    root = base / "root"
    root.mkdir()
    (root / "bench.ipynb").write_text(json.dumps(NOTEBOOK))
    for plugin, values in USER_SETTINGS.items():
        package, name = plugin.split(":")
        path = base / "user-settings" / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    for folder in ("workspaces", "config", "data", "runtime", "ipython"):
        (base / folder).mkdir()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_DATA_DIR=str(base / "data"),
               JUPYTER_RUNTIME_DIR=str(base / "runtime"), IPYTHONDIR=str(base / "ipython"),
               PYTHONPATH=str(nnlib_dir))
    env.pop("MPLBACKEND", None)
    port = free_port()
    command = [sys.executable, "-m", "jupyter", "lab", "--ServerApp.open_browser=False",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               "--IdentityProvider.token=", "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}",
               f"--LabApp.user_settings_dir={base / 'user-settings'}",
               f"--LabApp.workspaces_dir={base / 'workspaces'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(base / "server.log", "wb")
    process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=5).read()
            return process, url
        except (urllib.error.URLError, ConnectionError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"JupyterLab did not start; see {base / 'server.log'}") from None
            time.sleep(0.25)


def stop_lab(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between the sorted values."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def show_widgets(page, url: str):
    """Open bench.ipynb, run both cells, and return (explorer cell, stepper cell) once both show."""
    from playwright.sync_api import expect

    page.goto(f"{url}/lab/tree/bench.ipynb?reset")
    expect(page.locator("#jp-main-statusbar")).to_contain_text("| Idle", timeout=90_000)
    cells = page.locator(".jp-Notebook .jp-Cell.jp-CodeCell")
    cells.first.locator(".jp-InputArea-prompt").click()
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    expect(cells.first.locator(".nnlib-summary")).to_be_visible(timeout=60_000)
    expect(cells.nth(1).locator(".nnlib-stepper-formula")).to_be_visible(timeout=60_000)
    return cells.first, cells.nth(1)


def slider_handle(cell, label: str):
    return cell.locator(".widget-slider").filter(
        has=cell.page.locator(".widget-label", has_text=label)).locator(".noUi-handle")


PAUSE_MS = 300              # after each new picture, before the next input (--pause)


def time_inputs(page, picture, act, times: int, pause_ms: int) -> tuple[list[float], list[float]]:
    """Milliseconds from each input ``act()`` makes to the new picture painted, and to its new src;
    ``pause_ms`` after each new picture, before the next input."""
    painted, to_src = [], []
    for _ in range(times):
        picture.scroll_into_view_if_needed()
        page.evaluate(ARM_MOVE, picture.element_handle())
        act()
        try:
            page.wait_for_function("window.__move.painted !== undefined", timeout=20_000)
        except Exception:                   # no new picture: say what the page shows, then stop
            readouts = page.locator(".widget-readout").all_inner_texts()
            summary = page.locator(".nnlib-summary").first.inner_text()
            raise RuntimeError(f"no new picture 20 s after input {len(painted) + 1}; the page's "
                               f"readouts {readouts}, move {page.evaluate('window.__move')}; "
                               f"summary: {summary}") from None
        move = page.evaluate("window.__move")
        painted.append(move["painted"] - move["pressed"])
        to_src.append(move["src"] - move["pressed"])
        page.wait_for_timeout(pause_ms)     # the class looks at the picture (and the helper draws ahead)
    return painted, to_src


def press(handle, key: str):
    """An input: focus a slider's handle and press ``key``."""
    def act():
        handle.focus()
        handle.press(key)
    return act


def choose_presets(menu, names: list[str]):
    """Inputs: choose each of ``names`` from the presets menu in turn."""
    left = list(names)
    return lambda: menu.select_option(left.pop(0))


def replay_rate(page, cell, picture, seconds: float) -> float:
    """Press play, count the pictures shown during ``seconds``, press pause: pictures per second."""
    buttons = cell.locator(".widget-play button")
    page.evaluate(COUNT_FRAMES, picture.element_handle())
    buttons.first.click()                   # play (starts from epoch 0 when at the end)
    page.wait_for_timeout(seconds * 1000)
    buttons.nth(1).click()                  # pause
    frames = page.evaluate("window.__frameWatcher.disconnect(), window.__frames")
    if len(frames) < 2:
        return 0.0
    return (len(frames) - 1) / ((frames[-1] - frames[0]) / 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nnlib", type=Path, default=REPO, help="folder that holds the nnlib package to time")
    parser.add_argument("--moves", type=int, default=20, help="how many times the seed and Next are timed")
    parser.add_argument("--replay-seconds", type=float, default=8.0)
    parser.add_argument("--pause", type=int, default=PAUSE_MS,
                        help="milliseconds between a new picture and the next input (default %(default)s)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    base = Path(tempfile.mkdtemp(prefix="nnlib-bench-"))
    process, url = start_lab(base, args.nnlib.resolve())
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            cell, stepper = show_widgets(page, url)
            picture, step_picture = cell.locator(".jupyter-widgets img"), stepper.locator(".jupyter-widgets img")
            presets = [o for o in cell.locator("select").first.locator("option").all_inner_texts() if o != "custom"]
            load_before = os.getloadavg()[0]
            def timed(picture, act, times):
                return time_inputs(page, picture, act, times, args.pause)

            menu = cell.locator("select").first
            next_button, back_button = (stepper.locator("button", has_text=name) for name in ("Next", "Back"))
            timed = {
                "seed →": timed(picture, press(slider_handle(cell, "seed"), "ArrowRight"), args.moves),
                "learning rate ←": timed(picture, press(slider_handle(cell, "learning rate"), "ArrowLeft"), 8),
                "epochs →": timed(picture, press(slider_handle(cell, "epochs"), "ArrowRight"), 10),
                "preset": timed(picture, choose_presets(menu, presets), len(presets)),
                "stepper Next": timed(step_picture, next_button.click, args.moves),
                "stepper Back": timed(step_picture, back_button.click, 10),
            }
            first = replay_rate(page, cell, picture, args.replay_seconds)
            second = replay_rate(page, cell, picture, args.replay_seconds)
            load_after = os.getloadavg()[0]
            browser.close()
    finally:
        stop_lab(process)
        shutil.rmtree(base, ignore_errors=True)
    print(f"nnlib from {args.nnlib}; load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} cores; "
          f"{args.pause} ms between a picture and the next input")
    print(f"{'input → new picture painted':30} {'median':>7} {'p90':>5} {'max':>5}   (ms; to the new src, median)")
    for name, (times, to_src) in timed.items():
        print(f"{name:30} {statistics.median(times):7.0f} {percentile(times, 90):5.0f} {max(times):5.0f}   "
              f"({statistics.median(to_src):.0f})   each: " + " ".join(f"{t:.0f}" for t in times))
    print(f"replay: {first:.1f} pictures/s (first time: drawn in the kernel), "
          f"{second:.1f} pictures/s (again: from the frame cache)")


if __name__ == "__main__":
    main()
