"""Checks for the notebooks' exercises: one module per notebook (nb00.py, nb01.py, …).

Using a check (what notebook 00 explains)
-----------------------------------------
::

    from nncourse.exercises import nb01 as check
    check.neuron_output(answer)       # prints "correct", or "not yet: <what is off>"
    check.neuron_output.reveal()      # prints the expected value and how it is found

* A wrong answer gets a hint that says *what* is off (the sign, a factor of 2
  or of N, a transpose, the wrong axis, which entries and roughly by how
  much), never the expected value. A check never raises, whatever it is given.
* Each check asks for a precision, e.g. "to 4 significant digits". An answer
  rounded to that precision (or finer) is accepted, with a note that it was
  rounded; one rounded more coarsely is asked for more digits.
* ``reveal()`` prints the value *with the reasoning* that gives it, and only
  ``reveal()`` does: from the third wrong try on, a check adds one line saying
  that ``reveal()`` is there. A wrong try is an answer of the right kind (a
  number, an array, …) that is not correct; the untouched ``None`` and answers
  that are not a number yet are not counted, and a correct answer starts the
  count again. ``check.neuron_output.tries`` holds the count,
  ``check.neuron_output.reset()`` sets it back to 0.
* A check returns a ``Verdict``: true when the answer is correct (tests use
  it; the notebook shows nothing more, since the message was printed).
* Every counted wrong try, correct answer and reveal is added to the
  learner's ``progress.jsonl`` (never the answer; ``progress.py`` says where
  and how); ``check.progress()`` shows the notebook's exercises: done, tried,
  revealed or not started.

Writing a check
---------------
The expected value is computed when the check runs, from ``nnlib`` and the
exercise's data, never stored as a literal. A check is a function that returns
a ``Solution`` (the value, the reasoning, and the mistakes it knows by name),
wrapped by one of the decorators below::

    @number_check("the neuron's output a", digits=4)
    def neuron_output() -> Solution:
        z = float(X1 @ W1 + B1)
        a = float(sigmoid(z))
        return Solution(a, how=f"z = w·x + b = {z:.4g}, then a = σ(z) = {a:.6g}",
                        mistakes=[Mistake("z", z, "that is z; the output is σ(z)")])

``number_check`` (one number), ``array_check`` (an array, entry by entry),
``whole_check`` (a count, compared exactly) and ``custom_check`` (a judge
function of your own, for answers such as a pair (w, b)); ``checks_in(module)``
lists a module's checks (the tests run every one of them). The named mistakes
are tried first, then the general catalogue (``NUMBER_MISTAKES``: the sign, a
factor of 2, a percentage; plus a factor of N when the decorator gets ``n=``).
A ``Mistake``'s ``wrong`` is a value, or a function of the expected value.
An array of the wrong shape is told when it is transposed or only lacks (or
has an extra) ``keepdims`` axis; an array that is just wrong is told which
entries are off, too big or too small, and by roughly what factor.

A custom check judges the answer itself and returns ``right()``, ``wrong(hint)``
(a counted try) or ``unreadable(hint)`` (not a try: the wrong type)::

    @custom_check(_or_solution, "a pair (w, b) for an OR neuron")
    def or_neuron(answer, solution: Solution) -> Outcome:
        ...
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .progress import notebook_of, record

CORRECT = "correct"
OFFER_REVEAL_AFTER = 3    # wrong tries in a row before a check points at reveal()


# --- what a check returns and is built from -------------------------------------------

class Verdict:
    """The outcome of a check: ``bool(verdict)`` is True when the answer is correct.

    The check has already printed its message, so ``_ipython_display_`` shows
    nothing instead of repeating it as ``True`` or ``False``.
    """

    def __init__(self, ok: bool) -> None:
        self.ok = bool(ok)

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return f"Verdict({self.ok})"

    def _ipython_display_(self) -> None:
        pass


@dataclass(frozen=True)
class Mistake:
    """A named slip: the value it gives (or a function of the expected value) and the hint for it."""
    name: str
    wrong: Any
    hint: str

    def value(self, expected: Any) -> Any:
        return self.wrong(expected) if callable(self.wrong) else self.wrong


@dataclass
class Solution:
    """The expected value, the reasoning that gives it (with the numbers), the known mistakes, and where
    to look again when an answer is simply too big or too small (``look``, added to that bare hint)."""
    value: Any
    how: str
    mistakes: list[Mistake] = field(default_factory=list)
    look: str = ""


NUMBER_MISTAKES = [
    Mistake("sign", lambda e: -e, "the right size but the wrong sign: check every minus sign, and which "
                                  "way round each difference goes"),
    Mistake("twice", lambda e: 2 * e, "twice too big: a factor of 2 too many"),
    Mistake("half", lambda e: e / 2, "half the right size: a factor of 2 is missing"),
    Mistake("percent", lambda e: 100 * e, "100 times too big: a percentage where a fraction between 0 and 1 "
                                          "is asked?"),
]


def per_example_mistakes(n: int) -> list[Mistake]:
    """The factor-N slips in a gradient of a loss that sums over the N examples (½·SSE, SSE)."""
    return [Mistake("times_n", lambda e: n * e, f"N = {n} times too big: a factor of N, the number of "
                                                f"examples, too many"),
            Mistake("over_n", lambda e: e / n, f"N = {n} times too small: divided by the number of examples, "
                                               f"but this loss sums over them")]


# --- the answer readers, shared by every check -------------------------------------------

Outcome = tuple[bool, str, bool]      # (correct?, message, counts as a wrong try?)


def right(note: str = "") -> Outcome:
    return True, CORRECT + (f" ({note})" if note else ""), False


def wrong(hint: str) -> Outcome:
    return False, hint, True


def unreadable(hint: str) -> Outcome:
    """Not an attempt at the value yet (None, text, the wrong type): not counted as a try."""
    return False, hint, False


def not_started(answer: Any) -> bool:
    """True if the learner has not replaced the starter value (None or ...)."""
    return answer is None or answer is Ellipsis


def read_array(answer: Any) -> tuple[np.ndarray | None, str]:
    """``answer`` as a float array, or (None, what is wrong with it). True/False and text are not numbers."""
    kind = type(answer).__name__
    if isinstance(answer, (bool, np.bool_)):
        return None, f"not a number yet: {answer} is a truth value (bool); give the number itself"
    if isinstance(answer, (str, bytes)):
        return None, "not a number yet: that is text (a str); write the number without quotes"
    try:
        array = np.asarray(answer)
    except (TypeError, ValueError):
        return None, f"not a number yet: a {kind} that is not a table of numbers (rows of different lengths?)"
    if array.dtype.kind == "b" and array.ndim > 0:
        array = array.astype(float)        # a table of True/False reads as 1/0
    if array.dtype.kind not in "iuf":
        return None, f"not a number yet: got a {kind} (of {array.dtype}); give numbers"
    return array.astype(float), ""


def read_number(answer: Any) -> tuple[float | None, str]:
    """``answer`` as one float, or (None, what is wrong with it)."""
    array, problem = read_array(answer)
    if array is None:
        return None, problem
    if array.size != 1:
        return None, f"one number is asked, got an array of shape {array.shape}"
    return float(array.reshape(())), ""


# --- significant digits -------------------------------------------------------------------

def precision_text(digits: int | None) -> str:
    return "exactly" if digits is None else f"to {digits} significant digits"


def _tolerance(scale: np.ndarray, digits: int | None) -> np.ndarray:
    """Half a unit in the ``digits``-th significant digit of ``scale`` (exact when digits is None)."""
    scale = np.abs(np.asarray(scale, dtype=float))
    if digits is None:
        return 1e-12 * np.maximum(scale, 1.0)
    with np.errstate(divide="ignore"):
        exponent = np.floor(np.log10(np.where(scale > 0, scale, 1e-300)))
    return 0.5 * 10.0 ** (exponent - digits + 1) * (1 + 1e-9) + 1e-300


def _scale(expected: np.ndarray) -> np.ndarray:
    """Each entry's size, with a floor for zeros: 1/1000 of the array's largest entry."""
    expected = np.abs(np.asarray(expected, dtype=float))
    largest = float(expected.max()) if expected.size else 0.0
    return np.maximum(expected, 1e-3 * largest)


def agree(value: Any, expected: Any, digits: int | None) -> bool:
    """Same shape, and every entry within half a unit of the ``digits``-th significant digit."""
    value, expected = np.asarray(value, dtype=float), np.asarray(expected, dtype=float)
    if value.shape != expected.shape:
        return False
    return bool(np.all(np.abs(value - expected) <= _tolerance(_scale(expected), digits)))


def rounded_to(value: np.ndarray, expected: np.ndarray) -> int | None:
    """The number of significant digits ``expected`` was rounded to to give ``value`` (None if not a rounding)."""
    for k in range(1, 16):
        rounded = np.array([float(f"{e:.{k - 1}e}") for e in np.ravel(expected)]).reshape(np.shape(expected))
        if np.array_equal(rounded, value):
            return k
    return None


def digits_agreeing(value: float, expected: float) -> int:
    """How many significant digits of ``value`` agree with ``expected`` (0 if none)."""
    k = 0
    while k < 15 and agree(value, expected, k + 1):
        k += 1
    return k


FACTOR_BANDS = (1.5, 3.0, 10.0, 100.0)


def factor_band(factor: float) -> str:
    """How far off an answer is, as a band: ', by a factor between 3 and 10' ('' below 1.5).

    Never the factor itself: "too big by a factor of about 7.5" would give the
    answer away (your value ÷ 7.5), so a hint only says between which of the
    band edges 1.5, 3, 10 and 100 the factor lies.
    """
    if factor < FACTOR_BANDS[0]:
        return ""
    for low, high in zip(FACTOR_BANDS, FACTOR_BANDS[1:]):
        if factor < high:
            return f", by a factor between {low:g} and {high:g}"
    return f", by a factor of more than {FACTOR_BANDS[-1]:g}"


def size_words(value: float, expected: float) -> str:
    """'is too big, by a factor between 3 and 10' and the like, without the value itself."""
    if expected == 0:
        return "is too big" if value > 0 else "is too small"
    if value == 0:
        return "is zero, and should not be"
    if np.sign(value) != np.sign(expected):
        return "has the wrong sign" + ("" if agree(-value, expected, 2) else ", and the wrong size too")
    ratio = value / expected
    direction = "too big" if ratio > 1 else "too small"
    return f"is {direction}" + factor_band(ratio if ratio > 1 else 1 / ratio)


def judge_prediction(answer: Any, truth: float, tolerance: float, relative: bool = False,
                     too_high: str = "", too_low: str = "") -> Outcome:
    """Judge a predict-then-run answer: right if |prediction − truth| ≤ tolerance (× |truth| if ``relative``).

    A wrong prediction is told whether the truth is higher or lower (or of the
    other sign) and between which edges the factor lies (``factor_band``), never the truth itself. ``too_high``
    and ``too_low`` are the exercise's own hints for a prediction above or below it.
    """
    value, problem = read_number(answer)
    if value is None:
        return unreadable(problem)
    if not math.isfinite(value):
        return unreadable(f"your prediction came out as {value}; write one ordinary number")
    allowed = tolerance * abs(truth) if relative else tolerance
    within = f"within {tolerance:.0%}" if relative else f"within {tolerance:g}"
    if abs(value - truth) <= allowed:
        return right(f"your prediction is {within} of the truth: well predicted")
    if value != 0 and np.sign(value) != np.sign(truth):
        return wrong("the sign is wrong: the truth has the opposite sign to your prediction")
    direction = "higher" if truth > value else "lower"
    factor = truth / value if value != 0 else math.inf
    factor = max(factor, 1 / factor) if factor > 0 else math.inf
    size = factor_band(factor) if factor < math.inf else ""
    advice = too_low if direction == "higher" else too_high
    if not advice:
        advice = (f"look at the run again: which part of your reasoning gave too "
                  f"{'little' if direction == 'higher' else 'much'}?")
    return wrong(f"not {within}: the truth is {direction} than your prediction{size}. {advice}")


# --- the checks -------------------------------------------------------------------------

class Check:
    """One exercise check: call it with an answer; ``reveal()`` prints the answer and its reasoning.

    Subclasses say how an answer is judged (``judge``) and describe what is asked (``asks``).
    """

    def __init__(self, solve: Callable[[], Solution], what: str, digits: int | None = None) -> None:
        self.solve, self.what, self.digits = solve, what, digits
        self.name = solve.__name__
        self.__doc__ = solve.__doc__
        self.__name__ = self.name
        self.__module__ = solve.__module__
        self.tries = 0

    def __repr__(self) -> str:
        return f"<check {self.name}: {self.what}, {precision_text(self.digits)}>"

    def asks(self, solution: Solution) -> str:
        return self.what if self.digits is None else f"{self.what}, {precision_text(self.digits)}"

    def judge(self, answer: Any, solution: Solution) -> Outcome:
        raise NotImplementedError

    def __call__(self, answer: Any) -> Verdict:
        solution = self.solve()
        if not_started(answer):
            ok, message, counts = unreadable(f"replace None with {self.asks(solution)}")
        else:
            try:
                ok, message, counts = self.judge(answer, solution)
            except (TypeError, ValueError, IndexError, AttributeError, OverflowError):
                ok, message, counts = unreadable(f"this answer could not be read as {self.asks(solution)}")
        print(message if ok else f"not yet: {message}")
        events = ["correct"] if ok else []
        if ok:
            self.tries = 0                       # the next attempt of this exercise starts afresh
        elif counts:
            self.tries += 1
            events.append("wrong")
            if self.tries >= OFFER_REVEAL_AFTER:
                print(f"That was wrong try {self.tries}: check.{self.name}.reveal() shows the answer and how it "
                      f"is found, when you want it.")
        self._record(events)
        return Verdict(ok)

    def reveal(self) -> None:
        """Print the expected value and the reasoning that gives it."""
        self._show(self.solve())
        self._record(["reveal"])

    def _record(self, events: list[str]) -> None:
        """Add the events to the learner's progress file (never the answer); a check outside a notebook's
        module (check_number, a test's own) records nothing."""
        notebook = notebook_of(self.__module__)
        if notebook is not None:
            record(notebook, self.name, events)

    def reset(self) -> None:
        """Forget the wrong tries."""
        self.tries = 0

    def _show(self, solution: Solution) -> None:
        print(f"{self.name}: {self.what} = {show_value(solution.value)}\n  how: {solution.how}")

    def mistakes(self, solution: Solution) -> list[Mistake]:
        """The check's own named mistakes, then the general ones."""
        return solution.mistakes


def show_value(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return "\n" + np.array2string(value, precision=8, suppress_small=True)
    if isinstance(value, float):
        return f"{value:.8g}"
    return repr(value)


class NumberCheck(Check):
    """One number, right to ``digits`` significant digits."""

    def __init__(self, solve: Callable[[], Solution], what: str, digits: int = 4, n: int | None = None) -> None:
        super().__init__(solve, what, digits)
        self.n = n

    def mistakes(self, solution: Solution) -> list[Mistake]:
        return solution.mistakes + NUMBER_MISTAKES + (per_example_mistakes(self.n) if self.n else [])

    def judge(self, answer: Any, solution: Solution) -> Outcome:
        value, problem = read_number(answer)
        if value is None:
            return unreadable(problem)
        if not math.isfinite(value):
            return unreadable(f"{self.what} came out as {value}: look for a division by zero or an overflow")
        return judge_numbers(np.array(value), np.array(float(solution.value)), self.digits,
                             self.mistakes(solution), look=solution.look)


class ArrayCheck(Check):
    """An array of a given shape, every entry right to ``digits`` significant digits (or exactly)."""

    def __init__(self, solve: Callable[[], Solution], what: str, digits: int | None = 4,
                 n: int | None = None, names: list[str] | None = None) -> None:
        super().__init__(solve, what, digits)
        self.n, self.names = n, names

    def asks(self, solution: Solution) -> str:
        return f"{self.what} (shape {np.shape(solution.value)}), {precision_text(self.digits)}"

    def mistakes(self, solution: Solution) -> list[Mistake]:
        return solution.mistakes + NUMBER_MISTAKES + (per_example_mistakes(self.n) if self.n else [])

    def judge(self, answer: Any, solution: Solution) -> Outcome:
        value, problem = read_array(answer)
        if value is None:
            return unreadable(problem)
        expected = np.asarray(solution.value, dtype=float)
        if value.shape != expected.shape:
            return self.judge_shape(value, expected, solution)
        if not np.all(np.isfinite(value)):
            return wrong(f"entries {_indices(~np.isfinite(value))} are NaN or infinite: a division by zero "
                         f"or an overflow?")
        return judge_numbers(value, expected, self.digits, self.mistakes(solution), self.names)

    def judge_shape(self, value: np.ndarray, expected: np.ndarray, solution: Solution) -> Outcome:
        for mistake in solution.mistakes:               # a named mistake may have its own shape
            if agree(value, mistake.value(expected), self.digits):
                return wrong(mistake.hint)
        asked = f"{self.what} has shape {expected.shape}, yours {value.shape}"
        if expected.ndim == 2 and value.shape == expected.shape[::-1]:
            if agree(value.T, expected, self.digits):
                return wrong(f"transposed: the right numbers, but {asked}; a .T too many or missing")
            return wrong(f"{asked}, the transposed shape: a .T too many or missing?")
        if value.size == expected.size and agree(value.reshape(expected.shape), expected, self.digits):
            fix = ("keepdims=True (or a reshape) is missing" if value.ndim < expected.ndim
                   else "drop keepdims=True, or .ravel()")
            return wrong(f"the right numbers in the wrong shape: {asked}; {fix}")
        return wrong(f"{asked}")


# An answer that agrees to this many digits is taken as unrounded. Not more: a central difference
# with ε = 1e-5 is reproducible only to about 11 digits (its rounding noise is divided by 2ε), so a
# learner's unrounded answer may differ from ours, or from another processor's, in the 11th or 12th.
EXACT_DIGITS = 10


def judge_numbers(value: np.ndarray, expected: np.ndarray, digits: int | None,
                  mistakes: list[Mistake], names: list[str] | None = None, look: str = "") -> Outcome:
    """Compare same-shaped arrays (or 0-d numbers): correct, a named mistake, rounding, or which entries are off."""
    if agree(value, expected, digits):
        exact = agree(value, expected, EXACT_DIGITS) if digits is not None else True
        return right("" if exact else f"rounded: it agrees to the {digits} significant digits asked")
    for mistake in mistakes:
        try:
            slip = np.asarray(mistake.value(expected), dtype=float)
        except (TypeError, ValueError):
            continue
        if slip.shape == expected.shape and not agree(slip, expected, digits) and agree(value, slip, digits):
            return wrong(mistake.hint)
    if digits is not None:
        k = rounded_to(value, expected)
        if k is not None and k < digits:
            return wrong(f"rounded to {k} significant digit{'s' * (k > 1)}; this exercise asks for {digits}: "
                         f"keep more digits")
    if value.ndim == 0:
        k = digits_agreeing(float(value), float(expected)) if digits is not None else 0
        if k >= 2:
            return wrong(f"close: it agrees to {k} significant digits, but {digits} are asked. An intermediate "
                         f"result rounded too early, or a small slip?")
        return wrong(f"your value {size_words(float(value), float(expected))}" + (f". {look}" if look else ""))
    off = np.abs(value - expected) > _tolerance(_scale(expected), digits)
    where = np.argwhere(off)
    words = [f"{names[i[0]] if names else _index(i)} {size_words(float(value[tuple(i)]), float(expected[tuple(i)]))}"
             for i in where[:4]]
    more = f" (and {len(where) - 4} more)" if len(where) > 4 else ""
    head = ("every entry is off" if off.all() else
            f"{len(where)} of {value.size} entries {'is' if len(where) == 1 else 'are'} off")
    return wrong(f"{head}: " + "; ".join(words) + more)


def _index(i: np.ndarray) -> str:
    return f"entry {int(i[0])}" if len(i) == 1 else f"entry ({', '.join(str(int(v)) for v in i)})"


def _indices(mask: np.ndarray) -> str:
    return ", ".join(_index(i) for i in np.argwhere(mask)[:4])


class WholeCheck(Check):
    """A whole number (a count, a number of epochs), compared exactly."""

    def __init__(self, solve: Callable[[], Solution], what: str) -> None:
        super().__init__(solve, what, None)

    def asks(self, solution: Solution) -> str:
        return f"{self.what} (a whole number)"

    def judge(self, answer: Any, solution: Solution) -> Outcome:
        value, problem = read_number(answer)
        if value is None:
            return unreadable(problem)
        if not math.isfinite(value) or value != int(value):
            return unreadable(f"{self.what} is a whole number; yours has a fractional part")
        expected = int(solution.value)
        if int(value) == expected:
            return right()
        counted = [Mistake("sign", -expected, "the right size but the wrong sign: a count has no direction; "
                                              "count how many, whichever way they go"),
                   Mistake("twice", 2 * expected, "twice too many: something counted twice?"),
                   Mistake("off_by_one", expected + 1, "one too many: off by one?"),
                   Mistake("one_short", expected - 1, "one too few: off by one?")]
        for mistake in solution.mistakes + counted:
            if mistake.value(expected) == value and mistake.value(expected) != expected:
                return wrong(mistake.hint)
        # Direction only: for a small count, "too big by a factor of 2.5" would give the count away.
        far = abs(value) > 10 * abs(expected) or 10 * abs(value) < abs(expected)
        return wrong(f"your count is too {'big' if value > expected else 'small'}"
                     + (", by more than a factor of 10" if far else "") + (f". {solution.look}" if solution.look else ""))


class CustomCheck(Check):
    """A check whose ``judge(answer, solution)`` is written by hand (a pair (w, b), a seed, a shape)."""

    def __init__(self, solve: Callable[[], Solution], judge: Callable[[Any, Solution], Outcome],
                 what: str) -> None:
        super().__init__(solve, what, None)
        self._judge = judge
        self.name = self.__name__ = judge.__name__
        self.__doc__, self.__module__ = judge.__doc__, judge.__module__

    def judge(self, answer: Any, solution: Solution) -> Outcome:
        return self._judge(answer, solution)


# --- decorators: how a notebook module writes its checks ---------------------------------

def number_check(what: str, digits: int = 4, n: int | None = None) -> Callable[[Callable[[], Solution]], Check]:
    """Turn ``solve() -> Solution`` into a check of one number to ``digits`` significant digits."""
    return lambda solve: NumberCheck(solve, what, digits, n)


def array_check(what: str, digits: int | None = 4, n: int | None = None,
                names: list[str] | None = None) -> Callable[[Callable[[], Solution]], Check]:
    """Turn ``solve() -> Solution`` into a check of an array, entry by entry (digits=None: exactly).

    ``names`` (for a flat array) name the entries in hints, e.g. ["w1", …, "w9"].
    """
    return lambda solve: ArrayCheck(solve, what, digits, n, names)


def whole_check(what: str) -> Callable[[Callable[[], Solution]], Check]:
    """Turn ``solve() -> Solution`` into a check of a whole number."""
    return lambda solve: WholeCheck(solve, what)


def custom_check(solve: Callable[[], Solution], what: str) -> Callable[[Callable[[Any, Solution], Outcome]], Check]:
    """Turn ``judge(answer, solution) -> Outcome`` (built with right/wrong/unreadable) into a check."""
    return lambda judge: CustomCheck(solve, judge, what)


def checks_in(module: Any) -> list[Check]:
    """Every check a notebook module defines, in the order it defines them."""
    return [value for value in vars(module).values() if isinstance(value, Check)]


# --- one-off checks (no tries counted, nothing to reveal) ----------------------------------

def check_number(answer: Any, expected: float, what: str, digits: int = 6) -> Verdict:
    """Is ``answer`` one number agreeing with ``expected`` to ``digits`` significant digits?"""
    return NumberCheck(lambda: Solution(expected, how="(given)"), what, digits)(answer)


def check_array(answer: Any, expected: Any, what: str, digits: int | None = 6) -> Verdict:
    """Is ``answer`` an array of ``expected``'s shape agreeing entry by entry to ``digits`` digits?"""
    return ArrayCheck(lambda: Solution(np.asarray(expected, dtype=float), how="(given)"), what, digits)(answer)
