"""Drawing ahead (nncourse/explorers/ahead.py): the helper process draws the next moves' pictures.

The claim to hold: a picture the helper drew is, byte for byte, the picture the
explorer would have drawn itself on the same path of moves. Each test follows a
path with the helper and again without it, and compares the PNGs the class sees.
The helper starts only for input from a browser, which these tests pretend to be
(``from_browser`` patched); it is a real second process (spawned), as in a kernel.
"""

import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from nncourse import plots, stepper as stepper_module  # noqa: E402
from nncourse.explorers import ahead, xor as xor_module  # noqa: E402
from nncourse.explorers.xor import PRESETS, XorExplorer, preset_settings  # noqa: E402
from nncourse.stepper import BackpropStepper  # noqa: E402

HELPER_SECONDS = 120          # spawning the helper and drawing a dozen runs, on a loaded machine


@pytest.fixture
def helper(monkeypatch):
    """A fresh helper for the XOR explorer and the stepper, as if every input came from a browser."""
    fresh = ahead.DrawAhead()
    fresh.broken = False                            # whatever NNCOURSE_DRAW_AHEAD says where the tests run
    monkeypatch.setattr(xor_module, "AHEAD", fresh)
    monkeypatch.setattr(stepper_module, "AHEAD", fresh)
    monkeypatch.setattr(ahead, "from_browser", lambda: True)
    yield fresh
    fresh.stop()


def wait_until_idle(helper: ahead.DrawAhead) -> None:
    deadline = time.monotonic() + HELPER_SECONDS
    while not helper.idle():
        assert time.monotonic() < deadline, f"the helper did not finish: {helper.last_error!r}"
        time.sleep(0.05)
    assert helper.last_error is None, f"the helper failed: {helper.last_error!r}"


def xor_path(explorer: XorExplorer, moves: list[tuple], helper=None) -> list[tuple[bytes, bool]]:
    """Each move's picture, and whether the explorer showed it without drawing it (it had it already)."""
    drawn = []
    explorer.render = lambda key=None, render=explorer.render: drawn.append(key) or render(key)
    seen = []
    for settings in moves:
        deadline = time.monotonic() + HELPER_SECONDS
        while helper is not None and not any(key[0] == settings for key in explorer.frames):
            assert time.monotonic() < deadline and helper.last_error is None, helper.last_error
            time.sleep(0.05)
            explorer.collect_ahead()
        draws = len(drawn)
        explorer.set_training(settings)
        seen.append((bytes(explorer.image.value), len(drawn) == draws))
    return seen


def moves_from(start: tuple) -> list[tuple]:
    """seed + 1, seed − 1 back, learning rate × 2, epochs + 100, a preset: each one move away."""
    data, hidden, activation, bias, seed, rate, epochs = start
    return [(data, hidden, activation, bias, seed + 1, rate, epochs),
            start,
            (data, hidden, activation, bias, seed, rate * 2, epochs),
            (data, hidden, activation, bias, seed, rate * 2, epochs + 100),
            preset_settings("gets stuck")]


@pytest.mark.parametrize("projector, view", [(False, "training"), (True, "network")])
def test_the_xor_explorers_pictures_drawn_ahead_are_the_ones_it_would_draw(helper, projector, view):
    plots._restyle_on_switch.clear()                  # earlier tests' explorers need no new style
    plots.projector_style(projector)
    try:
        with_helper = XorExplorer()
        if projector:
            with_helper.view_control.value = view
        start = with_helper.settings()
        with_helper.update()                          # as if the class had moved something: wishes
        ahead_seen = xor_path(with_helper, moves_from(start), helper)

        helper.stop()                                 # the same path, every picture drawn by the explorer
        helper.broken = True
        by_itself = XorExplorer()
        if projector:
            by_itself.view_control.value = view
        own_seen = xor_path(by_itself, moves_from(start))
    finally:
        plots.projector_style(False)
    assert [had for _, had in ahead_seen] == [True] * len(ahead_seen), "every move was drawn ahead"
    assert [had for _, had in own_seen] == [False, True, False, False, False], "without: only the way back"
    for k, ((ahead_png, _), (own_png, _)) in enumerate(zip(ahead_seen, own_seen)):
        assert ahead_png == own_png, f"move {k}: the helper's picture is not the explorer's own"


def test_the_explorer_asks_for_the_moves_one_step_away_first_and_every_preset():
    explorer = XorExplorer(seed=0, learning_rate=2.0, epochs=1000)
    moves = explorer.next_moves()
    start = explorer.settings()
    assert moves[:5] == [(*start[:4], 1, 2.0, 1000), (*start[:4], 0, 4.0, 1000), (*start[:4], 0, 1.0, 1000),
                         (*start[:4], 0, 2.0, 1100), (*start[:4], 0, 2.0, 900)]      # no seed −1 below 0
    assert set(moves[5:]) == {preset_settings(name) for name in PRESETS} - {start}
    assert start not in moves and len(moves) == len(set(moves))


def test_the_steppers_next_and_back_show_pictures_drawn_ahead(helper):
    with_helper = BackpropStepper()
    with_helper.move(1)                               # step 2: asks for steps 3, 4 and 1
    wait_until_idle(helper)
    with_helper.move(1)                               # step 3: collects them
    assert {place[3] for place in with_helper.pictures} >= {1, 2, 3, 4}
    shown = bytes(with_helper.image.value)
    helper.stop()
    helper.broken = True
    by_itself = BackpropStepper()
    by_itself.move(2)
    assert by_itself.index == with_helper.index == 2
    assert shown == bytes(by_itself.image.value)


