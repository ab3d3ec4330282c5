"""Check functions for the notebooks' exercises: one module per notebook (nb01.py, nb02.py, …).

Every check prints "correct" or a hint that says what is off; none raises, so a
learner's half-finished answer never ends in a traceback. Each also returns
True or False, so tests (and the solutions notebooks) can use it.

The helpers below are what the per-notebook modules are built from.
"""

from __future__ import annotations

from typing import Any

import numpy as np

CORRECT = "correct"


def verdict(ok: bool, hint: str) -> bool:
    """Print "correct" or the hint, and return ok."""
    print(CORRECT if ok else f"not yet: {hint}")
    return ok


def not_started(answer: Any) -> bool:
    """True if the learner has not replaced the starter value (None or ...)."""
    return answer is None or answer is Ellipsis


def check_number(answer: Any, expected: float, what: str, tolerance: float = 1e-6) -> bool:
    """Is ``answer`` a number within ``tolerance`` (absolute) of ``expected``?"""
    if not_started(answer):
        return verdict(False, f"replace None with your value of {what}")
    try:
        value = float(np.asarray(answer, dtype=float).reshape(()))
    except (TypeError, ValueError):
        return verdict(False, f"{what} should be a single number, got {type(answer).__name__} {answer!r}")
    if not np.isfinite(value):
        return verdict(False, f"{what} came out as {value}; look for a division by zero or an overflow")
    if abs(value - expected) <= tolerance:
        return verdict(True, "")
    if abs(value + expected) <= tolerance and expected != 0:
        return verdict(False, f"{what} has the right size but the wrong sign")
    return verdict(False, f"{what} should be about {expected:.6g}, got {value:.6g}")


def check_array(answer: Any, expected: np.ndarray, what: str, tolerance: float = 1e-6) -> bool:
    """Is ``answer`` an array of ``expected``'s shape, entry by entry within ``tolerance``?"""
    expected = np.asarray(expected, dtype=float)
    if not_started(answer):
        return verdict(False, f"replace None with your {what} (shape {expected.shape})")
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return verdict(False, f"{what} should be an array of numbers, got {type(answer).__name__}")
    if value.shape != expected.shape:
        hint = " (a transpose, .T, may be missing)" if value.shape == expected.shape[::-1] else ""
        return verdict(False, f"{what} should have shape {expected.shape}, got {value.shape}{hint}")
    if not np.all(np.isfinite(value)):
        return verdict(False, f"{what} contains NaN or infinite values")
    worst = float(np.max(np.abs(value - expected)))
    if worst <= tolerance:
        return verdict(True, "")
    return verdict(False, f"{what} is off by up to {worst:.3g} (entry by entry); expected {np.array2string(expected, precision=6)}")
