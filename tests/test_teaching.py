"""The teacher's guide (teachers/) and the student copy (tools/make_student_copy.py).

The guide: one lesson plan per numbered notebook that exists (00..07, 04b), each with the parts a
teacher needs, an agenda that fills its 50-minute periods exactly, sections named as the notebook
names them, answers to every exit-ticket and discussion question, working links, and no answer to
an exercise the notebooks check. The student copy: everything but the solutions and the guide,
with no link into what was left out, and the notebooks otherwise unchanged.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import nbformat
import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
TEACHERS = REPO / "teachers"
TOOL = REPO / "tools" / "make_student_copy.py"

import make_student_copy as student_copy  # noqa: E402  (from tools/, on sys.path: the top-level conftest.py)

NUMBERED = re.compile(r"^(\d\d[a-z]?)-")


def numbered_notebooks() -> dict[str, Path]:
    """The notebooks that exist now, by number: '00' … '07', '04b'."""
    found = {}
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        match = NUMBERED.match(path.name)
        if match:
            found[match[1]] = path
    return found


def lesson_plans() -> dict[str, Path]:
    return {path.stem.removeprefix("lesson-"): path for path in sorted(TEACHERS.glob("lesson-*.md"))}


NOTEBOOK_KEYS = sorted(numbered_notebooks())
PLAN_KEYS = sorted(lesson_plans())

REQUIRED_PARTS = ("## Preparation checklist", "## Agenda", "## Driving it live", "## Misconceptions",
                  "## Exit ticket", "## Discussion questions and model answers")
MARKERS = {"must", "skip", "homework"}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def plan(key: str) -> str:
    return read(TEACHERS / f"lesson-{key}.md")


def part(text: str, heading: str) -> str:
    """The text of one `## ` part of a plan, up to the next `## ` heading."""
    start = text.index(heading + "\n") + len(heading) + 1
    end = text.find("\n## ", start)
    return text[start:] if end == -1 else text[start:end]


def notebook_headings(path: Path) -> set[str]:
    headings = set()
    for cell in json.loads(read(path))["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                match = re.match(r"^#{2,3} (.+?)\s*$", line)
                if match:
                    headings.add(match[1])
    return headings


def guide_texts() -> dict[str, str]:
    """Every file of the teacher's guide, and the stub left in notebooks/."""
    texts = {str(path.relative_to(REPO)): read(path) for path in sorted(TEACHERS.rglob("*.md"))}
    stub = NOTEBOOKS / "TEACHING.md"
    if stub.exists():
        texts["notebooks/TEACHING.md"] = read(stub)
    return texts


# --- the guide covers the series ----------------------------------------------------------

def test_the_series_and_the_guide_are_found():
    # Guards the tests below against passing on nothing (a renamed folder, a changed file pattern).
    assert {"00", "01", "02", "03", "04", "05", "06"} <= set(NOTEBOOK_KEYS), NOTEBOOK_KEYS
    assert (TEACHERS / "README.md").exists() and len(PLAN_KEYS) >= 7, PLAN_KEYS


@pytest.mark.parametrize("key", NOTEBOOK_KEYS)
def test_every_numbered_notebook_has_a_lesson_plan(key):
    assert (TEACHERS / f"lesson-{key}.md").exists(), \
        f"{numbered_notebooks()[key].name} has no lesson plan: write teachers/lesson-{key}.md"


@pytest.mark.parametrize("key", PLAN_KEYS)
def test_every_lesson_plan_belongs_to_a_notebook_that_exists(key):
    assert key in NOTEBOOK_KEYS, (f"teachers/lesson-{key}.md plans notebook {key}, but there is no "
                                  f"notebooks/{key}-*.ipynb (yet)")


