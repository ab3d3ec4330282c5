"""The exercise checks of notebook 00, and the predict-then-run judge shared by 00-02.

Expected values are computed here by hand (the sigmoid written out), not read
from the check module.
"""

from __future__ import annotations

import math

from exercise_checks import assert_correct, assert_hint
from nncourse.exercises import nb00


def sigma(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_00_sigmoid_of_two_the_demonstration(capsys):
    a = sigma(2.0)
    assert f"{a:.4f}" == "0.8808"                        # the value notebook 00 printed under its picture
    assert_correct(capsys, nb00.sigmoid_of_two, a)
    assert "4 significant digits" in assert_correct(capsys, nb00.sigmoid_of_two, 0.8808, rounded=True)
    assert_hint(capsys, nb00.sigmoid_of_two, 0.88, "rounded to 2 significant digits", "asks for 4")
    assert_hint(capsys, nb00.sigmoid_of_two, -a, "sign")
    assert_hint(capsys, nb00.sigmoid_of_two, sigma(-2.0), "σ(−2)", "e^(−2)")
    assert_hint(capsys, nb00.sigmoid_of_two, 0.7, "too small")


def test_00_sigmoid_of_two_reveals_the_value_and_the_reasoning(capsys):
    nb00.sigmoid_of_two.reveal()
    printed = capsys.readouterr().out
    assert "0.88079708" in printed and "e^(−2)" in printed


def test_00_sigmoid_guess_accepts_a_prediction_within_0_05(capsys):
    truth = sigma(-2.0)                                 # 0.1192
    assert abs(truth - (1 - sigma(2.0))) < 1e-15        # the symmetry the solution uses
    for guess in (truth, 0.12, 1 - 0.8808, truth + 0.049, truth - 0.049, 0.1):
        printed = assert_correct(capsys, nb00.sigmoid_guess, guess)
        assert "within 0.05" in printed
    assert_hint(capsys, nb00.sigmoid_guess, truth + 0.051, "lower")
    assert_hint(capsys, nb00.sigmoid_guess, truth - 0.051, "higher")
    assert_hint(capsys, nb00.sigmoid_guess, 0.5, "lower", "factor between 3 and 10")
    assert_hint(capsys, nb00.sigmoid_guess, 0.0, "higher")
    assert_hint(capsys, nb00.sigmoid_guess, -0.12, "between 0 and 1", "below one half")
    assert_hint(capsys, nb00.sigmoid_guess, -0.88, "between 0 and 1", "below one half")   # the trial's −σ(2)
    assert_hint(capsys, nb00.sigmoid_guess, 12, "between 0 and 1")
    assert_hint(capsys, nb00.sigmoid_guess, None, "replace None", "within 0.05")
    assert_hint(capsys, nb00.sigmoid_guess, "0.12", "not a number yet")
    assert_hint(capsys, nb00.sigmoid_guess, float("nan"), "one ordinary number")


def test_judge_prediction_absolute_and_relative():
    ok, message, counts = nb00.judge_prediction(0.5, 0.52, 0.05)
    assert ok and not counts
    ok, message, counts = nb00.judge_prediction(0.4, 0.52, 0.05)
    assert not ok and counts and "higher" in message and "0.52" not in message
    ok, message, _ = nb00.judge_prediction(120.0, 100.0, 0.25, relative=True)
    assert ok and "within 25%" in message
    ok, message, _ = nb00.judge_prediction(130.0, 100.0, 0.25, relative=True)
    assert not ok and "lower" in message and "100" not in message
    ok, message, counts = nb00.judge_prediction([1, 2], 100.0, 0.25)
    assert not ok and not counts                          # not a number: not a try
