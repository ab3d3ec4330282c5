"""A learner's progress: recorded by the real checks, shown by check.progress(), never the answer,
never a traceback (a read-only folder, a corrupt file, two writers at once); and the teacher's
tools/collect_progress.py on a made-up class. Each test records into its own temporary folder."""

from __future__ import annotations

import csv
import errno
import json
import subprocess
import sys
import time
from datetime import datetime, timedelta

import numpy as np
import pytest

import collect_progress
from nncourse.exercises import checks_in, nb00, nb01, nb02, nb03, nb04, nb04b, nb05, nb05b, nb06, nb07, progress
from nncourse.exercises.progress import FILE_NAME, FOLDER_VARIABLE, read_records

MODULES = (nb00, nb01, nb02, nb03, nb04, nb04b, nb05, nb05b, nb06, nb07)
A = float(1 / (1 + np.exp(-0.3)))          # exercise 1 of 01: z = 0.8 − 0.3 − 0.3 + 0.1 = 0.3, a = σ(0.3)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A fresh folder the checks record into; the learner starts with no tries and nothing unsaved."""
    monkeypatch.setenv(FOLDER_VARIABLE, str(tmp_path))
    monkeypatch.setattr(progress, "_unsaved", [])
    for check in checks_in(nb01):
        check.reset()
    return tmp_path


def events(path):
    """[(exercise, event)] of the file, in order; every line must be a record."""
    records, bad = read_records(path)
    assert bad == 0
    return [(r.exercise, r.event) for r in records]


def a_lesson(capsys) -> str:
    """What a learner does in notebook 01; returns what the checks printed."""
    nb01.neuron_output(None)                # the starter answer: not a try
    nb01.neuron_output(0.3)                 # z, not σ(z): a wrong try
    nb01.neuron_output("abc")               # text: not a try
    nb01.neuron_output(A)                   # correct
    nb01.batch_outputs.reveal()
    for wrong in (0.5, 0.6, 0.7):           # three wrong tries: the check points at reveal(), shows nothing
        nb01.slope_from_activation(wrong)
    return capsys.readouterr().out


LESSON = [("neuron_output", "wrong"), ("neuron_output", "correct"), ("batch_outputs", "reveal"),
          ("slope_from_activation", "wrong"), ("slope_from_activation", "wrong"),
          ("slope_from_activation", "wrong")]


def test_the_checks_record_wrong_tries_correct_answers_and_reveals(folder, capsys):
    a_lesson(capsys)
    assert events(folder / FILE_NAME) == LESSON
    for line in (folder / FILE_NAME).read_text().splitlines():
        record = json.loads(line)
        assert set(record) == {"notebook", "exercise", "event", "time"} and record["notebook"] == "01"
        when = datetime.fromisoformat(record["time"])
        assert when.utcoffset() == timedelta(0)
        assert abs(datetime.now(when.tzinfo) - when) < timedelta(minutes=5)


def test_a_check_prints_the_same_whether_it_records_or_not(folder, monkeypatch, capsys):
    recorded = a_lesson(capsys)
    monkeypatch.setenv(FOLDER_VARIABLE, "off")
    for check in checks_in(nb01):
        check.reset()
    assert a_lesson(capsys) == recorded
    assert "correct" in recorded and "slope_from_activation.reveal() shows the answer" in recorded


def test_the_answer_is_never_stored(folder, capsys):
    nb01.neuron_output(0.987654321)
    nb01.neuron_output(np.array([0.4242424242]))
    nb01.neuron_output(A)
    text = (folder / FILE_NAME).read_text()
    assert len(text.splitlines()) == 3
    for digits in ("987654", "424242", f"{A:.6f}"[2:], "5744"):
        assert digits not in text


def test_checks_outside_a_notebook_module_record_nothing(folder, capsys):
    from nncourse.exercises import check_number
    check_number(1.0, 1.0, "a number")
    check_number(2.0, 1.0, "a number")
    assert not (folder / FILE_NAME).exists()


def test_without_the_variable_the_file_goes_in_the_working_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(FOLDER_VARIABLE)
    monkeypatch.chdir(tmp_path)
    nb01.neuron_output(A)
    assert events(tmp_path / FILE_NAME) == [("neuron_output", "correct")]


def test_off_records_nothing_and_progress_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(FOLDER_VARIABLE, "off")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(progress, "_unsaved", [])
    nb01.neuron_output(A)
    nb01.progress()
    printed = capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
    assert "neuron_output          done\n" in printed and "Recording is off" in printed