@pytest.mark.parametrize("key", PLAN_KEYS)
def test_a_lesson_plan_has_every_part_in_order(key):
    text = plan(key)
    positions = [text.find(heading + "\n") for heading in REQUIRED_PARTS]
    missing = [heading for heading, at in zip(REQUIRED_PARTS, positions) if at == -1]
    assert not missing, f"lesson-{key}.md lacks {missing}"
    assert positions == sorted(positions), f"lesson-{key}.md has its parts out of order"
    preparation = part(text, "## Preparation checklist")
    for item in ("Restart & Run All", "Projector style", "Simple Interface", "sidebar closed"):
        assert item.lower() in preparation.lower(), f"lesson-{key}.md's checklist lacks {item!r}"
    misconceptions = [line for line in part(text, "## Misconceptions").splitlines()
                      if line.startswith("- **")]
    assert len(misconceptions) >= 4, f"lesson-{key}.md names only {len(misconceptions)} misconceptions"


def agenda_rows(text: str) -> dict[int, list[list[str]]]:
    """The agenda's table rows (minutes, activity, section, marker) for each period."""
    periods: dict[int, list[list[str]]] = {}
    current = None
    for line in part(text, "## Agenda").splitlines():
        heading = re.match(r"^### Period (\d+)\s*$", line)
        if heading:
            current = int(heading[1])
            periods[current] = []
        elif line.startswith("|") and current is not None:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if cells[0] not in ("min", "") and not set(cells[0]) <= set("-: "):
                periods[current].append(cells)
    return periods


@pytest.mark.parametrize("key", PLAN_KEYS)
def test_the_agenda_fills_each_50_minute_period_exactly(key):
    text = plan(key)
    periods = agenda_rows(text)
    stated = re.search(r"\*\*(\d+) periods?\*\*", text.split("\n## ")[0])
    assert stated, f"lesson-{key}.md does not say how many periods it takes (**1 period**)"
    assert sorted(periods) == list(range(1, int(stated[1]) + 1)), \
        f"lesson-{key}.md says {stated[0]} but has agendas for periods {sorted(periods)}"
    if len(periods) > 1:
        assert "split" in text.split("\n## ")[0], f"lesson-{key}.md takes two periods but does not say where to split"
    markers = set()
    for number, rows in periods.items():
        minute = 0
        for minutes, activity, section, marker in (row[:4] for row in rows):
            assert marker in MARKERS, f"lesson-{key}.md period {number}: marker {marker!r} is not one of {MARKERS}"
            markers.add(marker)
            if minutes == "–":
                assert marker in ("skip", "homework"), f"lesson-{key}.md: an untimed row must be skip or homework: {activity}"
                continue
            span = re.fullmatch(r"(\d+)–(\d+)", minutes)
            assert span, f"lesson-{key}.md period {number}: {minutes!r} is not a span such as 0–5"
            assert int(span[1]) == minute, f"lesson-{key}.md period {number}: a gap or overlap at minute {minute}"
            assert int(span[2]) > int(span[1]), f"lesson-{key}.md period {number}: empty span {minutes}"
            assert marker == "must", f"lesson-{key}.md: a timed row is class time, so 'must': {activity}"
            minute = int(span[2])
        assert minute == 50, f"lesson-{key}.md period {number} ends at minute {minute}, not 50"
    assert "homework" in markers or "skip" in markers, f"lesson-{key}.md marks nothing as skip or homework"


@pytest.mark.parametrize("key", PLAN_KEYS)
def test_a_plan_names_only_sections_its_notebook_has(key):
    assert key in NOTEBOOK_KEYS, f"no notebook {key} to check lesson-{key}.md's section names against"
    named = set(re.findall(r"«(.+?)»", plan(key)))
    assert named, f"lesson-{key}.md names no section of its notebook"
    missing = sorted(named - notebook_headings(numbered_notebooks()[key]))
    assert not missing, f"lesson-{key}.md names sections that {numbered_notebooks()[key].name} does not have: {missing}"


