"""Publish the course for a class: the student copy with its links pointing at its own repository.

    make publish REPO=owner/name                      # writes ../name
    python tools/publish.py owner/name [--out FOLDER] [--source COURSE]

The course's links say OWNER/REPO: the Binder badge, the Colab links, the line of every notebook
that installs nnlib where it is missing (on Colab) and, in the teacher's guide, nbgitpuller's class
link. This writes the student copy (tools/make_student_copy.py: no solutions, no teachers/, no
tests/, no "For teachers" part in README.md) with its links naming the GitHub repository
owner/name, branch main, then prints how to push it and the links to hand out (Binder's and the
class link). The course keeps its placeholders.

Run it again after changing the course: into a folder that holds the copy published for the same
repository (its git history too) it writes only the files that changed, and keeps files you added
(a solution released after a deadline). A second run with nothing changed writes nothing. It
refuses a folder published for another repository, or one holding anything else: publish
somewhere new instead.

Only .md files and notebooks are filled in; in a notebook only the cells' sources change, never
an output, and the file stays as Jupyter writes it. A link naming OWNER/REPO in a form this tool
does not know is refused rather than published half-filled.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from make_student_copy import REPO as COURSE, make_student_copy

PLACEHOLDER = "OWNER/REPO"
BRANCH = "main"

# GitHub's rules: an owner (user or organisation) is 1-39 letters, digits or single hyphens, not at
# either end; a repository name is 1-100 letters, digits, '-', '_' or '.', neither '.' nor '..', and
# does not end in '.git'.
OWNER_RULE = r"[A-Za-z0-9](?:-?[A-Za-z0-9])*"
NAME_RULE = r"[A-Za-z0-9._-]+"
OWNER_NAME = re.compile(rf"(?P<owner>{OWNER_RULE})/(?P<name>{NAME_RULE})")

# Each kind of link the course has, with the owner and name in it as groups:
#   Binder       https://mybinder.org/v2/gh/OWNER/REPO/BRANCH?urlpath=...
#   Colab        https://colab.research.google.com/github/OWNER/REPO/blob/BRANCH/PATH
#   pip          git+https://github.com/OWNER/REPO[@BRANCH]
#   nbgitpuller  https://HUB/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2FOWNER%2FREPO&branch=BRANCH
#                &urlpath=lab%2Ftree%2FREPO%2FPATH  (the second REPO: the folder the clone lands in)
_OWNER, _NAME = rf"(?P<owner>{OWNER_RULE})", rf"(?P<name>{NAME_RULE})"
LINKS = {
    "Binder": re.compile(rf"(?P<before>https://mybinder\.org/v2/gh/){_OWNER}/{_NAME}(?P<after>/)"),
    "Colab": re.compile(rf"(?P<before>https://colab\.research\.google\.com/github/){_OWNER}/{_NAME}"
                        rf"(?P<after>/blob/)"),
    "pip": re.compile(rf"(?P<before>git\+https://github\.com/){_OWNER}/{_NAME}(?P<after>[@\"'\s]|$)", re.M),
    "nbgitpuller": re.compile(rf"(?P<before>git-pull\?repo=https%3A%2F%2Fgithub\.com%2F){_OWNER}%2F{_NAME}"
                              rf"(?P<after>&\S*?urlpath=(?:lab%2F)?tree%2F)(?P<folder>{NAME_RULE})(?=%2F)"),
}
# Anything that still names the placeholder in a URL after filling: a link this tool does not know.
LEFT_OVER = re.compile(r"https?://[^\s)\"'<>]*?OWNER(?:/|%2F)REPO[^\s)\"'<>]*")

# What `make publish` prints to hand out, filled in like the course's own links.
BINDER_LINK = f"https://mybinder.org/v2/gh/OWNER/REPO/{BRANCH}?urlpath=lab/tree/notebooks/00-start-here.ipynb"
CLASS_LINK = ("https://HUB/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2FOWNER%2FREPO"
              f"&branch={BRANCH}&urlpath=lab%2Ftree%2FREPO%2Fnotebooks%2F00-start-here.ipynb")


class PublishError(SystemExit):
    """A refusal with a message that says what was expected and what came (exit status 1)."""

    def __init__(self, message: str) -> None:
        super().__init__(f"publish: {message}")


def check_repo(text: str) -> str:
    """`text` as owner/name if it is a GitHub repository path, else a PublishError saying why."""
    expected = ("expected REPO=owner/name, the GitHub repository the student copy goes to "
                "(for example ada-lovelace/nn-course-student)")
    match = OWNER_NAME.fullmatch(text)
    if text == PLACEHOLDER:
        raise PublishError(f"{expected}, but got the placeholder {text!r} itself")
    if not match:
        raise PublishError(f"{expected}, but got {text!r}: an owner is letters, digits and single "
                           f"hyphens (not first or last), a name letters, digits, '-', '_' and '.', "
                           f"with one '/' between them and no https://github.com/ in front")
    owner, name = match["owner"], match["name"]
    if len(owner) > 39 or len(name) > 100:
        raise PublishError(f"{expected}, but got {text!r}: GitHub allows at most 39 characters for "
                           f"an owner ({len(owner)} here) and 100 for a name ({len(name)} here)")
    if name in (".", "..") or name.lower().endswith(".git"):
        raise PublishError(f"{expected}, but got {text!r}: a name cannot be '.' or '..' or end in '.git'")
    return text


def named_repos(text: str) -> set[str]:
    """The owner/name every link of LINKS in `text` points at (PLACEHOLDER where not filled in)."""
    return {f"{match['owner']}/{match['name']}"
            for pattern in LINKS.values() for match in pattern.finditer(text)}


def fill_text(text: str, repo: str, where: str) -> tuple[str, int]:
    """`text` with every link's OWNER/REPO replaced by `repo`, and how many links changed. Refuses
    links that already name another repository, and placeholders in links of an unknown form."""
    others = named_repos(text) - {PLACEHOLDER, repo}
    if others:
        raise PublishError(f"{where}: its links already point at {', '.join(sorted(others))}, not at "
                           f"{PLACEHOLDER} or {repo}; publish from the course itself, where they say "
                           f"{PLACEHOLDER}")
    owner, name = repo.split("/")
    changed = 0

    def refill(match: re.Match) -> str:
        nonlocal changed
        changed += f"{match['owner']}/{match['name']}" != repo
        separator = match.string[match.end("owner"):match.start("name")]      # "/" or "%2F"
        folder = name if "folder" in match.groupdict() else ""
        return match["before"] + owner + separator + name + match["after"] + folder

    for pattern in LINKS.values():
        text = pattern.sub(refill, text)
    left_over = LEFT_OVER.search(text)
    if left_over:
        raise PublishError(f"{where}: a link of a form publish does not know still says {PLACEHOLDER}: "
                           f"{left_over[0]} (teach tools/publish.py's LINKS about it)")
    return text, changed


def fill_notebook(raw: str, repo: str, where: str) -> tuple[str, int]:
    """The notebook JSON with its cells' sources filled in line by line (outputs never), written as
    nbformat writes it (1-space indent, keys sorted, a final newline); unchanged text if nothing changed."""
    notebook = json.loads(raw)
    changed = 0
    for number, cell in enumerate(notebook["cells"]):
        lines = cell["source"] if isinstance(cell["source"], list) else [cell["source"]]
        filled = []
        for line in lines:
            new, count = fill_text(line, repo, f"{where} cell {number}")
            filled.append(new)
            changed += count
        cell["source"] = filled if isinstance(cell["source"], list) else filled[0]
    if not changed:
        return raw, 0
    return json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n", changed


def fill_tree(root: Path, repo: str) -> dict[str, int]:
    """Fill in the links of every .md file and notebook under `root` in place; return {file: links
    changed}. Everything is checked before anything is written: a refusal leaves `root` as it was."""
    new_texts, counts = {}, {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.suffix not in (".md", ".ipynb") or not path.is_file() or ".git" in path.parts:
            continue
        raw = path.read_text(encoding="utf-8")
        fill = fill_notebook if path.suffix == ".ipynb" else fill_text
        new, count = fill(raw, repo, name)
        if count:
            new_texts[path], counts[name] = new, count
    for path, new in new_texts.items():
        path.write_text(new, encoding="utf-8")
    return counts


def check_destination(out: Path, repo: str, source: Path) -> bool:
    """True if `out` holds the copy published before for `repo` (to update), False if it is new or
    empty; a PublishError for a folder inside the course, published for another repository, or
    holding anything else."""
    if out.resolve() == source.resolve() or source.resolve() in out.resolve().parents:
        raise PublishError(f"the student copy must go outside the course {source.resolve()}, but the "
                           f"folder given is {out.resolve()} (for example OUT=../nn-course-student)")
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        return False
    readme = out / "README.md"
    published = named_repos(readme.read_text(encoding="utf-8")) if readme.is_file() else set()
    if published == {repo}:
        return True
    if published - {PLACEHOLDER}:
        raise PublishError(f"{out} holds the copy published for {', '.join(sorted(published))}; "
                           f"publishing {repo} there would point that repository's links elsewhere: "
                           f"give another folder (OUT=...) or delete that one first")
    raise PublishError(f"{out} already exists and is not a copy published for {repo}: give a new or "
                       f"empty folder (OUT=...)")


@dataclass
class PublishReport:
    """What publish did: the copy's files, those written, the links filled, files of yours kept."""
    repo: str
    out: Path
    updating: bool
    files: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    filled: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)

    def push_commands(self) -> str:
        """The git commands that push the copy: a new repository the first time, an update after."""
        if (self.out / ".git").exists():
            return f"cd {self.out} && git add -A && git commit -m 'Course update' && git push"
        return (f"cd {self.out} && git init -b {BRANCH} && git add -A && git commit -m 'Student copy of "
                f"the course' && git remote add origin https://github.com/{self.repo}.git && git push -u "
                f"origin {BRANCH}")

    def summary(self) -> str:
        """The report for a teacher: what happened, how to push it, the links to hand out."""
        did = (f"updated {len(self.written)} of {len(self.files)} files" if self.updating
               else f"wrote {len(self.files)} files")
        lines = [f"publish: {did} of the student copy for github.com/{self.repo} in {self.out}",
                 f"  links pointing at {self.repo}: {sum(self.filled.values())} in {len(self.filled)} files"]
        if self.kept:
            lines.append(f"  kept, not part of the course: {', '.join(self.kept)}")
        first = "" if (self.out / ".git").exists() else " (create the empty repository on GitHub first)"
        lines += ["", f"Push it{first}:", f"  {self.push_commands()}", "", "Links to hand out:",
                  f"  Binder:     {fill_text(BINDER_LINK, self.repo, 'BINDER_LINK')[0]}",
                  f"  class link: {fill_text(CLASS_LINK, self.repo, 'CLASS_LINK')[0]}",
                  "              (a JupyterHub with nbgitpuller: replace HUB with its address)"]
        return "\n".join(lines)


