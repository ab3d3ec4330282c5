"""How much memory and CPU does a class need on one hub? A classroom, simulated.

Starts N Jupyter kernels (jupyter_client, as a Jupyter server does), and in each:

1. runs the code cells of notebook 06 (training XOR), as a learner pressing "Run all";
2. then, all learners at the same moments, moves the XOR explorer's seed slider
   every INTERVAL seconds, MOVES times, to a seed not seen before, so that every
   move retrains and redraws. The value is set from code in the kernel, which
   runs the same observer a browser's slider runs (as tests/test_widgets.py does).

Reported per number of learners N (default 1, 5, 10, 20), over all learners:

* memory: each kernel's resident set (RSS) after the notebook and after the
  moves, and its peak (VmHWM);
* the slider: retrain + redraw milliseconds, timed inside the kernel (median,
  p95), and the time from sending the move to its reply (what a learner waits);
* CPU: the kernel's CPU seconds for the notebook and per move, which is what
  the hub sizing is computed from (less disturbed by other programs than wall
  time), and the load average.

The kernels of one round are kept for the next (N=5 adds four to the first one),
so notebook 06 runs 20 times in all, not 36.

    .venv/bin/python bench/bench_classroom.py                 # N = 1 5 10 20 (several minutes)
    .venv/bin/python bench/bench_classroom.py --learners 1 2 --moves 3 --interval 1
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import statistics
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client import KernelManager

try:
    import psutil
except ModuleNotFoundError:         # fall back to /proc (Linux)
    psutil = None

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "06-training-xor.ipynb"
MIB = 2 ** 20

# Run in each kernel once the notebook has run: the explorer the notebook showed.
FIND_EXPLORER = """
from nncourse.explorers import XorExplorer as _XorExplorer
_bench_explorers = [v for v in list(globals().values()) + list(globals().get("Out", {}).values())
                    if isinstance(v, _XorExplorer)]
_bench_explorer = _bench_explorers[-1] if _bench_explorers else None
if _bench_explorer is None:           # the notebook showed none: make one, as its cell does
    from nncourse import explorers as _explorers
    _bench_explorer = _explorers.xor_explorer()
print("explorer found" if _bench_explorers else "explorer made")
"""
# One move of the seed slider, timed inside the kernel.
MOVE = """
import time as _time
_t = _time.perf_counter()
_bench_explorer.controls["seed"].value = {seed}
_ms = 1000 * (_time.perf_counter() - _t)
# A seed outside the slider's range would be clamped to its end: no new training to time.
assert _bench_explorer.controls["seed"].value == {seed}, \
    f"the seed slider did not take the value {seed} (its range is 0 to {{_bench_explorer.controls['seed'].max}}): use fewer moves"
print("BENCH_MS", _ms)
"""


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def memory(pid: int) -> tuple[float, float]:
    """(RSS, peak RSS) of a process in MiB, from /proc (psutil gives the same RSS)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    rss = psutil.Process(pid).memory_info().rss / MIB if psutil else int(fields["VmRSS"].split()[0]) / 1024
    return rss, int(fields["VmHWM"].split()[0]) / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far."""
    if psutil:
        times = psutil.Process(pid).cpu_times()
        return times.user + times.system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Learner:
    """One kernel, driven like a learner's notebook."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.manager = KernelManager(kernel_name="python3")
        self.manager.start_kernel(cwd=str(NOTEBOOK.parent), env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)
        self.pid = self.manager.provisioner.pid
        self.pending: dict[str, tuple[str, float]] = {}   # msg_id → (what, time.time() when sent)
        self.output: dict[str, str] = {}
        self.errors: list[str] = []

    def send(self, code: str, what: str) -> str:
        msg_id = self.client.execute(code, store_history=True, allow_stdin=False)
        self.pending[msg_id] = (what, time.time())
        self.output[msg_id] = ""
        return msg_id

    def collect(self, timeout: float = 0.05) -> list[tuple[str, str, float, str]]:
        """Requests that finished: (msg_id, what, seconds since sent, printed text).

        Read from the kernel's broadcast (iopub) channel: a request is finished when
        the kernel reports "idle" for it, which comes after all its output. The time
        is the one stamped on that message by the kernel, so how often this loop
        looks does not count.
        """
        done = []
        while True:
            try:
                msg = self.client.get_iopub_msg(timeout=timeout)
            except queue.Empty:
                return done
            timeout = 0.001
            parent = msg["parent_header"].get("msg_id")
            if parent not in self.pending:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                self.output[parent] += content["text"]
            elif kind == "error":
                self.errors.append(f"{self.pending[parent][0]}: {content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                what, sent = self.pending.pop(parent)
                stamp = msg["header"]["date"]           # a datetime (jupyter_client parses it)
                finished = stamp.timestamp() if hasattr(stamp, "timestamp") else time.time()
                done.append((parent, what, finished - sent, self.output.pop(parent)))

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def wait_all(learners: list[Learner], timeout: float) -> dict[int, list[tuple[str, float, str]]]:
    """Wait until no learner has a request pending; the replies, per learner."""
    replies: dict[int, list] = {l.number: [] for l in learners}
    deadline = time.perf_counter() + timeout
    while any(l.pending for l in learners):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"kernels still busy after {timeout:.0f} s")
        for learner in learners:
            replies[learner.number] += [(what, s, out) for _, what, s, out in learner.collect(timeout=0.005)]
    return replies


