"""Check functions for the notebooks' exercises: one module per notebook (nb01.py, nb02.py, …).

Every check prints "correct" or a hint that says what is off; none raises, so a
learner's half-finished answer never ends in a traceback. Each also returns a
``Verdict``, which is true when the answer is correct, so tests can use it;
since the message was already printed, a notebook shows nothing more for it.

The helpers below are what the per-notebook modules are built from.
"""

from __future__ import annotations

from typing import Any

import numpy as np

CORRECT = "correct"


class Verdict:
    """The outcome of a check: ``bool(verdict)`` is True when the answer is correct.

    Jupyter shows the value of a cell's last line. The check has already
    printed its message, so ``_ipython_display_`` shows nothing instead of
    repeating it as ``True`` or ``False``.
    """

    def __init__(self, ok: bool) -> None:
        self.ok = bool(ok)

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return f"Verdict({self.ok})"

    def _ipython_display_(self) -> None:
        pass


def verdict(ok: bool, hint: str) -> Verdict:
    """Print "correct" or "not yet: <hint>", and return the Verdict."""
    print(CORRECT if ok else f"not yet: {hint}")
    return Verdict(ok)


def as_number(answer: Any) -> float | None:
    """``answer`` as one float, or None if it is not a single number (True/False are not numbers here)."""
    if isinstance(answer, (bool, np.bool_)):
        return None
    try:
        return float(np.asarray(answer, dtype=float).reshape(()))
    except (TypeError, ValueError):
        return None


def as_array(answer: Any) -> np.ndarray | None:
    """``answer`` as a float array, or None if it cannot be read as one."""
    try:
        return np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None


def same_array(value: np.ndarray | None, other: Any, tolerance: float = 1e-6) -> bool:
    """Same shape as ``other`` and every entry within ``tolerance`` of it."""
    return (value is not None and value.shape == np.shape(other)
            and bool(np.all(np.abs(value - np.asarray(other, dtype=float)) <= tolerance)))


def not_started(answer: Any) -> bool:
    """True if the learner has not replaced the starter value (None or ...)."""
    return answer is None or answer is Ellipsis


def check_number(answer: Any, expected: float, what: str, tolerance: float = 1e-6) -> Verdict:
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


def check_array(answer: Any, expected: np.ndarray, what: str, tolerance: float = 1e-6) -> Verdict:
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