def copy_changed(copy: Path, out: Path, names: list[str]) -> list[str]:
    """Copy each file of `names` from `copy` to `out` unless `out` has it byte for byte; return those copied."""
    copied = []
    for name in names:
        target = out / name
        if not target.is_file() or target.read_bytes() != (copy / name).read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(copy / name, target)
            copied.append(name)
    return copied


def added_files(out: Path, names: list[str]) -> list[str]:
    """The files in `out` that are not in `names`, leaving out git's own."""
    ours = set(names)
    found = (path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
    return sorted(name for name in found if name not in ours and not name.startswith(".git/"))


def publish(repo: str, out: Path, source: Path = COURSE) -> PublishReport:
    """Write (or update) the student copy of the course in `source` in `out`, its links pointing at
    the GitHub repository `repo`; return what was done."""
    repo = check_repo(repo)
    updating = check_destination(out, repo, source)
    report = PublishReport(repo=repo, out=out.resolve(), updating=updating)
    with tempfile.TemporaryDirectory(prefix="publish-") as scratch:
        copy = Path(scratch) / "copy"
        report.files = make_student_copy(copy, source).files
        report.filled = fill_tree(copy, repo)
        report.written = copy_changed(copy, out, report.files)
    report.kept = added_files(out, report.files)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", help="owner/name: the GitHub repository the student copy goes to")
    parser.add_argument("--out", type=Path, help="the folder to write it to (default: name, beside the course)")
    parser.add_argument("--source", type=Path, default=COURSE, help="the course to publish (default: this one)")
    args = parser.parse_args(argv)
    repo = check_repo(args.repo)
    out = args.out or args.source.resolve().parent / repo.split("/")[1]
    print(publish(repo, out, args.source).summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
