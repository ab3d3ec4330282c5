"""Helpers shared by the exercise tests: run a check, read what it printed."""

from nnlib.exercises import Verdict


def verdict(capsys, check, *answer):
    """Run a check; return (its Verdict, what it printed)."""
    result = check(*answer)
    printed = capsys.readouterr().out.strip()
    assert isinstance(result, Verdict)
    assert printed == "correct" if result else printed.startswith("not yet: ")
    return result, printed


def assert_correct(capsys, check, answer):
    result, printed = verdict(capsys, check, answer)
    assert result and printed == "correct", printed


def assert_hint(capsys, check, answer, *words):
    result, printed = verdict(capsys, check, answer)
    assert not result, f"{answer!r} was accepted"
    for word in words:
        assert word in printed, f"hint {printed!r} does not mention {word!r}"
