"""Helpers shared by the exercise tests: run a check, read what it printed, look for a leaked value."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from nncourse.exercises import Check, Verdict


def verdict(capsys, check: Check, answer: Any, fresh: bool = True) -> tuple[Verdict, str]:
    """Run a check (by default as a first try); return (its Verdict, what it printed)."""
    if fresh:
        check.reset()
    capsys.readouterr()
    result = check(answer)
    printed = capsys.readouterr().out.strip()
    assert isinstance(result, Verdict)
    if result:
        assert printed.startswith("correct"), printed
    else:
        assert printed.startswith("not yet: "), printed
    return result, printed


def assert_correct(capsys, check: Check, answer: Any, rounded: bool = False) -> str:
    result, printed = verdict(capsys, check, answer)
    assert result, f"{answer!r} was refused: {printed}"
    assert ("rounded" in printed) == rounded, printed
    return printed


def odd_answer_problems(capsys, check: Check, answers: list) -> list[str]:
    """Run a check on each odd answer (each as a first try); say what went wrong with each: it raised,
    it was accepted, it reached the "could not be read" safety net, or it counted as more than one try."""
    problems = []
    for k, answer in enumerate(answers):
        try:
            result, printed = verdict(capsys, check, answer)
        except Exception as error:            # noqa: BLE001  (a check that raises is the bug looked for)
            problems.append(f"answer {k} = {answer!r}: raised {error!r}")
            continue
        if result:
            problems.append(f"answer {k} = {answer!r}: accepted")
        if "could not be read" in printed:
            problems.append(f"answer {k} = {answer!r}: reached the safety net instead of a reader")
        if check.tries > 1:
            problems.append(f"answer {k} = {answer!r}: counted as {check.tries} tries")
    return problems


def assert_hint(capsys, check: Check, answer: Any, *words: str) -> str:
    result, printed = verdict(capsys, check, answer)
    assert not result, f"{answer!r} was accepted"
    for word in words:
        assert word in printed, f"hint {printed!r} does not mention {word!r}"
    return printed


def spellings(value: Any) -> set[str]:
    """The ways a number (or each entry of an array) is commonly printed, without its sign.

    repr, %.8g … %.3g, %.6f … %.2f. Spellings with fewer than two significant
    digits are left out unless they are the exact value (0.6 is searched for,
    0.01 standing for 0.0123 is not): they would match any small number in a hint.
    Zeros and ±1 are left out: every hint may say "0 or 1".
    """
    found = set()
    for v in np.ravel(np.asarray(value, dtype=float)):
        v = abs(float(v))
        if v in (0.0, 1.0) or not np.isfinite(v):
            continue
        forms = [repr(v), f"{v:g}"] + [f"{v:.{k}g}" for k in range(3, 9)] + [f"{v:.{k}f}" for k in range(2, 7)]
        if v == int(v):
            forms.append(str(int(v)))
        for form in forms:
            digits = form.lstrip("0.").replace(".", "")
            if len(digits.rstrip("0") or "0") >= 2 or float(form) == v:
                found.add(form)
    return found


def leaked(text: str, value: Any) -> list[str]:
    """The spellings of ``value`` that appear in ``text`` as a whole number (not inside another one)."""
    return sorted(form for form in spellings(value)
                  if re.search(rf"(?<![\d.]){re.escape(form)}(?![\d])", text))
