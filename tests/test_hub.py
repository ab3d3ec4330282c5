"""The course on a real JupyterHub (tools/hub.py: the hub of `make hub`), with two simulated students.

One hub for the module (marker `hub`): both students log in, start a server, click the class link
(nbgitpuller clones a copy of this checkout's committed course, the "teacher's repository"), run
notebook 06 and move the XOR explorer's seed once, as a browser would; a teacher then collects
their progress with tools/collect_progress.py. Then the faults a class must survive, on the same
hub: a kernel killed mid-run, the hub process restarted mid-class, the class link clicked again
after a student edited and deleted files and the teacher pushed a commit.

Needs .venv/hub and hub/proxy/node_modules, which `make test` builds. Everything listens on
127.0.0.1 only (checked), every wait has a timeout, and the fixture's teardown ends every process
the hub started (checked). The module's wall time is printed (-s, or in the -ra summary's log).
"""

import asyncio
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hub as hub_tool            # tools/, which the top-level conftest.py puts on sys.path
from hub_class import EXPLORER_STATE, FIND_SEED_SLIDER, Student, StudentError, student_processes

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = "notebooks/06-training-xor.ipynb"
pytestmark = pytest.mark.hub
if sys.version_info < (3, 11) and not (hub_tool.HUB_VENV / "bin" / "jupyterhub").exists():
    pytest.skip("the trial hub's pins (requirements-hub.txt) need Python 3.11; make test builds no hub on 3.10",
                allow_module_level=True)
STUDENTS = ("ada", "ben")
TIMEOUT = 240                     # seconds any one step may take (a loaded CI machine)


class Class:
    """The module's hub, its loop, the teacher's repository and the two students, ready after 06."""

    def __init__(self, tmp: Path) -> None:
        self.started = time.monotonic()
        self.loop = asyncio.new_event_loop()
        self.teacher_repo = tmp / "course"
        self.hub = hub_tool.Hub(tmp / "hub")
        self.students = {}
        self.kernels = {}
        self.pull_output = {}

    def run(self, coroutine, timeout: float = TIMEOUT):
        return self.loop.run_until_complete(asyncio.wait_for(coroutine, timeout))

    @property
    def link(self) -> str:
        return hub_tool.class_link(self.hub.url, str(self.teacher_repo), "main")

    def home(self, name: str) -> Path:
        return self.hub.state / "homes" / name / self.teacher_repo.name


async def together(*coroutines):
    """Run coroutines at once, in the running loop (asyncio.gather outside it would pick another)."""
    return await asyncio.gather(*coroutines)


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=60).stdout


def make_teacher_repo(folder: Path) -> None:
    """A clone of this checkout's HEAD on a branch `main` (HEAD may be detached in CI), to commit to."""
    git("clone", "--quiet", str(REPO), str(folder), cwd=REPO)
    git("checkout", "--quiet", "-B", "main", cwd=folder)
    git("config", "user.email", "teacher@example.org", cwd=folder)
    git("config", "user.name", "Teacher", cwd=folder)


def notebook_cells() -> list[str]:
    notebook = json.loads((REPO / NOTEBOOK).read_text())
    return ["".join(c["source"]) for c in notebook["cells"]
            if c["cell_type"] == "code" and "raises-exception" not in c["metadata"].get("tags", [])]


async def arrive(klass: Class, name: str) -> None:
    """Log in, start, click the class link, open 06 and run it all; keep the kernel."""
    student = klass.students[name] = Student(klass.hub.url, klass.hub.service_token, name)
    await student.log_in()
    await student.start_server(TIMEOUT)
    klass.pull_output[name] = await student.click_class_link(klass.link, TIMEOUT)
    kernel = klass.kernels[name] = await student.open_notebook(f"{klass.teacher_repo.name}/{NOTEBOOK}", TIMEOUT)
    replies = await kernel.run_all(notebook_cells(), TIMEOUT)
    assert [r.error for r in replies if r.error] == [], f"{name}: notebook 06 raised"


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    klass = Class(tmp_path_factory.mktemp("hub-class"))
    make_teacher_repo(klass.teacher_repo)
    try:
        klass.hub.start()
        klass.run(together(*(arrive(klass, name) for name in STUDENTS)), 2 * TIMEOUT)
        yield klass
    finally:
        marker = klass.hub.marker
        klass.hub.stop()
        klass.loop.close()
        left = hub_tool.marked_processes(marker)
        print(f"\ntests/test_hub.py: the hub's module took {time.monotonic() - klass.started:.1f} s wall")
        assert left == [], f"processes of the hub still running after teardown: {left}"


