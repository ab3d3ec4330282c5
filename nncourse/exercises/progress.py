"""A learner's progress: what the exercise checks record, and reading it back.

The file
--------
``progress.jsonl`` in the folder the notebook runs in (the kernel's working
folder: ``notebooks/`` in a clone of the course, ``/content`` on Colab), or in
the folder ``$NNCOURSE_PROGRESS_DIR`` names; ``NNCOURSE_PROGRESS_DIR=off``
records nothing. ``.gitignore`` keeps the file out of git, so nbgitpuller never
merges it. One JSON object a line, for every counted wrong try, correct answer
and reveal (``check.NAME.reveal()``)::

    {"notebook": "01", "exercise": "neuron_output", "event": "wrong", "time": "2026-12-07T10:15:03+00:00"}

Never the answer. Times are UTC, ISO 8601.

Lines are only ever appended, each record in a single ``write`` to a file
opened for appending: two kernels writing at once add whole lines and lose
none (rewriting one JSON document would lose one kernel's update), and a line
cut short spoils only itself, since readers skip it. A record that cannot be
written (a read-only folder, a full disk, recording off) is kept in memory, so
``check.progress()`` still shows this session; the check prints nothing more.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

FILE_NAME = "progress.jsonl"
FOLDER_VARIABLE = "NNCOURSE_PROGRESS_DIR"       # a folder, or "off"
EVENTS = ("correct", "wrong", "reveal")
MODULE_PREFIX = "nncourse.exercises.nb"         # nncourse.exercises.nb04b is notebook "04b"
NAME = re.compile(r"[A-Za-z0-9_]{1,64}")        # what a notebook or exercise name may be
MAX_BYTES = 5_000_000                           # a larger file is read only this far
MAX_UNSAVED = 10_000                            # records kept in memory when they cannot be written


@dataclass(frozen=True)
class Record:
    """One line of the file: in a notebook, an exercise had an event at a time (UTC, ISO 8601)."""
    notebook: str
    exercise: str
    event: str
    time: str


@dataclass
class ExerciseProgress:
    """An exercise's records folded together: solved at least once, wrong tries, revealed, first and last time."""
    solved: bool = False
    wrong_tries: int = 0
    revealed: bool = False
    first: str = ""
    last: str = ""


_unsaved: list[Record] = []    # this process's records that could not be written


# --- writing -----------------------------------------------------------------------------------

def progress_file() -> Path | None:
    """Where the records go: $NNCOURSE_PROGRESS_DIR (None when it is "off") or the working folder."""
    folder = os.environ.get(FOLDER_VARIABLE, "")
    if folder.strip().lower() == "off":
        return None
    return Path(folder or os.getcwd()) / FILE_NAME


def notebook_of(module: str) -> str | None:
    """The notebook a check module belongs to ("01" for nncourse.exercises.nb01), None for any other module."""
    key = module[len(MODULE_PREFIX):] if module.startswith(MODULE_PREFIX) else ""
    return key if NAME.fullmatch(key) else None


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def record(notebook: str, exercise: str, events: Iterable[str]) -> bool:
    """Append one line per event; True if written. Never raises: a check must not break a lesson."""
    records = [Record(notebook, exercise, event, utc_now()) for event in events]
    if not records:
        return True
    try:
        path = progress_file()
        if path is None:
            raise OSError("recording is off")
        _append(path, "".join(json.dumps(vars(r), ensure_ascii=False) + "\n" for r in records).encode())
        return True
    except Exception:            # whatever went wrong (OSError, a strange working folder): not recorded
        _unsaved.extend(records[:max(0, MAX_UNSAVED - len(_unsaved))])
        return False


def _append(path: Path, data: bytes) -> None:
    """Add ``data`` at the end of the file in one write, after a newline if the last line was cut short."""
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o644)
    try:
        if os.fstat(fd).st_size > 0:
            os.lseek(fd, -1, os.SEEK_END)
            if os.read(fd, 1) != b"\n":
                data = b"\n" + data
        os.write(fd, data)       # O_APPEND: to the end, whatever the position
    finally:
        os.close(fd)


# --- reading -----------------------------------------------------------------------------------

