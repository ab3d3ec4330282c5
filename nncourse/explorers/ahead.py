"""Drawing ahead: the pictures a class is likely to ask for next, made while it looks at this one.

On a slow two-core machine a new seed costs the XOR explorer about 150 ms
(train 1,000 epochs, then draw), a new number of epochs or a preset twice that,
and a step of the backprop stepper about 70 ms. While the class looks at a
picture, a second Python process makes the pictures one move away (the next
seed, the next learning rate, the presets, the next step) with exactly the
code the explorer runs itself, and sends them back; when the class makes that
move, the explorer shows the picture it already has.

* The helper process runs at the lowest CPU priority (``nice`` 19), so it only
  gets the time that the kernel, the notebook server and the browser leave idle;
  and while the kernel answers a move (``held``) it is stopped outright, until
  ``RESUME_AFTER`` seconds after the new picture left: two
  "cores" of a laptop or a cloud machine are often two threads of one core,
  which slow each other down whatever their priority.
* It starts at the first input that comes from a browser (a comm message), so
  ``Run all``, nbval and tests that set controls from code never start it.
* It holds one copy of each explorer that asked, laid out like the original
  (``xor.XorPainter``, ``stepper.StepperPainter``), so a picture it sends is
  the picture the explorer would have drawn (tests/test_draw_ahead.py).
* It ends with its kernel, even one killed outright.
* ``NNCOURSE_DRAW_AHEAD=0`` in the environment switches it off (a hub short of
  memory: the helper takes about 120 MiB). Where no process can be started
  (JupyterLite), everything works as before, without it.

``wish(owner, jobs)`` says what one explorer would like next, best first (it
replaces that explorer's earlier wishes); ``collect(owner)`` hands back what
is done. Only one job runs at a time, so a wish that is out of date costs at
most the job that is running.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
import time
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Hashable, Iterator

import matplotlib

SWITCH = "NNCOURSE_DRAW_AHEAD"          # set to 0 (or no, false, off) to switch drawing ahead off
RESUME_AFTER = 0.15                     # seconds: the browser decodes and paints the new picture meanwhile


def wanted(environ: Any = None) -> bool:
    """Does the environment allow drawing ahead? Yes unless NNCOURSE_DRAW_AHEAD is 0, no, false or off."""
    environ = os.environ if environ is None else environ
    return environ.get(SWITCH, "").strip().lower() not in {"0", "no", "false", "off"}


def from_browser() -> bool:
    """Is the kernel handling a message from a browser's widget (a comm message) right now?"""
    try:
        from IPython import get_ipython
        kernel = getattr(get_ipython(), "kernel", None)
        parent = kernel.get_parent("shell") if kernel is not None else {}
    except Exception:                          # not in a kernel, or a kernel without get_parent
        return False
    return (parent or {}).get("header", {}).get("msg_type") == "comm_msg"


def style_settings() -> dict[str, Any]:
    """matplotlib's settings now (``rcParams`` without the backend): the helper draws with these."""
    return {key: value for key, value in matplotlib.rcParams.items() if not key.startswith("backend")}


def style_key() -> str:
    """A short name for matplotlib's settings now: two explorers' pictures match only under the same."""
    return hashlib.sha1(repr(sorted(style_settings().items())).encode()).hexdigest()[:12]


def use_style(settings: dict[str, Any]) -> None:
    """In the helper: draw with these matplotlib settings (those of the explorer's kernel)."""
    if style_settings() != settings:
        matplotlib.rcParams.update(settings)


# --- in the helper process -------------------------------------------------------------------

_painters: dict[Hashable, Any] = {}


def _start_helper() -> None:
    """The helper's start: the lowest CPU priority (where the system allows it), and a watch that ends
    the helper when its kernel is gone (a kernel killed outright never tells its helper to stop)."""
    try:
        os.nice(19)
    except (AttributeError, OSError):
        pass
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:             # an orphan gets another parent
        time.sleep(1.0)
    os._exit(0)


def _paint(make: Callable[[], Any], token: Hashable, job: Any) -> tuple[Hashable, Any]:
    """In the helper: the painter for ``token`` (made by ``make()`` the first time) paints ``job``."""
    painter = _painters.get(token)
    if painter is None:
        if len(_painters) > 8:                 # old layouts of explorers that moved on
            _painters.clear()
        painter = _painters[token] = make()
    return token, painter.paint(job)


# --- in the kernel ---------------------------------------------------------------------------