# --- the hub itself -------------------------------------------------------------------------------

def listening_addresses(pids: list[int]) -> set[tuple[str, int]]:
    """(address, port) of every TCP socket these processes listen on, from /proc (IPv4 and IPv6)."""
    inodes = set()
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and inode in inodes:                     # 0A: LISTEN
                address, port = local.split(":")
                found.add((decode_address(address), int(port, 16)))
    return found


def decode_address(hexed: str) -> str:
    """/proc/net/tcp's little-endian hex address as text (IPv4, or IPv6 loopback as ::1)."""
    if len(hexed) == 8:
        return ".".join(str(int(hexed[i:i + 2], 16)) for i in (6, 4, 2, 0))
    return "::1" if hexed == "00000000000000000000000001000000" else hexed


def test_every_process_of_the_hub_listens_on_loopback_only(klass):
    found = listening_addresses(hub_tool.marked_processes(klass.hub.marker))
    ports = {port for _, port in found}
    assert {klass.hub.port, klass.hub.api_port, klass.hub.proxy_api_port} <= ports    # hub, its API, the proxy's API
    assert len(ports) >= 5, found                                                      # and the two students' servers
    assert {address for address, _ in found} <= {"127.0.0.1", "::1"}, found


def test_the_hub_pins_keep_the_course_pins():
    """requirements-hub.txt pins every package exactly, and the course's own pins unchanged."""
    import binder_check
    hub_pins, _, loose = binder_check.read_pins(REPO / "requirements-hub.txt")
    course_pins, _, _ = binder_check.read_pins(REPO / "binder" / "requirements.txt")
    assert loose == []
    assert {name: hub_pins.get(name) for name in course_pins} == course_pins
    assert {"jupyterhub", "nbgitpuller"} <= set(hub_pins)


# --- the smoke test: two students, notebook 06, a seed move, progress collected -------------------

def test_both_students_pulled_the_course_and_ran_notebook_06(klass):
    for name in STUDENTS:
        assert (klass.home(name) / NOTEBOOK).is_file()
        assert git("rev-parse", "HEAD", cwd=klass.home(name)) == git("rev-parse", "HEAD", cwd=klass.teacher_repo)
        assert "Cloning into" in klass.pull_output[name]
        assert len(student_processes(klass.hub.marker, name)["kernel"]) == 1


def test_a_seed_move_retrains_and_sends_a_new_picture(klass):
    async def move(name):
        kernel = klass.kernels[name]
        found = await kernel.execute(FIND_SEED_SLIDER)
        model_id = found.stdout.split()[1]
        moved = await kernel.move_widget(model_id, {"value": 7})
        state = await kernel.execute(EXPLORER_STATE)
        return moved, state.stdout

    for moved, state in klass.run(together(*(move(name) for name in STUDENTS))):
        assert moved.error is None and moved.pictures >= 1       # the kernel redrew and sent the picture
        assert state.startswith("EXPLORER 7 ") and "seed 7," in state