def refuse(*args, **kwargs):
    raise OSError(errno.EROFS, "Read-only file system")


# (a folder without write permission is the read-only case for everyone but root, who may write anywhere,
# and the tests run as root on CI: the refused os.open stands for it)
@pytest.mark.parametrize("why", ["a file where the folder should be", "a read-only file system"])
def test_an_unwritable_folder_is_not_recorded_but_shown_for_the_session(tmp_path, monkeypatch, capsys, why):
    folder = tmp_path / "file" / "notebooks" if why == "a file where the folder should be" else tmp_path
    (tmp_path / "file").write_text("")
    monkeypatch.setenv(FOLDER_VARIABLE, str(folder))
    monkeypatch.setattr(progress, "_unsaved", [])
    nb01.neuron_output.reset()
    with monkeypatch.context() as patch:
        if why == "a read-only file system":
            patch.setattr(progress.os, "open", refuse)
        nb01.neuron_output(0.3)
        nb01.neuron_output(A)
    assert capsys.readouterr().out.splitlines()[1] == "correct"      # nothing more than usual
    nb01.progress()
    printed = capsys.readouterr().out
    assert "neuron_output          done (1 wrong try)\n" in printed
    assert "2 records of this session could not be saved" in printed
    assert not (tmp_path / FILE_NAME).exists()


def test_a_corrupt_file_is_read_around_and_still_appended_to(folder, capsys):
    path = folder / FILE_NAME
    path.write_bytes(b"\x00\xff not json\n{\"notebook\": \"01\"}\n"
                     b'{"notebook": "01", "exercise": "or_neuron", "event": "wrong", "time": "2026-01-01T00:00:00+00:00"}\n'
                     b'{"notebook": "01", "exercise": "neuron_output", "ev')      # a line cut short
    nb01.neuron_output(A)
    nb01.progress()
    printed = capsys.readouterr().out
    records, bad = read_records(path)
    assert [(r.exercise, r.event) for r in records] == [("or_neuron", "wrong"), ("neuron_output", "correct")]
    assert bad == 3
    assert "3 lines of" in printed and "could not be read and were skipped" in printed


def test_progress_prints_each_exercise_of_the_notebook(folder, capsys):
    a_lesson(capsys)
    nb01.or_neuron((np.array([1.0, 1.0]), 5.0))      # fires for (0, 0) too: a wrong try
    capsys.readouterr()
    nb01.progress()
    assert capsys.readouterr().out.splitlines() == [
        f"Notebook 01, your progress (kept in {folder / FILE_NAME})",
        "  neuron_output          done (1 wrong try)",
        "  batch_outputs          revealed",
        "  slope_from_activation  tried (3 wrong tries)",
        "  or_neuron              tried (1 wrong try)",
        "  nudge_prediction       not started",
        "1 of 5 done."]


def test_every_notebook_module_has_its_own_progress(folder, capsys):
    for module in MODULES:
        module.progress()
        lines = capsys.readouterr().out.splitlines()
        notebook = module.__name__.rsplit(".nb", 1)[1]
        names = [check.name for check in checks_in(module)]
        assert lines[0].startswith(f"Notebook {notebook}, your progress")
        assert [line.split()[0] for line in lines[1:-1]] == names
        assert lines[-1] == f"0 of {len(names)} done."


WRITER = """
import sys, time
from pathlib import Path
from nncourse.exercises.progress import record
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
for k in range(1000):
    assert record("01", sys.argv[1], ["wrong"])
"""


def test_two_kernels_writing_at_once_lose_no_line(folder):
    go = folder / "go"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, name, str(go)]) for name in ("first", "second")]
    time.sleep(1.0)                                # both started and waiting
    go.touch()
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    recorded = events(folder / FILE_NAME)          # every line a whole record
    assert recorded.count(("first", "wrong")) == 1000 and recorded.count(("second", "wrong")) == 1000
    assert len(recorded) == 2000


# --- the teacher's tool -------------------------------------------------------------------------

def line(exercise, event, time, notebook="01"):
    return json.dumps({"notebook": notebook, "exercise": exercise, "event": event, "time": time}) + "\n"


