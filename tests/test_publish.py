"""`make publish REPO=owner/name` (tools/publish.py): the student copy, its links pointing at its own repository.

The links expected here are built from the URL forms the services document, not taken from the tool:

    Binder       https://mybinder.org/v2/gh/<owner>/<repo>/<branch>?urlpath=<what to open>
    Colab        https://colab.research.google.com/github/<owner>/<repo>/blob/<branch>/<path of the notebook>
    nbgitpuller  https://<hub>/hub/user-redirect/git-pull?repo=<clone URL>&branch=<branch>&urlpath=lab/tree/<folder>/<path>
                 (the query's values URL-encoded; the clone lands in a folder named after the repository)
    pip          git+https://github.com/<owner>/<repo>[@<branch>]

The course keeps OWNER/REPO in its files; the tests publish copies of it to temporary folders.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest

import make_student_copy as student_copy
import publish

COURSE = Path(__file__).resolve().parent.parent
TOOL = COURSE / "tools" / "publish.py"

# Every kind of character GitHub allows in an owner (capitals, a hyphen) and in a name (_ and .).
OWNER, NAME = "Ada-Lovelace", "nn_course.2026"
REPO = f"{OWNER}/{NAME}"
BRANCH = "main"

# The placeholder in any URL, however it is spelled out (plain or URL-encoded).
PLACEHOLDER_IN_A_URL = re.compile(r"https?://\S*OWNER(/|%2F)REPO", re.I)
NUMBERED = re.compile(r"^\d\d[a-z]?-.*\.ipynb$")


def binder_url(owner: str, name: str, path: str) -> str:
    return f"https://mybinder.org/v2/gh/{owner}/{name}/{BRANCH}?urlpath=lab/tree/{path}"


def colab_url(owner: str, name: str, path: str) -> str:
    return f"https://colab.research.google.com/github/{owner}/{name}/blob/{BRANCH}/{path}"


def assert_class_link(link: str, owner: str, name: str) -> None:
    """An nbgitpuller link that clones github.com/owner/name, branch main, and opens notebook 00."""
    url = urlparse(link)
    assert url.path.endswith("/hub/user-redirect/git-pull"), link
    query = parse_qs(url.query)
    assert query["repo"] == [f"https://github.com/{owner}/{name}"], link
    assert query["branch"] == [BRANCH], link
    assert query["urlpath"] == [f"lab/tree/{name}/notebooks/00-start-here.ipynb"], link


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root: its bytes and modification time."""
    return {path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(root.rglob("*")) if path.is_file()}


def texts(root: Path, suffixes: tuple[str, ...] = (".md", ".ipynb")) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(root.rglob("*")) if path.is_file() and path.suffix in suffixes}


