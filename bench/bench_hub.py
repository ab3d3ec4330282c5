"""A class on a real JupyterHub, measured: N simulated students on the trial hub of `make hub`.

For each class size N (default 1, 5, 10, 20) a fresh set of N students, all at once:

1. logs in through the hub's REST API (the class-admin service makes the user and a token for
   them), starts a server (SimpleLocalProcessSpawner), clicks the class link (nbgitpuller clones
   this checkout's committed course into the student's home) and opens notebook 06 (a session:
   a kernel in the notebook's folder). "To a running notebook" is the time from login to that
   kernel answering;
2. runs notebook 06's code cells over the kernel's websocket, queued at once (Run All);
3. then, all students at the same moments, every INTERVAL seconds, moves the XOR explorer's seed
   slider MOVES times by the comm message JupyterLab sends when a slider moves: the kernel
   retrains and redraws (each move must send a new picture back). A move's time is from sending
   it to the kernel going idle, what a student waits for the picture;
4. memory: each kernel's and server's resident set (RSS, /proc), and the hub's and proxy's; CPU:
   the kernel's CPU seconds for Run All and per move (what the sizing is computed from: less
   disturbed by other programs than wall time);
5. the round's servers are stopped before the next round starts.

A student whose step fails (an HTTP error, a cell that raised, a timeout) counts as a failure and
does no more; the goal is none. Everything is on 127.0.0.1 and time-bounded (--round-timeout).
The hub is started and stopped here (tools/hub.py), in a temporary folder.

    .venv/bin/python bench/bench_hub.py                          # N = 1 5 10 20 (about 15 minutes)
    .venv/bin/python bench/bench_hub.py --learners 1 2 --moves 3 --interval 1
Needs .venv/hub and hub/proxy/node_modules (make hub or make test builds them).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from hub import Hub, class_link, clone_folder, current_branch  # noqa: E402
from hub_class import (EXPLORER_STATE, FIND_SEED_SLIDER, Kernel, Student, StudentError,  # noqa: E402
                       cpu_seconds, rss_mib, student_processes)

NOTEBOOK = "notebooks/06-training-xor.ipynb"


@dataclass
class Run:
    """One student's round: timings (s), move waits (s), memory (MiB), the failure if any."""
    student: Student
    marker: str = ""                   # the hub's NNHUB_RUN marker: finds the student's processes
    kernel: Kernel | None = None
    model_id: str = ""
    to_running: float = 0.0
    notebook: float = 0.0
    moves: list[float] = field(default_factory=list)
    kernel_mib: float = 0.0
    server_mib: float = 0.0
    notebook_cpu: float = 0.0          # the kernel's CPU seconds for Run All of 06
    move_cpu: float = 0.0              # the kernel's CPU seconds per seed move
    failure: str | None = None


def notebook_cells() -> list[str]:
    """Notebook 06's code cells as Run All sends them (cells tagged raises-exception left out)."""
    notebook = nbformat.read(ROOT / NOTEBOOK, as_version=4)
    return [c.source for c in notebook.cells
            if c.cell_type == "code" and "raises-exception" not in c.metadata.get("tags", [])]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


async def arrive(run: Run, link: str, cells: list[str], timeout: float) -> None:
    """Log in, start, pull, open 06 (timed: to a running notebook), then Run All (timed)."""
    started = time.monotonic()
    student = run.student
    await student.log_in()
    await student.start_server(timeout)
    await student.click_class_link(link, timeout)
    run.kernel = await student.open_notebook(f"{clone_folder(link_repo(link))}/{NOTEBOOK}", timeout)
    run.to_running = time.monotonic() - started
    replies = await run.kernel.run_all(cells, timeout)
    errors = [f"cell {i}: {r.error}" for i, r in enumerate(replies) if r.error]
    if errors:
        raise StudentError(f"{student.name}: notebook 06 raised: {errors[0]}")
    run.notebook = time.monotonic() - started - run.to_running
    run.notebook_cpu = kernel_cpu(run)
    found = await run.kernel.execute(FIND_SEED_SLIDER)
    if found.error or "SEED_SLIDER" not in found.stdout:
        raise StudentError(f"{student.name}: no XOR explorer after notebook 06: {found.error}")
    run.model_id = found.stdout.split()[1]


def kernel_cpu(run: Run) -> float:
    """CPU seconds the student's kernel has used so far."""
    return sum(cpu_seconds(pid) for pid in student_processes(run.marker, run.student.name)["kernel"])


def link_repo(link: str) -> str:
    from urllib.parse import parse_qs, urlsplit
    return parse_qs(urlsplit(link).query)["repo"][0]


async def move(run: Run, seed: int) -> None:
    """One slider move; a move that sent no new picture back is a failure (nothing was redrawn)."""
    reply = await run.kernel.move_widget(run.model_id, {"value": seed})
    if reply.error or reply.pictures < 1:
        raise StudentError(f"{run.student.name}: seed move to {seed}: {reply.error or 'no new picture'}")
    run.moves.append(reply.seconds)


async def guarded(run: Run, step) -> None:
    """Run a step unless the student already failed; a failure is recorded, never raised."""
    if run.failure is None:
        try:
            await step
        except (StudentError, OSError, asyncio.TimeoutError) as error:
            run.failure = str(error)[:300]
    elif asyncio.iscoroutine(step):
        step.close()


