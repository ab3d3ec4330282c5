"""Small helpers that the notebooks use to print results: the same text on every machine.

    error_text(e)        a relative error, or only its bound when it is tiny
    ranking(scores)      "student 2 < student 3 < student 1": who is lowest, who highest
    best_time(f)         the fastest of a few runs of f, in seconds
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

TINY_ERROR = 1e-7      # below this a relative error says "right"; its digits differ between processors


def error_text(error: float, width: int = 0) -> str:
    """``error`` as "1.3e-02", or "< 1e-7" when it is below ``TINY_ERROR``, padded to ``width``.

    A tiny relative error is rounding noise: its digits depend on the processor's arithmetic,
    so only the bound is printed (and compared by the tests).
    """
    text = "< 1e-7" if error < TINY_ERROR else f"{error:.1e}"
    return text.ljust(width)


def ranking(scores: ArrayLike) -> str:
    """The positions of ``scores`` from the lowest to the highest, as "student 2 < student 1 < …".

    Students are counted from 1; ``scores`` may be a column (n, 1) or a flat array (n,).
    """
    order = np.argsort(np.ravel(scores), kind="stable")
    return " < ".join(f"student {i + 1}" for i in order)


def best_time(function: Callable[[], object], repeats: int = 5) -> float:
    """The shortest of ``repeats`` runs of ``function()``, in seconds (the least disturbed run)."""
    return best_times([function], repeats)[0]


def best_times(functions: list[Callable[[], object]], repeats: int = 5) -> list[float]:
    """The shortest run of each function, in seconds, the functions taking turns ``repeats`` times.

    Taking turns, a moment when the computer is busy slows each of them about alike, so the ratio
    of two times is fairer than when one is timed after the other.
    """
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeats):
        for function, taken in zip(functions, times):
            start = time.perf_counter()
            function()
            taken.append(time.perf_counter() - start)
    return [min(taken) for taken in times]