def code_lines(notebook: str) -> list[str]:
    return [line for cell in json.loads(notebook)["cells"] if cell["cell_type"] == "code"
            for line in cell["source"]]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, str]:
    """The copy published for REPO by the command line tool, and what it printed."""
    out = tmp_path_factory.mktemp("published") / NAME
    result = subprocess.run([sys.executable, str(TOOL), REPO, "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return out, result.stdout


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    """The student copy as make_student_copy writes it, its links still saying OWNER/REPO."""
    out = tmp_path_factory.mktemp("plain") / "course"
    student_copy.make_student_copy(out)
    return out


# --- the links --------------------------------------------------------------------------------

def test_every_placeholder_in_the_copy_now_names_the_repository(published, plain):
    out, _ = published
    before, after = texts(plain), texts(out)
    assert before.keys() == after.keys()
    placeholders = sum(text.count("OWNER/REPO") for text in before.values())
    assert placeholders >= 19, "the badge, 9 Colab links and 9 install lines say OWNER/REPO in the course"
    assert sum(text.count(REPO) for text in after.values()) == placeholders
    for name, text in after.items():
        assert "OWNER/REPO" not in text, f"{name} still says OWNER/REPO"
    for name, text in texts(out, (".md", ".ipynb", ".txt", ".toml", ".json", ".cfg", "")).items():
        assert not PLACEHOLDER_IN_A_URL.search(text), f"{name} has a link to OWNER/REPO"   # (tools/ hold templates)


def test_the_badge_opens_notebook_00_of_the_published_repository(published):
    readme = (published[0] / "README.md").read_text(encoding="utf-8")
    [url] = re.findall(r"\[!\[[^\]]*\]\(https://mybinder\.org/badge_logo\.svg\)\]\(([^)\s]+)\)", readme)
    assert url == binder_url(OWNER, NAME, "notebooks/00-start-here.ipynb")


def test_every_colab_link_opens_its_own_notebook_in_the_published_repository(published):
    out, _ = published
    readme = (out / "README.md").read_text(encoding="utf-8")
    notebooks = sorted(p.name for p in (out / "notebooks").iterdir() if NUMBERED.match(p.name))
    assert len(notebooks) >= 9
    rows = {name: line for line in readme.splitlines() for name in notebooks if f"(notebooks/{name})" in line}
    assert rows.keys() == set(notebooks), "every notebook has its row in the README's table"
    for name, row in rows.items():
        assert re.findall(r"\((https://colab\.research\.google\.com/[^)\s]+)\)", row) == \
            [colab_url(OWNER, NAME, f"notebooks/{name}")], row
    assert len(re.findall(r"colab\.research\.google\.com/github/", readme)) == len(notebooks)


def test_every_notebook_installs_nnlib_from_the_published_repository(published):
    out, _ = published
    for path in sorted((out / "notebooks").glob("*.ipynb")):
        installs = [line for line in code_lines(path.read_text(encoding="utf-8")) if "pip install" in line]
        assert len(installs) == 1, f"{path.name}: expected one install line, found {installs}"
        assert f'"nnlib-course @ git+https://github.com/{OWNER}/{NAME}"' in installs[0], installs[0]


def test_the_notebooks_change_only_in_their_links_and_stay_as_jupyter_writes_them(published, plain):
    out, _ = published
    changed = 0
    for path in sorted((plain / "notebooks").glob("*.ipynb")):
        before, after = path.read_text(encoding="utf-8"), (out / "notebooks" / path.name).read_text(encoding="utf-8")
        nbformat.validate(nbformat.reads(after, as_version=4))
        assert after.endswith("}\n") and after.startswith('{\n "cells": [\n  {\n'), f"{path.name}: not nbformat's layout"
        old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
        assert len(old_lines) == len(new_lines), path.name
        for old, new in zip(old_lines, new_lines):
            if old != new:
                assert "OWNER/REPO" in old and new == old.replace("OWNER/REPO", REPO), (path.name, old, new)
                changed += 1
        old_cells, new_cells = json.loads(before)["cells"], json.loads(after)["cells"]
        for old, new in zip(old_cells, new_cells):
            assert json.dumps(old.get("outputs")) == json.dumps(new.get("outputs")), f"{path.name}: an output changed"
            assert {k: v for k, v in old.items() if k != "source"} == {k: v for k, v in new.items() if k != "source"}
    assert changed >= 9, "every notebook's install line should have changed"


def test_the_printed_links_and_push_commands_name_the_repository(published):
    out, printed = published
    [binder] = re.findall(r"Binder: +(\S+)", printed)
    assert binder == binder_url(OWNER, NAME, "notebooks/00-start-here.ipynb")
    [class_link] = re.findall(r"class link: +(\S+)", printed)
    assert urlparse(class_link).netloc == "HUB", "the hub's address is the teacher's to fill in"
    assert_class_link(class_link, OWNER, NAME)
    assert f"git remote add origin https://github.com/{OWNER}/{NAME}.git" in printed
    assert f"cd {out.resolve()} && git init -b {BRANCH}" in printed


# --- the student README -----------------------------------------------------------------------

def test_the_student_readme_has_no_solutions_and_no_teachers_part(published):
    course = (COURSE / "README.md").read_text(encoding="utf-8")
    assert "## For teachers" in course and "notebooks/solutions/" in course, "nothing to leave out: the test checks nothing"
    out, _ = published
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"solution", readme, re.I), "the student README mentions the solutions"
    assert not re.search(r"^#+ .*teacher", readme, re.I | re.M), "the student README has a part for teachers"
    assert "teachers/" not in readme and "student copy: leave out" not in readme
    assert "\n\n\n" not in readme and readme.endswith("\n") and not readme.endswith("\n\n")
    for heading in ("## Two commands", "## The notebooks", "## Other editors", "## `nnlib`"):
        assert heading in readme, f"the student README lost {heading}"
    for target in re.findall(r"\]\(([^)\s]+)\)", readme):
        if "://" not in target and not target.startswith("#"):
            assert (out / target.split("#")[0]).exists(), f"the student README links to {target}, not in the copy"


def test_marked_parts_are_left_out_with_their_markers():
    text = ("intro\n\n" + student_copy.LEAVE_OUT_FROM + "\nfor teachers\n" + student_copy.LEAVE_OUT_TO
            + "\n\nafter\n  " + student_copy.LEAVE_OUT_FROM + "\nx\n  " + student_copy.LEAVE_OUT_TO + "\n")
    assert student_copy.leave_out_marked(text, "X.md") == ("intro\n\nafter\n", 2)
    assert student_copy.leave_out_marked("no markers\n", "X.md") == ("no markers\n", 0)


@pytest.mark.parametrize("text, line", [
    (f"a\n{student_copy.LEAVE_OUT_FROM}\nb\n", 2),                                        # never closed
    (f"a\n{student_copy.LEAVE_OUT_TO}\nb\n", 2),                                          # never opened
    (f"{student_copy.LEAVE_OUT_FROM}\n{student_copy.LEAVE_OUT_FROM}\n{student_copy.LEAVE_OUT_TO}\n", 2),
])
def test_an_unpaired_marker_is_refused_with_its_file_and_line(text, line):
    with pytest.raises(SystemExit, match=rf"X\.md line {line}: .*(never closed|without)"):
        student_copy.leave_out_marked(text, "X.md")


# --- running it again, elsewhere, or wrongly --------------------------------------------------

def test_publishing_again_changes_no_byte(tmp_path):
    out = tmp_path / NAME
    first = publish.publish(REPO, out)
    assert not first.updating and first.written == first.files
    before = snapshot(out)
    again = publish.publish(REPO, out)
    assert again.updating and again.written == [] and again.kept == []
    assert snapshot(out) == before, "a second run with the same REPO must not touch a file"


def test_an_update_rewrites_only_what_changed_and_keeps_what_the_teacher_added(tmp_path):
    out = tmp_path / NAME
    publish.publish(REPO, out)
    published = snapshot(out)
    notebook = "notebooks/01-one-neuron.ipynb"
    (out / notebook).write_text("{}\n")                                      # out of date
    (out / "notebooks" / "01-solutions.ipynb").write_text("released\n")      # a solution handed out
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    report = publish.publish(REPO, out)
    assert report.written == [notebook]
    assert (out / notebook).read_bytes() == published[notebook][0]
    assert report.kept == ["notebooks/01-solutions.ipynb"]
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert "git push" in report.summary() and "git init" not in report.summary()


def test_publishing_another_repository_over_a_published_copy_is_refused(tmp_path):
    out = tmp_path / NAME
    publish.publish(REPO, out)
    before = snapshot(out)
    with pytest.raises(SystemExit) as refused:
        publish.publish("someone-else/course", out)
    message = str(refused.value)
    assert REPO in message and "someone-else/course" in message and "another folder" in message
    assert snapshot(out) == before
    elsewhere = tmp_path / "course"                   # re-pointing is publishing to a new folder
    publish.publish("someone-else/course", elsewhere)
    assert colab_url("someone-else", "course", "notebooks/00-start-here.ipynb") in \
        (elsewhere / "README.md").read_text(encoding="utf-8")


def test_a_folder_holding_other_files_or_inside_the_course_is_refused(tmp_path):
    (tmp_path / "keep.txt").write_text("a student's work")
    with pytest.raises(SystemExit, match="not a copy published for"):
        publish.publish(REPO, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
    inside = COURSE / "build" / "published-by-a-test"
    with pytest.raises(SystemExit, match="outside the course"):
        publish.publish(REPO, inside)
    assert not inside.exists()


def test_the_default_folder_is_beside_the_course(tmp_path, plain):
    course = tmp_path / "course"
    shutil.copytree(plain, course)
    assert publish.main(["ada/nn-student", "--source", str(course)]) == 0
    readme = (tmp_path / "nn-student" / "README.md").read_text(encoding="utf-8")
    assert binder_url("ada", "nn-student", "notebooks/00-start-here.ipynb") in readme


@pytest.mark.parametrize("repo", ["a/b", REPO, "x1-y2/.github", "o" * 39 + "/" + "n" * 100, "ADA/Course-2"])
def test_repository_paths_github_allows_are_accepted(repo):
    assert publish.check_repo(repo) == repo


@pytest.mark.parametrize("repo", [
    "", "ada", "ada/", "/course", "ada/course/main", "ada course/x", "ada/my course",
    "https://github.com/ada/course", "github.com/ada/course", "-ada/course", "ada-/course", "ad--a/course",
    "ada_l/course", "o" * 40 + "/course", "ada/" + "n" * 101, "ada/.", "ada/..", "ada/course.git",
    "ada/cour$e", "OWNER/REPO",
])
def test_a_bad_repository_path_is_refused_saying_what_was_expected_and_what_came(repo):
    with pytest.raises(SystemExit) as refused:
        publish.check_repo(repo)
    message = str(refused.value)
    assert "expected REPO=owner/name" in message and repr(repo) in message, message


# --- make publish -----------------------------------------------------------------------------

def run_make(*arguments: str) -> subprocess.CompletedProcess:
    """`make -s publish ARGUMENTS` in the course, with no REPO or OUT from this process's environment."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("REPO", "OUT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "-s", "publish", *arguments], cwd=COURSE, env=env,
                          capture_output=True, text=True, timeout=120)


def test_make_publish_without_repo_says_how_to_call_it():
    result = run_make()
    assert result.returncode != 0
    assert "make publish REPO=owner/name" in result.stderr, result.stderr


def test_make_publish_with_a_bad_repo_says_what_came():
    result = run_make("REPO=https://github.com/ada/course")
    assert result.returncode != 0
    assert "expected REPO=owner/name" in result.stderr and "'https://github.com/ada/course'" in result.stderr


def test_make_publish_writes_the_copy(tmp_path):
    out = tmp_path / "student"
    result = run_make("REPO=ada/nn-student", f"OUT={out}")
    assert result.returncode == 0, result.stderr
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert binder_url("ada", "nn-student", "notebooks/00-start-here.ipynb") in readme
    assert not (out / "notebooks" / "solutions").exists() and not (out / "teachers").exists()


# --- the tool on the whole course, in place ---------------------------------------------------

@pytest.fixture
def whole_course(tmp_path) -> Path:
    """Every file of the course (solutions, teachers/ and tests/ too) copied to a temporary folder."""
    root = tmp_path / "whole"
    for name in student_copy.course_files(COURSE):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(COURSE / name, root / name)
    return root


def test_filling_the_whole_course_fills_the_class_links_and_the_hub_install_too(whole_course):
    changed = publish.fill_tree(whole_course, REPO)
    assert "teachers/running-a-class.md" in changed and "notebooks/solutions/00-solutions.ipynb" in changed
    for name, text in texts(whole_course).items():
        assert not PLACEHOLDER_IN_A_URL.search(text), f"{name} still links to OWNER/REPO"
    for name in ("README.md", "teachers/running-a-class.md"):
        text = (whole_course / name).read_text(encoding="utf-8")
        [link] = re.findall(r"https://HUB/hub/user-redirect/git-pull\?\S+", text)
        assert_class_link(link, OWNER, NAME)
    guide = (whole_course / "teachers" / "running-a-class.md").read_text(encoding="utf-8")
    assert f'"git+https://github.com/{OWNER}/{NAME}@{BRANCH}"' in guide


def test_filling_twice_changes_nothing_and_another_repository_is_refused(whole_course):
    publish.fill_tree(whole_course, REPO)
    before = snapshot(whole_course)
    assert publish.fill_tree(whole_course, REPO) == {}
    with pytest.raises(SystemExit, match=rf"already point at {re.escape(REPO)}"):
        publish.fill_tree(whole_course, "someone-else/course")
    assert snapshot(whole_course) == before


def test_a_placeholder_link_of_an_unknown_form_is_refused_and_prose_is_left_alone():
    with pytest.raises(SystemExit, match=r"does not know.*https://github\.com/OWNER/REPO/issues"):
        publish.fill_text("report it at https://github.com/OWNER/REPO/issues\n", REPO, "X.md")
    prose = "the links say `OWNER/REPO` until you publish\n"
    assert publish.fill_text(prose, REPO, "X.md") == (prose, 0)