def numbered_items(text: str) -> list[str]:
    """Items of the numbered lists in a text ('1. …' up to the next item or a blank-line break)."""
    return [item.strip() for item in re.split(r"\n(?=\d+\. )", "\n" + text) if re.match(r"\d+\. ", item.strip())]


@pytest.mark.parametrize("key", PLAN_KEYS)
def test_every_exit_ticket_question_has_an_answer(key):
    items = numbered_items(part(plan(key), "## Exit ticket"))
    assert len(items) >= 2, f"lesson-{key}.md's exit ticket has {len(items)} questions"
    for item in items:
        question, _, answer = item.partition("*Answer:*")
        assert len(answer.split()) >= 5, f"lesson-{key}.md: exit-ticket question without an answer: {question[:60]!r}"


@pytest.mark.parametrize("key", PLAN_KEYS)
def test_every_discussion_question_has_a_model_answer(key):
    items = numbered_items(part(plan(key), "## Discussion questions and model answers"))
    assert len(items) >= 3, f"lesson-{key}.md has {len(items)} discussion questions"
    for item in items:
        match = re.match(r"\d+\. \*\*(.+?)\*\*(.*)", item, re.S)
        assert match, f"lesson-{key}.md: a discussion question is not written **in bold**: {item[:60]!r}"
        assert len(match[2].split()) >= 20, f"lesson-{key}.md: the model answer to {match[1][:60]!r} is missing or a stub"


# --- links, presenting, running a class ------------------------------------------------------

def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_in_the_guide_leads_somewhere():
    checked = 0
    for name, text in guide_texts().items():
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if "://" in target or target.startswith("mailto:"):
                continue
            path_part, _, anchor = target.partition("#")
            path = (REPO / name).parent / path_part if path_part else REPO / name
            assert path.exists(), f"{name} links to {target}, which does not exist"
            if anchor and path.suffix == ".md":
                anchors = {slug(h) for h in re.findall(r"^#+ (.+)$", read(path), re.M)}
                assert anchor in anchors, f"{name} links to {target}, but {path.name} has no such heading"
            checked += 1
    assert checked >= 15, f"only {checked} links checked"


def test_the_index_links_every_plan_and_the_class_material():
    index = read(TEACHERS / "README.md")
    for name in [f"lesson-{key}.md" for key in PLAN_KEYS] + ["running-a-class.md", "quiz.md", "quiz-answers.md"]:
        assert f"({name}" in index, f"teachers/README.md does not link {name}"


def test_the_stub_in_notebooks_points_to_the_guide():
    stub = read(NOTEBOOKS / "TEACHING.md")
    assert "../teachers/README.md" in stub
    assert len(stub.split()) < 120, "notebooks/TEACHING.md should stay a short pointer, not a second guide"


def test_no_rise_advice_and_presenting_from_jupyterlab_is_documented():
    for name, text in guide_texts().items():
        assert "jupyterlab-rise" not in text.lower(), f"{name} still tells teachers to install RISE"
    presenting = part(read(TEACHERS / "README.md"), "## Presenting")
    for needed in ("Simple Interface", "sidebar", "projector_style()"):
        assert needed in presenting, f"the Presenting section does not mention {needed}"


def test_running_a_class_covers_binder_hub_copy_and_offline_kit():
    text = read(TEACHERS / "running-a-class.md")
    for heading in ("## Binder", "## A JupyterHub", "### Sizing a hub", "### The class link (nbgitpuller)",
                    "### A student broke a notebook", "## A student copy without the solutions", "## An offline kit"):
        assert heading + "\n" in text, f"running-a-class.md lacks {heading!r}"
    binder = part(text, "## Binder")
    for limit in ("10 minutes", "100 simultaneous users", "Nothing is saved"):
        assert limit in binder, f"the Binder section does not state {limit!r}"
    sizing = text[text.index("### Sizing a hub"):text.index("### The class link")]
    for learners in ("30", "100"):
        assert re.search(rf"^\| {learners} \|", sizing, re.M), f"the sizing table has no row for {learners} learners"
    for path in ("binder/requirements.txt", "binder/overrides.json", "binder/postBuild",
                 "tools/make_student_copy.py", "tools/build_slides.py"):
        assert path in text and (REPO / path).exists(), f"running-a-class.md should name {path}, and it must exist"


