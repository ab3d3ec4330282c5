"""Write a copy of the course for students: everything but the solutions and the teacher's guide.

    python tools/make_student_copy.py OUTDIR
    python tools/make_student_copy.py OUTDIR --source COURSE     # copy another checkout or folder

OUTDIR must not exist yet (or be an empty folder) and must lie outside this repository. The copy
leaves out

    notebooks/solutions/    the worked solutions
    teachers/               lesson plans, model answers, the quiz and its answers
    notebooks/TEACHING.md   the pointer to teachers/
    tests/                  the test suite (it re-runs the solutions, so it cannot pass without them;
                            in the copy, `make test` runs the notebooks through nbval only)

and turns every Markdown link that pointed into one of those into its plain text, in the
notebooks' text cells and in the .md files, so the copy has no dead links. In the .md files it also
leaves out what stands between the lines

    <!-- student copy: leave out from here -->
    <!-- student copy: leave out up to here -->

(README.md's worked solutions and its "For teachers" part). Everything else is copied byte for
byte, so the copy runs on Binder and installs exactly like the course.

Which files: in a git checkout, the files git knows about (tracked, plus new files that are not
ignored), so .venv/, build/ and caches stay behind; outside a git checkout, every file except
those folders. `make publish REPO=owner/name` (tools/publish.py) writes this copy with its links
pointing at the GitHub repository owner/name; teachers/running-a-class.md says how to publish it.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Left out of the copy: folders (with everything in them) and single files, relative to the repository.
LEFT_OUT = ("notebooks/solutions", "teachers", "notebooks/TEACHING.md", "tests")

# Never copied when the source is not a git checkout (what .gitignore keeps out of a checkout).
NOT_COURSE_DIRS = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".ipynb_checkpoints",
                   ".pytest_cache", "node_modules", "artifacts"}

# The lines around a part of a .md file that the student copy leaves out (the lines too).
LEAVE_OUT_FROM = "<!-- student copy: leave out from here -->"
LEAVE_OUT_TO = "<!-- student copy: leave out up to here -->"

# A Markdown link or image: [text](target) or ![text](target); the target has no spaces.
MARKDOWN_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")


@dataclass
class CopyReport:
    """What make_student_copy did: the files written and the files whose links were turned into text."""
    out: Path
    files: list[str] = field(default_factory=list)
    unlinked: dict[str, int] = field(default_factory=dict)      # file -> number of links made plain text
    trimmed: dict[str, int] = field(default_factory=dict)       # file -> number of parts left out

    def summary(self) -> str:
        lines = [f"wrote {len(self.files)} files to {self.out}",
                 f"left out: {', '.join(LEFT_OUT)}"]
        for name, count in sorted(self.unlinked.items()):
            lines.append(f"  {name}: {count} link(s) into a left-out folder turned into plain text")
        for name, count in sorted(self.trimmed.items()):
            lines.append(f"  {name}: {count} part(s) marked 'student copy: leave out' left out")
        return "\n".join(lines)


def is_left_out(relative: str) -> bool:
    """True for a path (relative to the repository, with /) inside one of LEFT_OUT."""
    return any(relative == part or relative.startswith(part + "/") for part in LEFT_OUT)


def course_files(repo: Path) -> list[str]:
    """The repository's files, relative with '/', sorted: from git when it is a checkout, else by walking."""
    if (repo / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(
            ["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            check=True, capture_output=True).stdout.decode("utf-8").split("\0")
        return sorted({name for name in listed if name and (repo / name).is_file()})
    found = []
    for path in repo.rglob("*"):
        relative = path.relative_to(repo)
        if path.is_file() and not any(part in NOT_COURSE_DIRS or part.endswith(".egg-info")
                                      for part in relative.parts):
            found.append(relative.as_posix())
    return sorted(found)


def points_into_left_out(target: str, source: str) -> bool:
    """True when a link target (as written in the file `source`) leads into a left-out path."""
    if "://" in target or target.startswith(("#", "mailto:")):
        return False
    path = target.split("#")[0].split("?")[0]
    if not path:
        return False
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    return is_left_out(resolved)


def unlink(text: str, source: str) -> tuple[str, int]:
    """Replace each Markdown link into a left-out path by its text; return the new text and the count."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        if points_into_left_out(match["target"], source):
            count += 1
            return match["text"]
        return match[0]

    return MARKDOWN_LINK.sub(replace, text), count


def leave_out_marked(text: str, source: str) -> tuple[str, int]:
    """The Markdown without its parts between LEAVE_OUT_FROM and LEAVE_OUT_TO lines (markers included),
    and how many there were. A blank line on both sides of a part is kept once. An unpaired marker
    is refused, naming the file and line, rather than leaving out too much or too little."""
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    start = None                                    # index in `lines` of the open part's first marker
    parts = 0
    for number, line in enumerate(lines):
        marker = line.strip()
        if marker == LEAVE_OUT_FROM and start is None:
            start = number
        elif marker == LEAVE_OUT_TO and start is not None:
            start, parts = None, parts + 1
            after = lines[number + 1] if number + 1 < len(lines) else ""
            if kept and not kept[-1].strip() and not after.strip():
                kept.pop()                          # one blank line between what comes before and after
        elif marker in (LEAVE_OUT_FROM, LEAVE_OUT_TO):
            raise SystemExit(f"make_student_copy: {source} line {number + 1}: {marker} without the "
                             f"{'closing' if start is not None else 'opening'} marker before it; markers "
                             f"come in pairs, {LEAVE_OUT_FROM} then {LEAVE_OUT_TO}")
        elif start is None:
            kept.append(line)
    if start is not None:
        raise SystemExit(f"make_student_copy: {source} line {start + 1}: {LEAVE_OUT_FROM} is never "
                         f"closed by {LEAVE_OUT_TO}")
    return "".join(kept), parts


def unlink_notebook(raw: str, source: str) -> tuple[str, int]:
    """The notebook JSON with links in its markdown cells unlinked, written the way Jupyter writes it."""
    notebook = json.loads(raw)
    total = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        new, count = unlink(text, source)
        if count:
            total += count
            cell["source"] = new.splitlines(keepends=True) if isinstance(cell["source"], list) else new
    if not total:
        return raw, 0
    return json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n", total   # as nbformat writes


def check_out_dir(out: Path, repo: Path) -> None:
    """Refuse an OUTDIR inside the repository, or one that already holds files, with a clear message."""
    out, repo = out.resolve(), repo.resolve()
    if out == repo or repo in out.parents:
        raise SystemExit(f"make_student_copy: OUTDIR must be outside the repository {repo}, "
                         f"got {out} (for example: ../nn-course-student)")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise SystemExit(f"make_student_copy: OUTDIR must be a new or empty folder, "
                         f"but {out} already {'holds files' if out.is_dir() else 'exists as a file'}")


def student_version(name: str, raw: str) -> tuple[str, int, int]:
    """A .md or .ipynb file's text for the copy (marked parts left out of a .md file, links into
    LEFT_OUT made plain text), with the number of parts left out and of links unlinked."""
    if name.endswith(".ipynb"):
        new, links = unlink_notebook(raw, name)
        return new, 0, links
    text, parts = leave_out_marked(raw, name)
    new, links = unlink(text, name)
    return new, parts, links


def make_student_copy(out: Path, repo: Path = REPO) -> CopyReport:
    """Copy the course in `repo` to `out` without LEFT_OUT, its marked parts and links into LEFT_OUT;
    return a report."""
    check_out_dir(out, repo)
    report = CopyReport(out=out.resolve())
    for name in course_files(repo):
        if is_left_out(name):
            continue
        source, target = repo / name, out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        report.files.append(name)
        raw = source.read_text(encoding="utf-8") if name.endswith((".ipynb", ".md")) else None
        new, parts, links = student_version(name, raw) if raw is not None else (None, 0, 0)
        if new == raw:
            shutil.copy2(source, target)
            continue
        target.write_text(new, encoding="utf-8")
        shutil.copymode(source, target)
        if links:
            report.unlinked[name] = links
        if parts:
            report.trimmed[name] = parts
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="a new (or empty) folder outside the repository")
    parser.add_argument("--source", type=Path, default=REPO,
                        help="the course to copy (default: the repository this script is in)")
    args = parser.parse_args(argv)
    print(make_student_copy(args.outdir, args.source).summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
