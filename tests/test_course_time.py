"""Issue 21's budget: the core path's prose and hours, and README's times from one stated rule."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import course_time  # noqa: E402  (tools/ is not a package)

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_prose_words_leave_out_code_maths_tags_and_link_targets():
    cell = ("The **slope** is $\\sigma'(z)$, see `sigmoid_slope` and\n"
            "$$a(1 - a)$$\n```python\nx = 1\n```\n<b>bold</b> [notebook 03](03-loss.ipynb#why) - done.")
    # The, slope, is, see, and, bold, notebook, 03, done: "-" and "**" alone are no words.
    assert course_time.prose_words(cell) == 9


def test_minutes_follow_the_rule(tmp_path):
    cells = [{"cell_type": "markdown", "source": [" ".join(["word"] * 300)]},
             {"cell_type": "markdown", "source": ["**Exercise 1 · Try**"]},
             {"cell_type": "code", "source": ["explorers.neuron_explorer(gate='AND')"]},
             {"cell_type": "code", "source": ["check.one(x)"]}]
    path = tmp_path / "09-x.ipynb"
    path.write_text(__import__("json").dumps({"cells": cells}))
    # 303 words / 150 = 2.02, 2 code cells = 1, 1 exercise = 5, 1 widget = 3: 11.02, to the nearest 5
    assert course_time.measure(path) == {"words": 303, "code": 2, "exercises": 1, "widgets": 1, "minutes": 10}


def test_the_core_path_keeps_its_word_budget():
    core = {n: m["words"] for n, m in course_time.series().items() if course_time.is_core(n)}
    assert len(core) >= 8
    too_long = {n: w for n, w in core.items() if w > course_time.NOTEBOOK_WORDS_AT_MOST}
    assert not too_long, f"over {course_time.NOTEBOOK_WORDS_AT_MOST} words of prose: {too_long}"
    assert sum(core.values()) <= course_time.CORE_WORDS_AT_MOST, core


def readme_times() -> dict[str, int]:
    table = README.split("## The notebooks")[1].split("\n## ")[0]
    return {n: int(t) for n, t in re.findall(r"^\| (\d\d[a-z]?) \|.*\| (\d+) min \|$", table, re.M)}


def test_readme_gives_every_notebook_the_time_of_the_rule():
    measured = {n: m["minutes"] for n, m in course_time.series().items()}
    assert readme_times() == measured


def test_readme_states_the_rule_and_the_core_total_within_seven_hours():
    rule = f"{course_time.WORDS_PER_MINUTE} words a minute"
    assert rule in README and "tools/course_time.py" in README
    core_minutes = sum(t for n, t in readme_times().items() if course_time.is_core(n))
    assert core_minutes <= course_time.CORE_HOURS_AT_MOST * 60
    hours, minutes = divmod(core_minutes, 60)
    assert f"core path: {hours} h {minutes:02d} min" in README