def test_the_nbgitpuller_link_opens_notebook_00():
    text = read(TEACHERS / "running-a-class.md")
    [link] = re.findall(r"https://HUB/hub/user-redirect/git-pull\?\S+", text)
    query = parse_qs(urlparse(link).query)
    assert query["repo"] == ["https://github.com/OWNER/REPO"] and query["branch"] == ["main"]
    [urlpath] = query["urlpath"]
    prefix = "lab/tree/REPO/"
    assert urlpath.startswith(prefix), urlpath
    assert (REPO / urlpath[len(prefix):]).is_file(), f"the link opens {urlpath}, which is not in the course"


def test_the_quiz_and_its_answers_match():
    quiz, answers = read(TEACHERS / "quiz.md"), read(TEACHERS / "quiz-answers.md")
    asked = re.findall(r"^\*\*(\d+)\. (.+?)\*\* \((\d+) marks?\)", quiz, re.M)
    answered = re.findall(r"^\*\*(\d+)\. (.+?)\*\* \((\d+)", answers, re.M)
    assert len(asked) >= 10
    assert [(n, title, marks) for n, title, marks in asked] == [(n, t, m) for n, t, m in answered], \
        "quiz-answers.md must answer every question of quiz.md, with the same titles and marks"
    total = re.search(r"(\d+) marks\.", quiz)
    assert total and sum(int(m) for _, _, m in asked) == int(total[1]), "the questions' marks do not add up to the total"
    assert "Answer" not in quiz, "quiz.md is handed out: it must not contain answers"


# --- no spoilers ------------------------------------------------------------------------------

def test_known_spoilers_are_not_in_the_guide():
    # The old guide's 06 question 1 quoted 1580, the answer to 06's exercise 1.
    from nncourse.exercises import nb03
    gates = nb03.gate_count.solve().value              # 03's exercise 4: how many gates one neuron learns
    for name, text in guide_texts().items():
        assert not re.search(r"(?<![\d.,])1,?580(?![\d,])", text), f"{name} gives away 06's exercise 1"
        assert not re.search(rf"(?<![\d.,]){gates}\s+(of (the|all) 16\s+)?(gates|truth tables|tables)", text), \
            f"{name} gives away 03's exercise 4"


def exercise_checks():
    """Every check in nncourse.exercises (nb00, nb01, …): (module, name, check)."""
    from nncourse.exercises import Check
    found = []
    for path in sorted((REPO / "nncourse" / "exercises").glob("nb*.py")):
        module = importlib.import_module(f"nncourse.exercises.{path.stem}")
        found += [(path.stem, name, obj) for name, obj in vars(module).items() if isinstance(obj, Check)]
    return found


def significant_digits(text: str) -> int:
    return len(text.replace(".", "").replace("-", "").lstrip("0"))


def renderings(value, digits: int | None) -> set[str]:
    """How an answer could be written in the guide: each number to 4..9 significant digits.

    Only answers that are numbers or arrays of numbers are searched. Numbers too short to be
    told apart from ordinary prose are left out on purpose: fractions with fewer than 3
    significant digits (0.6, 0.25), whole numbers below 100 (they collide with minutes, sizes and
    epochs; test_known_spoilers_are_not_in_the_guide looks for the gate count in context), zeros
    and the 0/1 of a truth table.
    """
    if isinstance(value, (bool, str, tuple, list, dict)) or value is None:
        return set()
    texts = set()
    for x in np.ravel(np.asarray(value, dtype=float)):
        x = abs(float(x))
        if x == 0 or not math.isfinite(x):
            continue
        if x.is_integer():
            if x >= 100:
                texts |= {f"{int(x)}", f"{int(x):,}"}
            continue
        for k in range(max(digits or 4, 4), 10):
            text = f"{x:.{k}g}"
            if "e" not in text and significant_digits(text) >= 3:
                texts.add(text)
    return texts