def test_the_teacher_collects_both_students_progress(klass, tmp_path):
    async def try_exercise(name, answer):                        # one wrong try of 06's first exercise
        reply = await klass.kernels[name].execute(f"check.batch_epochs({answer})")
        assert reply.error is None
    klass.run(together(try_exercise("ada", 1), try_exercise("ben", 2)))
    table = tmp_path / "class.csv"
    homes = [str(klass.hub.state / "homes" / name) for name in STUDENTS]
    result = subprocess.run([sys.executable, str(REPO / "tools" / "collect_progress.py"), *homes, "--csv", str(table)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 of 2 students have progress recorded." in result.stdout
    with table.open(newline="") as file:
        rows = {(r["student"], r["notebook"], r["exercise"]): r for r in csv.DictReader(file)}
    for name in STUDENTS:
        row = rows[(name, "06", "batch_epochs")]
        assert (row["solved"], row["wrong_tries"]) == ("no", "1")


# --- faults a class survives -------------------------------------------------------------------------

def test_a_kernel_killed_mid_run_restarts_and_saved_work_is_intact(klass):
    student, kernel = klass.students["ada"], klass.kernels["ada"]
    path = f"{klass.teacher_repo.name}/notebooks/ada-notes.ipynb"
    mine = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "my notes: h1 is OR"}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}

    async def kill_mid_run():
        await student.contents(path, "PUT", {"type": "notebook", "format": "json", "content": mine})
        [old] = student_processes(klass.hub.marker, "ada")["kernel"]
        kernel._send("shell", "execute_request", {"code": "import time\nfor _ in range(600): time.sleep(0.1)",
                                                  "silent": False, "store_history": True, "user_expressions": {},
                                                  "allow_stdin": False}, expect_reply=True)
        await wait_for(lambda: "busy" in kernel.states[-1:], "the long cell to start")
        os.kill(old, signal.SIGKILL)
        await wait_for(lambda: "restarting" in kernel.states, "the server to notice the dead kernel")
        await wait_for(lambda: student_processes(klass.hub.marker, "ada")["kernel"] not in ([], [old]),
                       "a new kernel process")
        # The same kernel id, a new process. A request sent while that process is still starting can be
        # lost (JupyterLab waits for the restarted kernel before it sends): ask again, as a learner would.
        for attempt in range(8):
            try:
                reply = await kernel.execute("print(6 * 7)", timeout=15)
                break
            except StudentError:
                if attempt == 7:
                    raise
        saved = await student.contents(path)
        return old, reply, saved

    old, reply, saved = klass.run(kill_mid_run())
    assert reply.error is None and reply.stdout == "42\n"
    assert old not in student_processes(klass.hub.marker, "ada")["kernel"]
    assert saved["content"]["cells"][0]["source"] == "my notes: h1 is OR"
    assert (klass.home("ada") / NOTEBOOK).is_file()


async def wait_for(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise StudentError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


def test_a_hub_restart_mid_class_keeps_servers_kernels_and_files(klass):
    student, kernel = klass.students["ben"], klass.kernels["ben"]
    before = student_processes(klass.hub.marker, "ben")
    klass.run(kernel.execute("ben_work = 'still here'"))
    klass.hub.stop_hub()
    assert klass.hub.hub.poll() is not None
    during = klass.run(kernel.execute("print(ben_work)"))         # through the proxy, the hub down
    klass.hub.start_hub()
    after = klass.run(kernel.execute("print(ben_work)"))

    async def server_answers():
        assert await student.server_ready()                        # the new hub found the server again
        return await student.contents(f"{klass.teacher_repo.name}/notebooks")

    listing = klass.run(server_answers())
    assert during.stdout == after.stdout == "still here\n"
    assert student_processes(klass.hub.marker, "ben") == before     # the same server and kernel processes
    assert "06-training-xor.ipynb" in {item["name"] for item in listing["content"]}


def test_the_class_link_again_keeps_edits_restores_deleted_files_and_merges_the_teachers_commit(klass):
    student, home, folder = klass.students["ben"], klass.home("ben"), klass.teacher_repo.name
    first = f"{folder}/notebooks/00-start-here.ipynb"

    async def edit_and_delete():
        notebook = (await student.contents(first))["content"]
        notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "ben's own note", "id": "ben-note"})
        await student.contents(first, "PUT", {"type": "notebook", "format": "json", "content": notebook})
        await student.contents(f"{folder}/notebooks/01-one-neuron.ipynb", "DELETE")

    klass.run(edit_and_delete())
    assert not (home / "notebooks" / "01-one-neuron.ipynb").exists()
    (klass.teacher_repo / "notebooks" / "homework-week-2.md").write_text("# Homework, week 2\n")
    with open(klass.teacher_repo / "README.md", "a") as readme:
        readme.write("\nA line the teacher added after the first lesson.\n")
    git("add", "-A", cwd=klass.teacher_repo)
    git("commit", "--quiet", "-m", "Homework for week 2", cwd=klass.teacher_repo)

    klass.run(student.click_class_link(klass.link, TIMEOUT))
    assert "ben's own note" in (home / "notebooks" / "00-start-here.ipynb").read_text()
    restored = home / "notebooks" / "01-one-neuron.ipynb"
    assert restored.read_bytes() == (klass.teacher_repo / "notebooks" / "01-one-neuron.ipynb").read_bytes()
    assert (home / "notebooks" / "homework-week-2.md").read_text() == "# Homework, week 2\n"
    assert "A line the teacher added" in (home / "README.md").read_text()
    assert "Homework for week 2" in git("log", "--format=%s", cwd=home)