def run_notebook(learners: list[Learner], cells: list[str]) -> None:
    """Every new learner runs all the notebook's code cells (queued at once, like Run All)."""
    for learner in learners:
        learner.cpu_start = cpu_seconds(learner.pid)
        for index, source in enumerate(cells):
            learner.send(source, f"notebook cell {index}")
        learner.send(FIND_EXPLORER, "find explorer")
    wait_all(learners, timeout=3600)
    for learner in learners:
        learner.notebook_cpu = cpu_seconds(learner.pid) - learner.cpu_start
        learner.rss_notebook, _ = memory(learner.pid)


def move_sliders(learners: list[Learner], seeds: list[int], interval: float) -> dict[int, list]:
    """All learners move the seed slider at the same moments; (in-kernel ms, wait s) per learner."""
    results: dict[int, list] = {l.number: [] for l in learners}
    cpu_before = {l.number: cpu_seconds(l.pid) for l in learners}
    start = time.perf_counter()
    for k, seed in enumerate(seeds):
        while time.perf_counter() < start + k * interval:   # the next beat; collect meanwhile
            for learner in learners:
                results[learner.number] += [(w, s, o) for _, w, s, o in learner.collect(timeout=0.002)]
        for learner in learners:
            learner.send(MOVE.format(seed=seed), f"move to seed {seed}")
    for number, replies in wait_all(learners, timeout=3600).items():
        results[number] += replies
    timings = {}
    for learner in learners:
        moves = [(float(m.group(1)), seconds) for what, seconds, out in results[learner.number]
                 if what.startswith("move") and (m := re.search(r"BENCH_MS ([0-9.]+)", out))]
        learner.move_cpu = (cpu_seconds(learner.pid) - cpu_before[learner.number]) / len(seeds)
        timings[learner.number] = moves
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1, 5, 10, 20], help="class sizes, rising")
    parser.add_argument("--moves", type=int, default=8, help="slider moves per learner per round")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between moves")
    args = parser.parse_args(argv)
    if args.learners != sorted(set(args.learners)) or args.learners[0] < 1:
        parser.error("--learners must be rising whole numbers from 1, e.g. 1 5 10 20")

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c.source for c in notebook.cells
             if c.cell_type == "code" and "raises-exception" not in c.metadata.get("tags", [])]
    print(f"{NOTEBOOK.relative_to(ROOT)}: {len(cells)} code cells; {os.cpu_count()} CPUs; "
          f"{args.moves} moves every {args.interval:g} s; memory via {'psutil' if psutil else '/proc'}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    header = (f"{'N':>3} {'RSS after nb':>13} {'RSS after moves':>16} {'peak':>6} "
              f"{'retrain+redraw ms':>18} {'p95':>6} {'wait s':>7} {'p95':>6} "
              f"{'CPU s nb':>9} {'CPU s/move':>11} {'load 1m':>8}")
    rows = []
    learners: list[Learner] = []
    seed = 1                  # the explorer starts at seed 0: every move goes to a seed not used before
    try:
        for n in args.learners:
            new = [Learner(len(learners) + i) for i in range(n - len(learners))]
            started = time.perf_counter()
            run_notebook(new, cells)
            learners += new
            notebook_wall = time.perf_counter() - started
            errors = [e for l in learners for e in l.errors]
            if errors:
                print("errors in the kernels:\n  " + "\n  ".join(errors[:10]))
                return 1
            seeds = list(range(seed, seed + args.moves))
            seed += args.moves
            timings = move_sliders(learners, seeds, args.interval)
            load = os.getloadavg()
            in_kernel = [ms for t in timings.values() for ms, _ in t]
            waits = [s for t in timings.values() for _, s in t]
            if len(in_kernel) != n * args.moves:
                errors = [e for l in learners for e in l.errors]
                print(f"only {len(in_kernel)} of {n * args.moves} moves reported a time:\n  " + "\n  ".join(errors[:10]))
                return 1
            mems = [memory(l.pid) for l in learners]
            row = (n, statistics.median(l.rss_notebook for l in learners), statistics.median(m[0] for m in mems),
                   max(m[1] for m in mems), statistics.median(in_kernel), percentile(in_kernel, 0.95),
                   statistics.median(waits), percentile(waits, 0.95),
                   statistics.median(l.notebook_cpu for l in learners), statistics.median(l.move_cpu for l in learners),
                   load[0])
            rows.append(row)
            print(f"N={n}: {len(new)} new kernel(s) ran the notebook in {notebook_wall:.0f} s wall; per learner:")
            for l in learners:
                ms = [m for m, _ in timings[l.number]]
                print(f"  learner {l.number + 1:2d}: RSS {memory(l.pid)[0]:5.0f} MiB (peak {memory(l.pid)[1]:5.0f}), "
                      f"retrain+redraw median {statistics.median(ms):5.0f} ms, p95 {percentile(ms, 0.95):5.0f} ms, "
                      f"CPU {l.move_cpu:.2f} s/move")
            print(f"  load average: {' '.join(f'{x:.2f}' for x in load)}\n")
    finally:
        for learner in learners:
            learner.stop()

    print("Summary (medians over learners and moves; RSS in MiB; peak = largest VmHWM):")
    print(header)
    for n, rss_nb, rss_mv, peak, med, p95, wait, wait95, cpu_nb, cpu_mv, load1 in rows:
        print(f"{n:>3} {rss_nb:>13.0f} {rss_mv:>16.0f} {peak:>6.0f} {med:>18.0f} {p95:>6.0f} "
              f"{wait:>7.2f} {wait95:>6.2f} {cpu_nb:>9.1f} {cpu_mv:>11.2f} {load1:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