async def class_round(hub: Hub, n: int, link: str, cells: list[str], moves: int, interval: float,
                      timeout: float) -> list[Run]:
    runs = [Run(Student(hub.url, hub.service_token, f"n{n}-student{i + 1}"), hub.marker) for i in range(n)]
    await asyncio.gather(*(guarded(r, arrive(r, link, cells, timeout)) for r in runs))
    before_moves = {r.student.name: kernel_cpu(r) for r in runs}
    start = time.monotonic()
    for k in range(moves):                                   # everyone at the same beats
        await asyncio.sleep(max(0.0, start + k * interval - time.monotonic()))
        await asyncio.gather(*(guarded(r, move(r, 1 + k)) for r in runs))
    for run in runs:
        if run.failure is None:
            state = await run.kernel.execute(EXPLORER_STATE)
            if not state.stdout.startswith(f"EXPLORER {moves} "):
                run.failure = f"{run.student.name}: the explorer did not end on seed {moves}: {state.stdout[:200]}"
        run.move_cpu = (kernel_cpu(run) - before_moves[run.student.name]) / moves
        pids = student_processes(hub.marker, run.student.name)
        run.kernel_mib = sum(rss_mib(p) for p in pids["kernel"])
        run.server_mib = sum(rss_mib(p) for p in pids["server"])
    return runs


async def stop_servers(runs: list[Run]) -> None:
    await asyncio.gather(*(r.student.stop_server() for r in runs), return_exceptions=True)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def report_row(n: int, runs: list[Run], hub: Hub, seconds: float) -> tuple:
    ok = [r for r in runs if r.failure is None]
    waits = [w for r in ok for w in r.moves]
    med = lambda values: statistics.median(values) if values else float("nan")   # noqa: E731
    hub_mib = sum(rss_mib(p.pid) for p in (hub.hub, hub.proxy) if p)
    return (n, len(runs) - len(ok), med([r.to_running for r in ok]), max((r.to_running for r in ok), default=0),
            med([r.notebook for r in ok]), max((r.notebook for r in ok), default=0),
            1000 * med(waits), 1000 * (percentile(waits, 0.9) if waits else float("nan")),
            med([r.kernel_mib for r in ok]), max((r.kernel_mib for r in ok), default=0),
            med([r.server_mib for r in ok]), hub_mib, med([r.notebook_cpu for r in ok]),
            med([r.move_cpu for r in ok]), os.getloadavg()[0], seconds)


HEADER = (f"{'N':>3} {'fail':>4} {'to running s':>12} {'max':>5} {'run 06 s':>8} {'max':>5} {'move p50 ms':>11} "
          f"{'p90':>5} {'kernel MiB':>10} {'max':>5} {'server MiB':>10} {'hub+proxy':>9} {'CPU s 06':>8} {'CPU s/move':>10} "
          f"{'load 1m':>7} {'round s':>7}")


def format_row(row: tuple) -> str:
    n, fail, run_med, run_max, nb_med, nb_max, p50, p90, k_med, k_max, s_med, hub_mib, cpu_nb, cpu_mv, load, seconds = row
    return (f"{n:>3} {fail:>4} {run_med:>12.1f} {run_max:>5.1f} {nb_med:>8.1f} {nb_max:>5.1f} {p50:>11.0f} "
            f"{p90:>5.0f} {k_med:>10.0f} {k_max:>5.0f} {s_med:>10.0f} {hub_mib:>9.0f} {cpu_nb:>8.1f} {cpu_mv:>10.2f} "
            f"{load:>7.2f} {seconds:>7.0f}")


async def bench(hub: Hub, args, link: str) -> list[tuple]:
    cells = notebook_cells()
    rows = []
    for n in args.learners:
        started = time.monotonic()
        runs: list[Run] = []
        try:
            task = class_round(hub, n, link, cells, args.moves, args.interval, args.round_timeout)
            runs = await asyncio.wait_for(task, args.round_timeout)
        except asyncio.TimeoutError:
            print(f"N={n}: the round did not finish within {args.round_timeout:.0f} s", flush=True)
            runs = [Run(Student(hub.url, hub.service_token, f"n{n}-student{i + 1}"), failure="round timed out")
                    for i in range(n)]
        row = report_row(n, runs, hub, time.monotonic() - started)
        rows.append(row)
        for run in runs:
            if run.failure:
                print(f"  failure: {run.failure}")
        print(f"N={n} done: {format_row(row)}\n  {uptime()}", flush=True)
        await stop_servers(runs)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1, 5, 10, 20], help="class sizes")
    parser.add_argument("--moves", type=int, default=10, help="seed moves per student")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between the moves' beats")
    parser.add_argument("--round-timeout", type=float, default=1200, help="seconds one class size may take")
    args = parser.parse_args(argv)
    if min(args.learners) < 1 or max(args.learners) > 40 or not 1 <= args.moves <= 999:
        parser.error("1 to 40 learners, 1 to 999 moves")
    print(f"{os.cpu_count()} CPUs; {args.moves} seed moves every {args.interval:g} s; before: {uptime()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as state:
        hub = Hub(Path(state))
        hub.start()
        try:
            link = class_link(hub.url, str(ROOT), current_branch())
            rows = asyncio.run(bench(hub, args, link))
        finally:
            hub.stop()
    print("\nSummary (medians over students; times from login; memory RSS after the moves):")
    print(HEADER)
    for row in rows:
        print(format_row(row))
    print(f"after: {uptime()}")
    return 1 if any(row[1] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