def spoilers_in(text: str, candidates: set[str]) -> set[str]:
    return {c for c in candidates if re.search(rf"(?<![\d.,]){re.escape(c)}(?![\d]|,\d)", text)}


@pytest.fixture(scope="module")
def answers():
    """{'nb06.batch_epochs': {'1580', '1,580'}, …}: the checks' answers, computed by the checks."""
    from nncourse.exercises import CustomCheck
    found = {}
    for module, name, check in exercise_checks():
        if isinstance(check, CustomCheck):      # many right answers (any stuck seed, any OR neuron)
            continue
        texts = renderings(check.solve().value, check.digits)
        if texts:
            found[f"{module}.{name}"] = texts
    return found


def test_the_spoiler_search_has_answers_to_look_for(answers):
    assert len(answers) >= 15, f"only {len(answers)} checks gave an answer to search for: {sorted(answers)}"
    assert "nb06.batch_epochs" in answers


def test_the_spoiler_search_finds_an_answer_planted_in_a_text(answers):
    for name, texts in answers.items():
        planted = sorted(texts)[0]
        assert spoilers_in(f"the answer is {planted}, as the check says", texts) == {planted}, name
    assert not spoilers_in("after 15800 epochs", {"1580"})


def test_the_guide_gives_no_exercise_answer_away(answers):
    found = []
    for name, text in guide_texts().items():
        for check, texts in answers.items():
            found += [f"{name}: {hit} (the answer of {check})" for hit in sorted(spoilers_in(text, texts))]
    assert not found, "the guide gives exercise answers away (send teachers to notebooks/solutions/ instead):\n" + "\n".join(found)