class DrawAhead:
    """The helper process and the wishes of every explorer of this kernel (one job running at a time)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.pool: ProcessPoolExecutor | None = None
        self.broken = not wanted()
        self.wishes: list[tuple[int, Callable[[], Any], Hashable, Any]] = []
        self.running: Future | None = None
        self.done: dict[int, list[tuple[Hashable, Any]]] = {}
        self.last_error: BaseException | None = None      # the last job's failure, if it failed (for debugging)
        self.resume: threading.Timer | None = None          # lets the helper go on after a move (release)

    def start(self) -> bool:
        """Start the helper (at the first input from a browser); False if it cannot run here."""
        if self.broken:
            return False
        if self.pool is None and from_browser():
            try:
                self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=_start_helper)
            except (OSError, ValueError, NotImplementedError, ImportError):
                self.broken = True
            else:
                # When the kernel exits, concurrent.futures waits for the helper to finish its job (in
                # threading's exit calls, run last registered first): a helper stopped by ``hold`` must go
                # on first. (threading._register_atexit is how concurrent.futures itself registers.)
                at_exit = getattr(threading, "_register_atexit", None)
                if at_exit is not None:
                    at_exit(self._signal, getattr(signal, "SIGCONT", None))
        return self.pool is not None

    def wish(self, owner: object, make: Callable[[], Any], token: Hashable, jobs: list[Any]) -> None:
        """``owner`` would like these jobs done next, best first: they replace its earlier wishes.
        ``make`` builds the owner's painter in the helper (a picklable callable); ``token`` says which."""
        if not self.start():
            return
        with self.lock:
            others = [w for w in self.wishes if w[0] != id(owner)]
            self.wishes = [(id(owner), make, token, job) for job in jobs] + others
            self._next()

    def collect(self, owner: object) -> list[tuple[Hashable, Any]]:
        """What the helper finished for ``owner`` since the last call: (token, result) pairs."""
        with self.lock:
            return self.done.pop(id(owner), [])

    @contextmanager
    def held(self) -> Iterator[None]:
        """``with AHEAD.held():`` around answering a move: ``hold``, then ``release`` however it ends."""
        self.hold()
        try:
            yield
        finally:
            self.release()

    def hold(self) -> None:
        """The kernel is answering a move: stop the helper (where the system can stop a process)."""
        self._signal(getattr(signal, "SIGSTOP", None))

    def release(self) -> None:
        """The new picture has left: let the helper go on ``RESUME_AFTER`` seconds from now."""
        if self.pool is None:
            return
        with self.lock:
            if self.resume is not None:
                self.resume.cancel()
            self.resume = threading.Timer(RESUME_AFTER, self._signal, [getattr(signal, "SIGCONT", None)])
            self.resume.daemon = True
            self.resume.start()

    def _signal(self, number: int | None) -> None:
        pool = self.pool
        if number is None or pool is None:
            return
        for process in list((getattr(pool, "_processes", None) or {}).values()):   # the pool's one process
            try:
                os.kill(process.pid, number)
            except (OSError, AttributeError):
                pass

    def idle(self) -> bool:
        """Nothing running and nothing wished (the tests wait for this)."""
        with self.lock:
            return self.running is None and not self.wishes

    def stop(self) -> None:
        """Stop the helper process (a new wish from a browser starts another)."""
        with self.lock:
            if self.resume is not None:
                self.resume.cancel()
            pool, self.wishes = self.pool, []
        self._signal(getattr(signal, "SIGCONT", None))       # a stopped helper could not finish its job
        with self.lock:
            self.pool = None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _next(self) -> None:
        if self.running is not None or not self.wishes:
            return
        owner, make, token, job = self.wishes.pop(0)
        try:
            self.running = self.pool.submit(_paint, make, token, job)
        except RuntimeError:                    # the pool broke (the helper died): go on without it
            self.broken, self.pool, self.wishes = True, None, []
            return
        self.running.add_done_callback(lambda future: self._finished(owner, future))

    def _finished(self, owner: int, future: Future) -> None:
        with self.lock:
            self.running = None
            if future.cancelled():                 # stop() while it waited
                return
            self.last_error = future.exception()
            if self.last_error is None:
                self.done.setdefault(owner, []).append(future.result())
            elif self.pool is not None and getattr(self.pool, "_broken", False):
                self.broken, self.pool, self.wishes = True, None, []
            self._next()


AHEAD = DrawAhead()
