"""The notebooks' printing helpers (nncourse.printing): the same text on every machine."""

import time

import numpy as np

from nncourse.printing import best_time, best_times, error_text, ranking


def test_a_tiny_error_prints_only_its_bound():
    assert error_text(3.2e-12) == "< 1e-7"                       # rounding noise: its digits vary
    assert error_text(0.0) == "< 1e-7"
    assert error_text(1e-7) == "1.0e-07"                         # at the bound it is printed
    assert error_text(0.0331) == "3.3e-02"
    assert error_text(3e-12, 7) == "< 1e-7 " and error_text(0.6, 9) == "6.0e-01  "


def test_ranking_lists_positions_from_the_lowest():
    assert ranking(np.array([[92.0], [86.0], [89.0]])) == "student 2 < student 3 < student 1"
    assert ranking([3, 1, 2]) == "student 2 < student 3 < student 1"
    assert ranking([5, 5]) == "student 1 < student 2"            # ties keep their order


def test_best_time_is_the_fastest_run():
    pauses = iter([0.03, 0.001, 0.02])
    assert best_time(lambda: time.sleep(next(pauses)), repeats=3) < 0.015


def test_best_times_take_turns_and_keep_each_ones_fastest():
    order = []
    slow = iter([0.03, 0.02, 0.04])
    fast, tortoise = (lambda: order.append("a")), (lambda: (order.append("b"), time.sleep(next(slow))))
    a, b = best_times([fast, tortoise], repeats=3)
    assert order == ["a", "b"] * 3                       # in turns, not all of one first
    assert a < 0.01 and 0.02 <= b < 0.03