def parse_line(line: str) -> Record | None:
    """The record a line holds, or None if it is not one (bad JSON, a field missing or odd, a bad time)."""
    try:
        data = json.loads(line)
        fields = [data["notebook"], data["exercise"], data["event"], data["time"]]
        if not all(isinstance(f, str) for f in fields) or not NAME.fullmatch(fields[0]) \
                or not NAME.fullmatch(fields[1]) or fields[2] not in EVENTS:
            return None
        when = datetime.fromisoformat(fields[3])
        if when.tzinfo is None:
            return None
        fields[3] = when.astimezone(timezone.utc).isoformat(timespec="seconds")
        return Record(*fields)
    except (ValueError, TypeError, KeyError, OverflowError):
        return None


def read_records(path: Path) -> tuple[list[Record], int]:
    """The file's records and how many non-blank lines were not records. Raises OSError if unreadable."""
    with open(path, "rb") as file:
        text = file.read(MAX_BYTES).decode("utf-8", errors="replace")
    lines = [line for line in text.splitlines() if line.strip()]
    records = [parse_line(line) for line in lines]
    good = [r for r in records if r is not None]
    return good, len(lines) - len(good)


def fold(records: Iterable[Record]) -> dict[tuple[str, str], ExerciseProgress]:
    """{(notebook, exercise): its progress}, from records in any order."""
    table: dict[tuple[str, str], ExerciseProgress] = {}
    for r in records:
        p = table.setdefault((r.notebook, r.exercise), ExerciseProgress(first=r.time, last=r.time))
        p.solved |= r.event == "correct"
        p.revealed |= r.event == "reveal"
        p.wrong_tries += r.event == "wrong"
        p.first, p.last = min(p.first, r.time), max(p.last, r.time)
    return table


# --- what check.progress() shows ----------------------------------------------------------------

def plural(n: int, word: str, words: str = "") -> str:
    """'1 line', '2 lines'; ``words`` for an irregular plural ('tries')."""
    return f"{n} {word if n == 1 else words or word + 's'}"


def status(p: ExerciseProgress | None) -> str:
    """'done', 'done, answer revealed', 'tried (2 wrong tries)', 'revealed (3 wrong tries)' or 'not started'."""
    if p is None or not (p.solved or p.revealed or p.wrong_tries):
        return "not started"
    tries = f" ({plural(p.wrong_tries, 'wrong try', 'wrong tries')})" if p.wrong_tries else ""
    if p.solved:
        return "done" + tries + (", answer revealed" if p.revealed else "")
    return ("revealed" if p.revealed else "tried") + tries


def session_notes(path: Path | None, bad_lines: int, unreadable: str) -> list[str]:
    """The lines under the table that say what the table could not include."""
    notes = []
    if path is None:
        notes.append(f"Recording is off ({FOLDER_VARIABLE}=off): this shows only this session's checks.")
    elif _unsaved:
        notes.append(f"{plural(len(_unsaved), 'record')} of this session could not be saved in {path} "
                     f"(a read-only folder?): shown here, lost when the kernel stops.")
    if unreadable:
        notes.append(f"{path} could not be read ({unreadable}).")
    if bad_lines:
        notes.append(f"{plural(bad_lines, 'line')} of {path} could not be read and were skipped.")
    return notes


def show(notebook: str, exercises: list[str]) -> None:
    """Print one line per exercise of the notebook (its status), how many are done, and any notes."""
    path, bad, unreadable, saved = None, 0, "", []
    try:
        path = progress_file()
    except OSError:                         # the working folder was deleted
        pass
    if path is not None:
        try:
            saved, bad = read_records(path)
        except FileNotFoundError:
            pass
        except Exception as error:          # never a traceback in a lesson
            unreadable = type(error).__name__
    table = fold(r for r in saved + _unsaved if r.notebook == notebook)
    width = max(map(len, exercises), default=0)
    print(f"Notebook {notebook}, your progress" + (f" (kept in {path})" if path is not None else ""))
    for name in exercises:
        print(f"  {name:<{width}}  {status(table.get((notebook, name)))}")
    done = sum(table[(notebook, name)].solved for name in exercises if (notebook, name) in table)
    print(f"{done} of {len(exercises)} done.")
    for note in session_notes(path, bad, unreadable):
        print(note)


def progress_for(module: str) -> Callable[[], None]:
    """The ``progress()`` function of a notebook's check module (``progress = progress_for(__name__)``)."""
    def progress() -> None:
        """Print what you have done in this notebook: each exercise done, tried, revealed or not started."""
        from . import checks_in
        show(notebook_of(module) or module, [check.name for check in checks_in(sys.modules[module])])
    return progress
