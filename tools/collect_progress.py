"""Collect a class's exercise progress into one table: a CSV file and a printed summary.

    python tools/collect_progress.py /home/* --csv class.csv          # on a hub (as root)
    python tools/collect_progress.py handed-in/* --csv class.csv      # files the students handed in

Every FOLDER is one student's, named by the folder's own name (/home/jupyter-alice is
"jupyter-alice"); every progress.jsonl under it (hidden folders skipped, at most 6 levels down) is
read and their records merged. A FILE given instead is one student's, named by the file's name
without its extension (handed-in/alice.jsonl is "alice"). The exercise checks write the files
(nncourse/exercises/progress.py says where and how).

One row per student and exercise with a record: student, notebook, exercise, solved, wrong_tries,
revealed, first_time, last_time (UTC). A missing folder, a folder without a progress file, an
unreadable or empty file, lines that are not records: each is listed at the end with the reason,
and whatever could be read is still used. Exit status 0 when at least one record was read, 1 when
nothing at all was (wrong folders?) or the CSV could not be written.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import os
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from nncourse.exercises import checks_in
from nncourse.exercises.progress import FILE_NAME, MAX_BYTES, ExerciseProgress, Record, fold, read_records

NOTEBOOKS = ("00", "01", "02", "03", "04", "04b", "05", "05b", "06", "07")
MAX_DEPTH = 6
COLUMNS = ["student", "notebook", "exercise", "solved", "wrong_tries", "revealed", "first_time", "last_time"]


@dataclass
class ClassProgress:
    """What was read: each student's records (a student with none too), and the problems met (path, reason)."""
    records: dict[str, list[Record]] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)


def course_exercises() -> dict[str, list[str]]:
    """{notebook: its exercises' names in the order the notebook meets them}."""
    return {nb: [c.name for c in checks_in(importlib.import_module(f"nncourse.exercises.nb{nb}"))]
            for nb in NOTEBOOKS}


def progress_files(folder: Path, problems: list[tuple[str, str]]) -> list[Path]:
    """The progress files under ``folder``, skipping hidden folders; folders that cannot be listed go to ``problems``."""
    found = []
    def unlistable(error: OSError) -> None:
        problems.append((str(error.filename), f"could not look inside ({error.strerror})"))
    for here, folders, files in os.walk(folder, onerror=unlistable):
        depth = len(Path(here).relative_to(folder).parts)
        folders[:] = sorted(f for f in folders if not f.startswith(".") and depth < MAX_DEPTH)
        found += [Path(here) / name for name in files if name == FILE_NAME]
    return found


def read_file(path: Path, problems: list[tuple[str, str]]) -> list[Record]:
    """The file's records; an unreadable or empty file, or lines that are not records, go to ``problems``."""
    try:
        records, bad = read_records(path)
        size = path.stat().st_size
    except OSError as error:
        problems.append((str(path), f"could not be read ({error.strerror or error})"))
        return []
    if not records and not bad:
        problems.append((str(path), "empty"))
    elif not records:
        problems.append((str(path), f"no line is a progress record ({bad} lines)"))
    elif bad:
        problems.append((str(path), f"{bad} of {bad + len(records)} lines are not progress records (skipped)"))
    if size > MAX_BYTES:
        problems.append((str(path), f"larger than {MAX_BYTES:,} bytes: only the start was read"))
    return records


def student_name(place: Path) -> str:
    """A folder's own name; a file's name without its extension."""
    return place.stem if place.is_file() else place.name


def collect(places: list[str]) -> ClassProgress:
    """Read every student's folder or file; never raises for a bad or missing one."""
    result = ClassProgress()
    for given in places:
        place = Path(os.path.abspath(given))
        name = student_name(place)
        result.records.setdefault(name, [])
        if place.is_file():
            files = [place]
        elif place.is_dir():
            files = progress_files(place, result.problems)
            if not files:
                result.problems.append((given, f"no {FILE_NAME} under it"))
        else:
            result.problems.append((given, "no such folder or file"))
            files = []
        for path in files:
            result.records[name] += read_file(path, result.problems)
    return result


def table_rows(found: ClassProgress, course: dict[str, list[str]]) -> list[dict[str, str]]:
    """One row per student and exercise with a record, in the course's order (unknown exercises last)."""
    order = {(nb, ex): i for i, (nb, ex) in enumerate((nb, ex) for nb in course for ex in course[nb])}
    rows = []
    for student in sorted(found.records):
        table = fold(found.records[student])
        for key in sorted(table, key=lambda k: (order.get(k, len(order)), k)):
            p = table[key]
            rows.append({"student": spreadsheet_safe(student), "notebook": key[0], "exercise": key[1],
                         "solved": yes_no(p.solved), "wrong_tries": str(p.wrong_tries),
                         "revealed": yes_no(p.revealed), "first_time": p.first, "last_time": p.last})
    return rows


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a folder named "=1+1" is shown as text)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_csv(rows: list[dict[str, str]], path: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def summary(found: ClassProgress, course: dict[str, list[str]]) -> list[str]:
    """The printed summary: per exercise, per student, then the problems."""
    tables = {student: fold(records) for student, records in found.records.items()}
    readable = [s for s in tables if tables[s]]
    lines = [f"{len(readable)} of {len(tables)} students have progress recorded.", "",
             "Per exercise (of the students who tried it: solved, median wrong tries, revealed):"]
    known = [(nb, ex) for nb in course for ex in course[nb]]
    seen = sorted({key for table in tables.values() for key in table} - set(known))
    for key in known + seen:
        tried: list[ExerciseProgress] = [tables[s][key] for s in readable if key in tables[s]]
        if tried:
            median = statistics.median(p.wrong_tries for p in tried)
            lines.append(f"  {key[0]:>3} {key[1]:<24} tried by {len(tried):>3}, solved by {sum(p.solved for p in tried):>3}, "
                         f"median wrong tries {median:g}, revealed by {sum(p.revealed for p in tried)}")
    total = len(known) or len(known + seen)
    lines += ["", f"Per student (done of the course's {total} exercises):"]
    for student in sorted(tables):
        done = sum(p.solved for key, p in tables[student].items() if key in known or not known)
        note = "" if tables[student] else "  (nothing recorded)"
        lines.append(f"  {student:<24} {done:>3} of {total} done{note}")
    if found.problems:
        lines += ["", f"Problems ({len(found.problems)}):"] + [f"  {path}: {reason}" for path, reason in found.problems]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     epilog="A student is named by the folder given (or the file's name).")
    parser.add_argument("places", nargs="+", metavar="FOLDER", help="one student's folder (or progress file)")
    parser.add_argument("--csv", metavar="FILE", help="write the table to this CSV file")
    args = parser.parse_args(argv)
    course = course_exercises()
    found = collect(args.places)
    rows = table_rows(found, course)
    print("\n".join(summary(found, course)))
    if not any(found.records.values()):
        print("\nNothing could be read: no progress record in any folder given.", file=sys.stderr)
        return 1
    if args.csv:
        try:
            write_csv(rows, args.csv)
        except OSError as error:
            print(f"\nThe CSV could not be written to {args.csv}: {error}", file=sys.stderr)
            return 1
        print(f"\n{len(rows)} rows written to {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