@pytest.fixture
def a_class(tmp_path):
    """A made-up class. alice: neuron_output solved after 2 wrong tries, batch_outputs revealed after 3,
    and 02's batch_gradient solved at once, in two files (notebooks/ and solutions/); bob: one good line
    (neuron_output solved) and two bad ones; carol: an empty file; dave: no file; erin: a handed-in file."""
    home = tmp_path / "home"
    alice = home / "alice" / "REPO" / "notebooks"
    (alice / "solutions").mkdir(parents=True)
    (alice / FILE_NAME).write_text(
        line("neuron_output", "wrong", "2026-12-01T09:00:00+00:00") + line("neuron_output", "wrong", "2026-12-01T09:01:00+00:00")
        + line("neuron_output", "correct", "2026-12-01T09:02:00+00:00")
        + "".join(line("batch_outputs", "wrong", f"2026-12-01T09:1{k}:00+00:00") for k in range(3))
        + line("batch_outputs", "reveal", "2026-12-01T09:13:00+00:00"))
    (alice / "solutions" / FILE_NAME).write_text(line("batch_gradient", "correct", "2026-12-02T10:00:00+01:00", "02"))
    (home / "alice" / ".cache").mkdir()
    (home / "alice" / ".cache" / FILE_NAME).write_text("hidden folders are not read\n")
    (home / "bob" / "notebooks").mkdir(parents=True)
    (home / "bob" / "notebooks" / FILE_NAME).write_text(
        "not json\n" + line("neuron_output", "correct", "2026-12-01T11:00:00+00:00") + '{"answer": 0.574}\n')
    (home / "carol" / "notebooks").mkdir(parents=True)
    (home / "carol" / "notebooks" / FILE_NAME).write_text("")
    (home / "dave").mkdir()
    handed_in = tmp_path / "handed-in"
    handed_in.mkdir()
    (handed_in / "erin.jsonl").write_text(line("neuron_output", "wrong", "2026-12-03T08:00:00+00:00"))
    return tmp_path


def test_the_collector_reads_a_class_into_one_table(a_class, capsys):
    home = a_class / "home"
    places = [str(home / name) for name in ("alice", "bob", "carol", "dave", "nobody")]
    out = a_class / "class.csv"
    assert collect_progress.main(places + [str(a_class / "handed-in" / "erin.jsonl"), "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    with open(out, newline="") as file:
        reader = csv.DictReader(file)
        assert reader.fieldnames == ["student", "notebook", "exercise", "solved", "wrong_tries", "revealed",
                                     "first_time", "last_time"]
        rows = [tuple(row.values()) for row in reader]
    assert rows == [
        ("alice", "01", "neuron_output", "yes", "2", "no", "2026-12-01T09:00:00+00:00", "2026-12-01T09:02:00+00:00"),
        ("alice", "01", "batch_outputs", "no", "3", "yes", "2026-12-01T09:10:00+00:00", "2026-12-01T09:13:00+00:00"),
        ("alice", "02", "batch_gradient", "yes", "0", "no", "2026-12-02T09:00:00+00:00", "2026-12-02T09:00:00+00:00"),
        ("bob", "01", "neuron_output", "yes", "0", "no", "2026-12-01T11:00:00+00:00", "2026-12-01T11:00:00+00:00"),
        ("erin", "01", "neuron_output", "no", "1", "no", "2026-12-03T08:00:00+00:00", "2026-12-03T08:00:00+00:00")]
    total = sum(len(checks_in(module)) for module in MODULES)
    # neuron_output: alice, bob, erin tried; alice and bob solved; wrong tries 2, 0, 1: median 1; none revealed.
    assert "01 neuron_output            tried by   3, solved by   2, median wrong tries 1, revealed by 0" in printed
    assert "01 batch_outputs            tried by   1, solved by   0, median wrong tries 3, revealed by 1" in printed
    assert f"alice                      2 of {total} done\n" in printed
    assert f"carol                      0 of {total} done  (nothing recorded)" in printed
    assert "3 of 6 students have progress recorded." in printed
    problems = printed.split("Problems (4):\n")[1].split("\n\n")[0].splitlines()
    assert problems == [f"  {home / 'bob' / 'notebooks' / FILE_NAME}: 2 of 3 lines are not progress records (skipped)",
                        f"  {home / 'carol' / 'notebooks' / FILE_NAME}: empty",
                        f"  {home / 'dave'}: no progress.jsonl under it",
                        f"  {home / 'nobody'}: no such folder or file"]


def test_the_collector_fails_only_when_nothing_could_be_read(a_class, capsys):
    home = a_class / "home"
    out = a_class / "none.csv"
    assert collect_progress.main([str(home / "carol"), str(home / "dave"), "--csv", str(out)]) == 1
    assert "Nothing could be read" in capsys.readouterr().err
    assert not out.exists()
    assert collect_progress.main([str(home / "bob"), str(home / "dave")]) == 0
