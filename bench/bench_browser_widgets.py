"""How fast does the XOR explorer answer in a real browser? (JupyterLab + Debian Chromium)

    .venv/bin/python bench/bench_browser_widgets.py              # this checkout's nnlib
    .venv/bin/python bench/bench_browser_widgets.py --nnlib DIR  # another copy (DIR holds nnlib/)

Starts its own JupyterLab on 127.0.0.1 (a temporary folder, its own settings; the kernel
imports nnlib from the checkout, or from DIR), opens a one-cell notebook that shows
``explorers.xor_explorer()`` at its defaults, then

1. moves the seed slider ``--moves`` times (default 20) with the keyboard (focus the handle,
   press →), each time measuring, with the page's own clock, from the key press to the new
   picture *painted*: the ``<img>`` got its new ``src``, the image decoded, and two animation
   frames passed (the second starts after the first was painted);
2. presses the explorer's play button and counts the pictures shown per second of the
   replay, twice: the first replay draws each epoch's picture in the kernel, the second gets
   them from the explorer's frame cache.

Prints each move's milliseconds, the median and the 90th percentile, the replay's pictures
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
               "source": "from nncourse import explorers\nexplorers.xor_explorer()"}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}

# Arms a watcher on the explorer's picture: the time of the next key press on the handle, of the
# picture's new src, and of the second animation frame after the new picture decoded.
ARM_MOVE = """([handle, img]) => {
    window.__move = {};
    handle.addEventListener('keydown', () => { window.__move.pressed = performance.now(); },
                            {once: true, capture: true});
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


def show_explorer(page, url: str):
    """Open bench.ipynb, run its cell, and return (cell, picture, seed handle) once the explorer shows."""
    from playwright.sync_api import expect

    page.goto(f"{url}/lab/tree/bench.ipynb?reset")
    expect(page.locator("#jp-main-statusbar")).to_contain_text("| Idle", timeout=90_000)
    cell = page.locator(".jp-Notebook .jp-Cell.jp-CodeCell").first
    cell.locator(".jp-InputArea-prompt").click()
    page.keyboard.press("Shift+Enter")
    expect(cell.locator(".nnlib-summary")).to_be_visible(timeout=60_000)
    picture = cell.locator(".jupyter-widgets img")
    picture.scroll_into_view_if_needed()
    seed = cell.locator(".widget-slider").filter(
        has=page.locator(".widget-label", has_text="seed")).locator(".noUi-handle")
    return cell, picture, seed


def time_moves(page, picture, handle, moves: int) -> tuple[list[float], list[float]]:
    """Milliseconds from each → on the seed handle to the new picture painted, and to its new src."""
    times, to_src = [], []
    for _ in range(moves):
        page.evaluate(ARM_MOVE, [handle.element_handle(), picture.element_handle()])
        handle.focus()
        handle.press("ArrowRight")
        page.wait_for_function("window.__move.painted !== undefined", timeout=60_000)
        move = page.evaluate("window.__move")
        times.append(move["painted"] - move["pressed"])
        to_src.append(move["src"] - move["pressed"])
        page.wait_for_timeout(300)          # let the kernel go idle before the next move
    return times, to_src


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
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--replay-seconds", type=float, default=8.0)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    base = Path(tempfile.mkdtemp(prefix="nnlib-bench-"))
    process, url = start_lab(base, args.nnlib.resolve())
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            cell, picture, handle = show_explorer(page, url)
            load_before = os.getloadavg()[0]
            times, to_src = time_moves(page, picture, handle, args.moves)
            first = replay_rate(page, cell, picture, args.replay_seconds)
            second = replay_rate(page, cell, picture, args.replay_seconds)
            load_after = os.getloadavg()[0]
            browser.close()
    finally:
        stop_lab(process)
        shutil.rmtree(base, ignore_errors=True)
    print(f"nnlib from {args.nnlib}; load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} cores")
    print("slider → painted ms: " + " ".join(f"{t:.0f}" for t in times))
    print(f"median {statistics.median(times):.0f} ms, p90 {percentile(times, 90):.0f} ms over {len(times)} moves")
    print(f"of which: key press → new src (the kernel's work and the messages) median "
          f"{statistics.median(to_src):.0f} ms; new src → painted (decode and paint) median "
          f"{statistics.median([t - s for t, s in zip(times, to_src)]):.0f} ms")
    print(f"replay: {first:.1f} pictures/s (first time: drawn in the kernel), "
          f"{second:.1f} pictures/s (again: from the frame cache)")


if __name__ == "__main__":
    main()