def test_nothing_starts_without_input_from_a_browser(monkeypatch):
    fresh = ahead.DrawAhead()
    fresh.broken = False
    monkeypatch.setattr(xor_module, "AHEAD", fresh)
    explorer = XorExplorer()
    explorer.controls["seed"].value = 1               # set from code, as "Run all" and nbval do
    assert fresh.pool is None and fresh.idle()
    assert not ahead.from_browser()                   # no kernel here at all


@pytest.mark.parametrize("value, wanted", [(None, True), ("1", True), ("", True), ("0", False), ("off", False),
                                           (" No ", False), ("false", False)])
def test_the_environment_switch(value, wanted):
    environ = {} if value is None else {ahead.SWITCH: value}
    assert ahead.wanted(environ) is wanted


def test_after_a_move_the_same_move_again_comes_first_then_the_way_back():
    explorer = XorExplorer(seed=5, learning_rate=2.0, epochs=1000)
    start = explorer.settings()
    explorer.controls["epochs"].value = 1100
    assert explorer.next_moves(start)[:3] == [(*start[:6], 1200), (*start[:6], 1000), (*start[:4], 6, 2.0, 1100)]
    explorer.controls["learning_rate"].value = 1.0
    before = (*start[:6], 1100)
    assert explorer.next_moves(before)[:2] == [(*start[:5], 0.5, 1100), (*start[:5], 2.0, 1100)]


def test_after_a_preset_the_other_presets_come_first_from_the_next_one_down_the_menu():
    explorer = XorExplorer()
    names = list(PRESETS)
    explorer.controls["preset"].value = names[1]
    others = [preset_settings(name) for name in names[2:] + names[:1]]
    assert explorer.next_moves()[:len(others)] == others


def process_state(pid: int) -> str:
    """The one-letter state of a Linux process: R running, S sleeping, T stopped, …"""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.mark.skipif(not hasattr(ahead.signal, "SIGSTOP") or not Path("/proc/self/stat").exists(),
                    reason="stopping a process and reading its state: Linux")
def test_the_helper_is_stopped_while_the_kernel_answers_a_move(helper):
    stepper = BackpropStepper()
    stepper.move(1)                                   # starts the helper
    wait_until_idle(helper)
    (process,) = helper.pool._processes.values()
    def state_within(states: str, seconds: float = 5.0) -> str:     # a signal takes a moment to arrive
        deadline = time.monotonic() + seconds
        while process_state(process.pid) not in states and time.monotonic() < deadline:
            time.sleep(0.01)
        return process_state(process.pid)

    with helper.held():
        assert state_within("T") == "T"
        time.sleep(ahead.RESUME_AFTER + 0.1)
        assert process_state(process.pid) == "T", "stopped as long as the kernel works"
    assert helper.resume.interval == ahead.RESUME_AFTER, "going on later: the browser paints the picture first"
    assert state_within("RS") in "RS"


KERNEL_EXITS_MID_JOB = """
import time, sys
from unittest import mock
import matplotlib
matplotlib.use("Agg")
from nncourse.explorers import ahead, xor_explorer
if __name__ == "__main__":
    with mock.patch.object(ahead, "from_browser", lambda: True):
        explorer = xor_explorer()
        explorer.controls["seed"].value = 1              # the helper starts drawing seed 2, and more
        while not ahead.AHEAD.done:                       # it has finished one: it works on the next
            assert ahead.AHEAD.last_error is None, ahead.AHEAD.last_error
            time.sleep(0.05)
        ahead.AHEAD.hold()                                # a move comes, and the kernel exits at once
        assert ahead.AHEAD.running is not None
"""


@pytest.mark.skipif(not hasattr(ahead.signal, "SIGSTOP"), reason="stopping a process: POSIX")
def test_a_kernel_that_exits_while_its_helper_is_stopped_mid_job_still_exits(tmp_path):
    """Python waits at exit for the helper's job to end: the helper must be let go on first."""
    import subprocess
    import sys
    script = tmp_path / "kernel.py"
    script.write_text(KERNEL_EXITS_MID_JOB)
    finished = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=HELPER_SECONDS,
                              cwd=Path(__file__).resolve().parents[1])
    assert finished.returncode == 0, finished.stderr[-2000:]


KERNEL_KILLED = """
import os, signal, time
from unittest import mock
import matplotlib
matplotlib.use("Agg")
from nncourse.explorers import ahead, xor_explorer
if __name__ == "__main__":
    with mock.patch.object(ahead, "from_browser", lambda: True):
        explorer = xor_explorer()
        explorer.controls["seed"].value = 1              # starts the helper
        while not ahead.AHEAD.done:
            time.sleep(0.05)
        (helper,) = ahead.AHEAD.pool._processes
        print(helper, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)             # as a kernel killed outright
"""


@pytest.mark.skipif(not hasattr(ahead.signal, "SIGKILL") or not Path("/proc/self/stat").exists(),
                    reason="killing a process and reading its state: Linux")
def test_the_helper_of_a_kernel_killed_outright_ends_too(tmp_path):
    import os
    import subprocess
    import sys
    script = tmp_path / "kernel.py"
    script.write_text(KERNEL_KILLED)
    printed = tmp_path / "printed.txt"                      # a file: a pipe would wait for the helper too
    with printed.open("w") as out:
        subprocess.run([sys.executable, str(script)], stdout=out, stderr=subprocess.STDOUT, timeout=HELPER_SECONDS,
                       cwd=Path(__file__).resolve().parents[1])
    helper = int(printed.read_text().split()[0])
    deadline = time.monotonic() + 10
    while Path(f"/proc/{helper}").exists() and process_state(helper) != "Z":
        if time.monotonic() > deadline:
            os.kill(helper, 9)
            pytest.fail("the helper outlived its kernel by 10 s")
        time.sleep(0.2)
