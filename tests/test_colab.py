"""The course runs on Google Colab: its versions fit ours, and every notebook runs there.

The fast tests read files and run the check's notebook runner on small made-up
notebooks; the slow one (marker `colab`) builds a Colab-like venv with
tools/colab_check.py and executes every notebook in it.
"""
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import colab_check  # from tools/, which the top-level conftest.py puts on sys.path
from packaging.requirements import Requirement

try:
    import tomllib                  # Python 3.11+
except ModuleNotFoundError:         # Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
COLAB_REQUIREMENTS = REPO / "requirements-colab.txt"



def colab_pins():
    pins, other, problems = colab_check.binder_check.read_pins(COLAB_REQUIREMENTS)
    assert problems == [] and other == [], (problems, other)
    return pins


def test_colab_requirements_pin_colab_s_published_versions():
    # Colab's runtime 2026.01 (github.com/googlecolab/backend-info, README.md and
    # pip-freeze.txt): Python 3.12, numpy 2.0.2, matplotlib 3.10.0, ipywidgets 7.7.1.
    pins = colab_pins()
    assert (pins["numpy"], pins["matplotlib"], pins["ipywidgets"]) == ("2.0.2", "3.10.0", "7.7.1")
    assert colab_check.colab_python() == "3.12"


def test_colab_requirements_do_not_install_nnlib_from_pypi():
    assert "nnlib" not in colab_pins()


def test_pyproject_admits_colab_s_versions():
    # Installing the course on Colab must not up- or downgrade what Colab ships.
    pins = colab_pins()
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    for dependency in map(Requirement, dependencies):
        name = colab_check.binder_check.normalize(dependency.name)
        assert name in pins, f"requirements-colab.txt does not pin {name}, a dependency of nnlib"
        assert dependency.specifier.contains(pins[name]), f"{dependency} leaves out Colab's {name} {pins[name]}"


def test_pyproject_admits_both_ipywidgets_7_and_8():
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    ipywidgets = next(Requirement(d) for d in dependencies if Requirement(d).name == "ipywidgets")
    assert ipywidgets.specifier.contains("7.7.1") and ipywidgets.specifier.contains("8.1.8")
    assert not ipywidgets.specifier.contains("9.0.0")


# Made-up notebooks for the check's runner: {name: [(cell source, tags), ...]}.
MADE_UP = {
    "unexpected error": [
        ("1 / 0", ["raises-exception"]),            # teaches an error: allowed
        ("x = 1", []),
        ("undefined_name + x", []),                 # not tagged: a failure
    ],
    "tagged but quiet": [("y = 2", ["raises-exception"])],
    "explorer cells": [
        ("def fake_explorer():\n    return 'no widget here'", []),
        ("fake_explorer()", []),
        ("import ipywidgets\ndef real_explorer():\n    return ipywidgets.IntSlider()", []),
        ("# a comment last does not count\nreal_explorer()\n# shown above", []),
    ],
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The runner's reports on the MADE_UP notebooks, run in this environment in one call, as the
    check runs the course's notebooks: {name: report}."""
    folder = tmp_path_factory.mktemp("runner")
    paths = []
    for name, cells in MADE_UP.items():
        notebook = nbformat.v4.new_notebook()
        for source, tags in cells:
            notebook.cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": tags}))
        paths.append(folder / f"{name.replace(' ', '-')}.ipynb")
        nbformat.write(notebook, paths[-1])
    runner = folder / "runner.py"
    runner.write_text(colab_check.RUNNER)
    result = subprocess.run([sys.executable, str(runner), *map(str, paths)], cwd=folder,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    by_path = {Path(report["path"]): report for report in map(json.loads, result.stdout.splitlines())}
    return {name: by_path[path] for name, path in zip(MADE_UP, paths)}


def test_the_runner_reports_an_unexpected_error_but_not_a_tagged_one(reports):
    report = reports["unexpected error"]
    assert len(report["problems"]) == 1, report
    assert "code cell 3" in report["problems"][0] and "NameError" in report["problems"][0]


def test_the_runner_notes_a_tagged_cell_that_raises_nothing(reports):
    report = reports["tagged but quiet"]
    assert report["problems"] == [] and "code cell 1" in report["notes"][0]


def test_the_runner_wants_a_widget_from_an_explorer_cell(reports):
    report = reports["explorer cells"]
    assert len(report["problems"]) == 1, report
    assert "code cell 2" in report["problems"][0] and "shows no widget" in report["problems"][0]


@pytest.mark.colab
def test_every_notebook_runs_in_a_colab_like_environment(run_check):
    check = run_check("colab", timeout=3600)
    assert check.code == 0, check.output[-8000:] + f"\n(all of it in {check.log})"
    print(f"colab check took {check.seconds:.0f} s")


def test_a_warning_from_nnlib_fails_the_check_and_others_do_not():
    ours = ("code cell 9 (cell 17): /tmp/colab-check-x/venv/lib/python3.12/site-packages/nncourse/plots.py:897: "
            "UserWarning: The following kwargs were not used by contour: 'path_effects'")
    theirs = ("code cell 2 (cell 3): /tmp/colab-check-x/venv/lib/python3.12/site-packages/matplotlib/"
              "cbook.py:10: DeprecationWarning: something of matplotlib's own")
    printed = "code cell 4 (cell 8): the learner printed nncourse/plots.py:1: Warning-ish text to stderr"
    assert colab_check.warnings_from_nnlib([ours, theirs, printed]) == [ours]
