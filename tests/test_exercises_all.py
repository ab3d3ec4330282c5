"""What every exercise check of every notebook must do, whatever it is given.

* A learner's answer can be anything (the untouched None, text, a ragged
  list, NaN, True): a check never raises and never accepts such an answer.
* A wrong answer (zeros, the negative, twice the value, the transpose, one
  entry changed, rounded too coarsely) gets a hint that does not print the
  expected value, in any common spelling.
* The value shows only when asked for (``reveal()``), with the reasoning that
  gives it; from the third wrong try in a row a check says that reveal() is there.
* Every mistake a check names gets its own hint.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from exercise_checks import assert_correct, assert_hint, leaked, odd_answer_problems, spellings, verdict
from nncourse.exercises import (OFFER_REVEAL_AFTER, ArrayCheck, CustomCheck, NumberCheck, WholeCheck, check_array,
                             check_number, checks_in, nb00, nb01, nb02, nb03, nb04, nb04b, nb05, nb05b, nb06,
                             show_value, size_words)

MODULES = (nb00, nb01, nb02, nb03, nb04, nb04b, nb05, nb05b, nb06)   # nb07 has its own tests (its checks take a class)
ALL_CHECKS = [check for module in MODULES for check in checks_in(module)]
ODD_ANSWERS = [None, ..., "abc", "0.5", [], [[1, 2], [3]], {"a": 1}, {"w1": 1.0}, np.nan, np.inf, True, False,
               np.True_, 3, -2.5, 1e300, 1 + 2j, np.zeros((4, 1)), np.ones((2, 3, 4)), (1, 2, 3), object(),
               np.full(9, np.nan), [None] * 9, np.array(["a", "b"])]


def check_id(check):
    return f"{check.__module__.rsplit('.', 1)[1]}.{check.name}"


def round_sig(x, k):
    return np.vectorize(lambda v: float(f"{v:.{k - 1}e}"))(np.asarray(x, dtype=float))


def wrong_answers(check):
    """Answers built from the expected value that a learner could plausibly give."""
    value = check.solve().value
    if isinstance(check, CustomCheck):
        if check.name == "first_weight_shape":
            return [value[::-1], (0, 0), (value[0] + 1, value[1]), (value[0] * 2, value[1] * 2)]
        if check.name == "or_neuron":
            return [(np.zeros(2), 0.0), (-value[0], -value[1]), (value[0], -value[1]), (value[0] / 100, 0.1)]
        return [0, 1, 2, 3, 6]                         # stuck_seed
    if isinstance(check, WholeCheck):
        return [0, -value, 2 * value, value + 3, value - 3, value // 2]
    e = np.asarray(value, dtype=float)
    changed = e.copy()
    changed.flat[-1] = 1.37 * changed.flat[-1] + 0.1
    answers = [np.zeros_like(e), -e, 2 * e, changed, round_sig(e, max(1, (check.digits or 3) - 2)), e + 0.5]
    if e.ndim == 2:
        answers.append(e.T)
    if e.ndim == 0:
        answers = [float(a) for a in answers]
    return answers


def test_the_leak_finder_finds_the_usual_spellings():
    assert leaked("should be about 0.574443, got 0.3", 0.5744425168116589) == ["0.574443"]
    assert leaked("expected [[ 0.0103724 -0.00965765]]", np.array([0.01037239, -0.00965765]))
    assert leaked("about 14 of them", 14) == ["14"]
    assert leaked("0.57", 0.574443) == ["0.57"]
    assert not leaked("entry 140 and 0.5744", 14)                 # inside another number is not a leak
    assert not leaked("every entry is 0 or 1", np.array([0.0, 1.0]))
    assert "0.6" in spellings(0.6) and "0.01" not in spellings(0.0123)


@pytest.mark.parametrize("check", ALL_CHECKS, ids=check_id)
def test_no_check_raises_and_odd_answers_are_not_accepted(capsys, check):
    problems = odd_answer_problems(capsys, check, ODD_ANSWERS)       # every answer tried, all problems listed
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("check", ALL_CHECKS, ids=check_id)
def test_the_starter_answer_asks_to_replace_none_and_says_the_precision(capsys, check):
    printed = assert_hint(capsys, check, None, "replace None")
    if isinstance(check, (NumberCheck, ArrayCheck)):
        assert "significant digits" in printed or "exactly" in printed
    assert check.tries == 0, "the untouched starter answer is not a wrong try"


@pytest.mark.parametrize("check", ALL_CHECKS, ids=check_id)
def test_wrong_answers_never_print_the_expected_value(capsys, check):
    value = check.solve().value
    refused = 0
    for answer in wrong_answers(check):
        result, printed = verdict(capsys, check, answer)
        if result:
            continue                                   # e.g. another stuck seed, a sharper OR neuron
        refused += 1
        if check.name != "or_neuron":          # (10, 10, −5) is one of many right answers; "×10" is a fair hint
            assert not leaked(printed, value), f"{answer!r} got {printed!r}, which shows the expected value"
        assert "here is the answer" not in printed
    assert refused >= 3


@pytest.mark.parametrize("check", ALL_CHECKS, ids=check_id)
def test_reveal_prints_the_value_with_its_reasoning(capsys, check):
    solution = check.solve()
    check.reveal()
    printed = capsys.readouterr().out
    assert show_value(solution.value) in printed and solution.how in printed
    assert len(solution.how) > 40, "the reasoning is more than a number"
    if not isinstance(check, CustomCheck):
        assert leaked(printed, solution.value) or set(np.ravel(solution.value)) <= {0.0, 1.0}


@pytest.mark.parametrize("check", ALL_CHECKS, ids=check_id)
def test_the_third_wrong_try_points_at_reveal_and_shows_nothing(capsys, check):
    solution = check.solve()
    answers = [a for a in wrong_answers(check) if not check(a)]
    capsys.readouterr()
    check.reset()
    outputs = [verdict(capsys, check, answers[i % len(answers)], fresh=False)[1] for i in range(OFFER_REVEAL_AFTER + 1)]
    offer = f"check.{check.name}.reveal() shows the answer"
    for before in outputs[:OFFER_REVEAL_AFTER - 1]:
        assert offer not in before
    for after in outputs[OFFER_REVEAL_AFTER - 1:]:
        assert offer in after.splitlines()[-1] and solution.how not in after    # the hint, then the offer alone
    assert check.tries == OFFER_REVEAL_AFTER + 1
    check.reset()
    assert check.tries == 0


@pytest.mark.parametrize("check", [c for c in ALL_CHECKS if not isinstance(c, WholeCheck)][:12], ids=check_id)
def test_a_correct_answer_starts_the_count_again(capsys, check):
    wrong = [a for a in wrong_answers(check) if not check(a)][0]
    check.reset()
    for _ in range(OFFER_REVEAL_AFTER - 1):
        check(wrong)
    check(check.solve().value)
    assert check.tries == 0
    check(wrong)
    assert "reveal()" not in capsys.readouterr().out.splitlines()[-1]


@pytest.mark.parametrize("check", [c for c in ALL_CHECKS if not isinstance(c, CustomCheck)], ids=check_id)
def test_every_named_mistake_gets_its_own_hint(capsys, check):
    solution = check.solve()
    for mistake in solution.mistakes:
        assert_hint(capsys, check, mistake.value(solution.value), mistake.hint)


# --- the framework on its own ---------------------------------------------------------------

def test_an_answer_rounded_to_the_asked_digits_passes_with_a_note(capsys):
    a = 1 / (1 + np.exp(-(2.0 * 0.4 - 1.0 * 0.3 - 0.5 * 0.6 + 0.1)))        # σ(0.3) = 0.574443, written out
    printed = assert_correct(capsys, nb01.neuron_output, 0.5744, rounded=True)
    assert "4 significant digits" in printed
    assert_correct(capsys, nb01.neuron_output, a)                             # full precision: no note
    assert_hint(capsys, nb01.neuron_output, 0.57, "rounded to 2 significant digits", "asks for 4")
    assert_hint(capsys, nb01.neuron_output, 0.5745, "agrees to 3 significant digits")


def test_arrays_say_which_entries_are_off_and_how(capsys):
    right = np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
    off = right.copy()
    off[0, 1], off[1, 2] = -9.0, 6.0
    printed = assert_hint(capsys, ArrayCheck(lambda: _given(right), "the table"), off,
                          "2 of 6 entries are off", "entry (0, 1) is too big", "factor between 3 and 10",
                          "entry (1, 2) has the wrong sign")
    assert "(0, 0)" not in printed
    assert "wrong size too" not in printed             # (1, 2) is exactly −6: only the sign is off
    off[1, 2] = 12.0
    printed = assert_hint(capsys, ArrayCheck(lambda: _given(right), "the table"), off,
                          "entry (1, 2) has the wrong sign, and the wrong size too")


def test_a_count_far_off_is_told_so(capsys):
    count = WholeCheck(lambda: _given(8), "the count")
    assert_hint(capsys, count, 100, "too big, by more than a factor of 10")
    assert_hint(capsys, count, 0, "too small, by more than a factor of 10")
    printed = assert_hint(capsys, count, 12, "too big")
    assert "factor" not in printed                      # within a factor of 10: the direction only


def test_shapes_transposes_and_keepdims(capsys):
    right = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    check = ArrayCheck(lambda: _given(right), "the table")
    assert_hint(capsys, check, right.T, "transposed", "(2, 3)", "(3, 2)")
    column = ArrayCheck(lambda: _given(right[:, :1]), "the column")
    assert_hint(capsys, column, right[:, 0], "keepdims=True", "missing")
    flat = ArrayCheck(lambda: _given(right[0]), "the row")
    assert_hint(capsys, flat, right[:1], "drop keepdims")
    assert_hint(capsys, check, np.ones(5), "shape (2, 3)")


def test_the_general_catalogue_names_sign_factors_and_percent(capsys):
    check = NumberCheck(lambda: _given(0.1234), "the share", n=4)
    assert_hint(capsys, check, -0.1234, "wrong sign")
    assert_hint(capsys, check, 0.2468, "twice too big")
    assert_hint(capsys, check, 0.0617, "half")
    assert_hint(capsys, check, 12.34, "percentage")
    assert_hint(capsys, check, 0.4936, "N = 4 times too big")
    assert_hint(capsys, check, 0.03085, "N = 4 times too small")


@pytest.mark.parametrize("factor, band", [(1.2, ""), (1.6, "between 1.5 and 3"), (2.37, "between 1.5 and 3"),
                                          (7.6, "between 3 and 10"), (42.1, "between 10 and 100"),
                                          (420.0, "more than 100")])
def test_a_wrong_size_is_told_as_a_band_never_as_the_factor(factor, band):
    # "too big by a factor of about 7.6" would give the answer away: your value ÷ 7.6.
    for value, expected, direction in ((factor * 0.04, 0.04, "too big"), (0.04 / factor, 0.04, "too small")):
        words = size_words(value, expected)
        assert words.startswith(f"is {direction}") and band in words
        assert re.findall(r"\d+(?:\.\d+)?", words) == re.findall(r"\d+(?:\.\d+)?", band)


def test_wrong_types_are_not_a_number_yet_and_are_not_counted(capsys):
    check = NumberCheck(lambda: _given(2.5), "the value")
    for answer in ("2.5", True, [1, 2], {"x": 2.5}, None):
        result, printed = verdict(capsys, check, answer, fresh=False)
        assert not result and ("not a number yet" in printed or "one number" in printed or "None" in printed)
    assert check.tries == 0


def test_check_number_does_not_take_true_for_one(capsys):
    """Issue 9, bug 6: check_number(True, 1.0) said "correct"."""
    assert not check_number(True, 1.0, "x")
    assert "truth value" in capsys.readouterr().out
    assert check_number(1.0, 1.0, "x")
    assert not check_array([True, False], [1.0, 0.0, 0.0], "x")
    assert check_array([[1, 0]], [[1.0, 0.0]], "x")


def _given(value):
    from nncourse.exercises import Solution
    return Solution(np.asarray(value, dtype=float) if np.ndim(value) else value, how="given, for the test")


@pytest.mark.parametrize("check", [c for c in ALL_CHECKS if type(c) in (NumberCheck, WholeCheck)], ids=check_id)
def test_a_bare_too_big_or_too_small_says_where_to_look(capsys, check):
    """An answer that is just off (no named slip) is told its direction *and* where to look again."""
    solution = check.solve()
    assert solution.look, "a number or count check needs a `look`: where to look when an answer is just off"
    expected = solution.value
    off = expected + 7 if isinstance(check, WholeCheck) else expected * 0.37 + 1e-3
    printed = verdict(capsys, check, off)[1]
    assert ("too big" in printed or "too small" in printed) and solution.look in printed, printed
