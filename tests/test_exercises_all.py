"""What every exercise check of every notebook must do, whatever it is given.

A learner's answer can be anything: the untouched starter value, text, a
ragged list, NaN. A check never raises and never accepts such an answer.
"""

import inspect

import numpy as np
import pytest

from exercise_checks import assert_hint, verdict
from nnlib.exercises import Verdict, nb00, nb01, nb02, nb03, nb04, nb05, nb06

ALL_CHECKS = [function for module in (nb00, nb01, nb02, nb03, nb04, nb05, nb06)
              for name, function in inspect.getmembers(module, inspect.isfunction)
              if function.__module__ == module.__name__ and not name.startswith("_")
              and inspect.signature(function).return_annotation in (Verdict, "Verdict")]
ODD_ANSWERS = [None, ..., "abc", [], [[1, 2], [3]], {"a": 1}, {"w1": 1.0}, np.nan, np.inf, True, 3, -2.5,
               np.zeros((4, 1)), np.ones((2, 3, 4)), (1, 2, 3), object(), np.full(9, np.nan)]


def check_id(check):
    return f"{check.__module__.rsplit('.', 1)[1]}.{check.__name__}"


def test_every_notebook_has_checks():
    assert {check.__module__ for check in ALL_CHECKS} == {f"nnlib.exercises.nb0{i}" for i in range(7)}
    assert len(ALL_CHECKS) >= 26


@pytest.mark.parametrize("check", ALL_CHECKS, ids=check_id)
@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=range(len(ODD_ANSWERS)))
def test_no_check_raises_and_odd_answers_are_not_accepted(capsys, check, answer):
    result, _ = verdict(capsys, check, answer)
    assert not result


@pytest.mark.parametrize("check", ALL_CHECKS, ids=check_id)
def test_the_starter_answer_asks_to_replace_none(capsys, check):
    assert_hint(capsys, check, None, "None")