# --- the student copy -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    out = tmp_path_factory.mktemp("student") / "course"
    result = subprocess.run([sys.executable, str(TOOL), str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"to {out}" in result.stdout
    return out


def markdown_sources(root: Path) -> dict[str, str]:
    """The Markdown of every notebook (text cells) and .md file under root, by relative path."""
    sources = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or any(part.startswith(".") or part in ("node_modules", "build", "artifacts")
                                     for part in path.relative_to(root).parts):
            continue
        if path.suffix == ".md":
            sources[relative] = read(path)
        elif path.suffix == ".ipynb":
            sources[relative] = "\n".join("".join(c["source"]) for c in json.loads(read(path))["cells"]
                                          if c["cell_type"] == "markdown")
    return sources


def local_links(name: str, text: str) -> list[str]:
    links = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if "://" in target or target.startswith(("#", "mailto:")):
            continue
        links.append(posixpath.normpath(posixpath.join(posixpath.dirname(name), target.split("#")[0])))
    return links


def test_the_copy_leaves_out_the_solutions_and_the_guide(copy):
    for left_out in ("notebooks/solutions", "teachers", "notebooks/TEACHING.md", "tests"):
        assert not (copy / left_out).exists(), f"the student copy still has {left_out}"
    assert not list(copy.rglob("*solutions*.ipynb"))


def test_pytest_in_the_copy_collects_the_notebooks(copy):
    # The copy keeps conftest.py and `make test` but not tests/: pytest there must still start
    # (it once stopped with an INTERNALERROR importing tests/offline) and find every notebook.
    # Without this run's PYTHONPATH, which holds our tests/offline: a student's machine has none.
    # (Collecting runs no notebook, so nothing here needs the offline guard.)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                            cwd=copy, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for name in numbered_notebooks().values():
        assert f"notebooks/{name.name}::Cell 0" in result.stdout, name.name


def test_the_copy_has_the_course(copy):
    for name in numbered_notebooks().values():
        assert (copy / "notebooks" / name.name).is_file(), f"the student copy lacks {name.name}"
    for needed in ("README.md", "requirements.txt", "pyproject.toml", "binder/requirements.txt",
                   "binder/postBuild", "nnlib/__init__.py", "nncourse/exercises/__init__.py"):
        assert (copy / needed).is_file(), f"the student copy lacks {needed}"
    for never in (".venv", "build", ".git", "slides/node_modules"):
        assert not (copy / never).exists(), f"the student copy should not hold {never}"
    assert not list(copy.rglob("__pycache__"))


def test_no_link_in_the_copy_points_into_what_was_left_out(copy):
    original, copied = markdown_sources(REPO), markdown_sources(copy)
    unlinked = 0
    for name, text in copied.items():
        for target in local_links(name, text):
            assert not student_copy.is_left_out(target), f"{name} in the copy still links to {target}"
        # every link that worked in the course still works in the copy
        before = [t for t in local_links(name, original[name]) if (REPO / t).exists()]
        for target in before:
            if not student_copy.is_left_out(target):
                assert (copy / target).exists(), f"{name}: the link to {target} broke in the copy"
            else:
                unlinked += 1
    assert unlinked >= 8, f"expected the links to the solutions in every notebook, found {unlinked}"


def test_the_copys_notebooks_differ_only_in_links(copy):
    changed = 0
    for name in sorted(p.name for p in numbered_notebooks().values()):
        original, copied = read(NOTEBOOKS / name), read(copy / "notebooks" / name)
        if original == copied:
            continue
        changed += 1
        nbformat.validate(nbformat.reads(copied, as_version=4))
        before, after = json.loads(original), json.loads(copied)
        assert len(before["cells"]) == len(after["cells"])
        for old, new in zip(before["cells"], after["cells"]):
            if old["cell_type"] != "markdown" or old == new:
                assert old == new, f"{name}: a code cell or its output changed in the copy"
                continue
            old_text, new_text = "".join(old["source"]), "".join(new["source"])
            assert student_copy.unlink(old_text, f"notebooks/{name}")[0] == new_text
            assert len(new_text) < len(old_text)
        # the file is written the way Jupyter writes it: only the changed lines differ
        assert sum(a != b for a, b in zip(original.splitlines(), copied.splitlines())) <= 6
    assert changed >= 1, "no notebook linked to its solutions: the test above checked nothing"


def test_the_copys_library_imports_and_checks_answers(copy):
    code = ("import sys; sys.path.insert(0, '.'); import nnlib; "
            "assert nnlib.__file__.startswith(sys.argv[1]), nnlib.__file__; "
            "from nncourse.exercises import nb01; print(bool(nb01.slope_from_activation(None)))")
    result = subprocess.run([sys.executable, "-B", "-c", code, str(copy.resolve())], cwd=copy,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "not yet" in result.stdout and result.stdout.strip().endswith("False")


def test_copying_the_copy_outside_git_gives_the_same_files(copy, tmp_path):
    again = tmp_path / "again"
    report = student_copy.make_student_copy(again, copy)
    assert report.files == sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file())
    assert report.unlinked == {}, "the copy has no links left to turn into text"
    for name in report.files:
        assert (again / name).read_bytes() == (copy / name).read_bytes(), name


def test_the_tool_refuses_a_folder_that_holds_files(tmp_path):
    (tmp_path / "keep.txt").write_text("a student's work")
    result = subprocess.run([sys.executable, str(TOOL), str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "new or empty folder" in result.stderr and str(tmp_path) in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_the_tool_refuses_a_folder_inside_the_repository():
    with pytest.raises(SystemExit, match="outside the repository"):
        student_copy.make_student_copy(REPO / "build" / "student-copy")
    assert not (REPO / "build" / "student-copy").exists()
