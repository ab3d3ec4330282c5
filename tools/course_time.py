"""How long each notebook takes, from a stated rule, and how many words of prose it holds.

    python tools/course_time.py            # a table: words, code cells, exercises, widgets, minutes

The rule (README.md, "The notebooks", uses it for its time column):

    minutes = prose words / 150  +  ½ per code cell  +  5 per exercise  +  3 per widget

- **Prose words**: the markdown cells without fenced or inline code, `$…$` and `$$…$$` maths,
  HTML tags and link targets; a word is a run of non-space characters holding a letter or digit.
  150 words a minute is a careful reading pace for text with maths in it.
- **Code cells**: half a minute to read one and run it.
- **Exercises**: the `**Exercise N · …**` cells; five minutes each, hints included.
- **Widgets**: the cells that start an explorer or the backprop stepper; three minutes each to play.

The core path is every numbered notebook without a letter (00, 01, …); 04b and 05b are optional.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

WORDS_PER_MINUTE = 150
MINUTES_PER_CODE_CELL = 0.5
MINUTES_PER_EXERCISE = 5
MINUTES_PER_WIDGET = 3

CORE_WORDS_AT_MOST = 14_000        # issue 21: the core path's prose
NOTEBOOK_WORDS_AT_MOST = 2_200     # … and no core notebook over this
CORE_HOURS_AT_MOST = 7

EXERCISE = re.compile(r"\*\*Exercise \d+[^*\n]*· ")
WIDGET = re.compile(r"\bexplorers\.\w+_explorer\(|\bbackprop_stepper\(")


def prose_words(markdown: str) -> int:
    """The words a learner reads in one markdown cell: code, maths, tags and link targets left out."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)\s]*\)", "] ", text)
    return sum(1 for token in text.split() if re.search(r"[A-Za-z0-9]", token))


def measure(path: Path) -> dict:
    """Words, code cells, exercises, widgets and minutes of one notebook, by the rule above."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = [("".join(c["source"]), c["cell_type"]) for c in cells]
    words = sum(prose_words(s) for s, kind in sources if kind == "markdown")
    code = sum(1 for _, kind in sources if kind == "code")
    exercises = sum(1 for s, kind in sources if kind == "markdown" and EXERCISE.match(s))
    widgets = sum(1 for s, kind in sources if kind == "code" and WIDGET.search(s))
    minutes = (words / WORDS_PER_MINUTE + code * MINUTES_PER_CODE_CELL
               + exercises * MINUTES_PER_EXERCISE + widgets * MINUTES_PER_WIDGET)
    return {"words": words, "code": code, "exercises": exercises, "widgets": widgets,
            "minutes": round(minutes / 5) * 5}          # to the nearest five minutes


def series() -> dict[str, dict]:
    """Each numbered notebook's number ('04', '04b') and its measures, in order."""
    found = {}
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        if match := re.match(r"(\d\d[a-z]?)-", path.name):
            found[match.group(1)] = measure(path)
    return found


def is_core(number: str) -> bool:
    return number.isdigit()


def main() -> None:
    rows = series()
    print(f"{'':4} {'words':>6} {'code':>5} {'ex.':>4} {'wid.':>5} {'min':>5}")
    for number, m in rows.items():
        print(f"{number:4} {m['words']:6} {m['code']:5} {m['exercises']:4} {m['widgets']:5} {m['minutes']:5}")
    core = [m for n, m in rows.items() if is_core(n)]
    print(f"core {sum(m['words'] for m in core):6} words, {sum(m['minutes'] for m in core) / 60:.1f} h "
          f"(at most {CORE_WORDS_AT_MOST} words, {NOTEBOOK_WORDS_AT_MOST} a notebook, {CORE_HOURS_AT_MOST} h)")


if __name__ == "__main__":
    sys.exit(main())
