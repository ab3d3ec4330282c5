"""nnlib is installed from this checkout, under a name that is not PyPI's `nnlib`."""
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib                  # Python 3.11+
except ModuleNotFoundError:         # Python 3.10: the same parser from PyPI (requirements-dev.txt)
    import tomli as tomllib
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent
REQUIREMENT_FILES = ["requirements.txt", "requirements-dev.txt", "binder/requirements.txt", "requirements-colab.txt"]


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_lines(path):
    """The non-comment lines of a requirements file."""
    lines = [l.split(" #")[0].strip() for l in (REPO / path).read_text().splitlines()]
    return [l for l in lines if l and not l.startswith("#")]


def pyproject():
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def test_distribution_is_not_called_nnlib():
    # An unrelated old package called `nnlib` is on PyPI.
    assert normalize(pyproject()["project"]["name"]) == "nnlib-course"


def test_requirements_install_nnlib_from_the_checkout():
    assert "-e ." in requirement_lines("requirements.txt")


@pytest.mark.parametrize("path", REQUIREMENT_FILES)
def test_no_requirement_names_the_pypi_nnlib(path):
    names = [normalize(Requirement(l).name) for l in requirement_lines(path) if not l.startswith("-")]
    assert "nnlib" not in names


@pytest.mark.parametrize("path", REQUIREMENT_FILES)
def test_every_requirement_is_pinned_exactly(path):
    allowed = {"-e .", "-r requirements.txt"}
    for line in requirement_lines(path):
        if line in allowed:
            continue
        spec = Requirement(line).specifier
        assert len(spec) == 1 and next(iter(spec)).operator == "==", f"{path}: {line!r} is not pinned with =="


def test_pins_satisfy_the_package_dependencies():
    # pyproject.toml's loose bounds must admit the exact pins in requirements.txt.
    # A package may be pinned twice, once per Python (an environment marker on each line): every pin counts.
    pins = [Requirement(l) for l in requirement_lines("requirements.txt") if not l.startswith("-")]
    for dep in map(Requirement, pyproject()["project"]["dependencies"]):
        versions = [next(iter(pin.specifier)).version for pin in pins if normalize(pin.name) == normalize(dep.name)]
        assert versions, f"{dep.name} is not pinned in requirements.txt"
        for pinned in versions:
            assert dep.specifier.contains(pinned), f"{dep} does not admit the pin {pinned}"


def test_installed_distribution_is_nnlib_course():
    assert importlib.metadata.version("nnlib-course")
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.version("nnlib")


def test_import_nnlib_resolves_to_the_checkout(tmp_path):
    # From another folder, so only the installed (editable) package can be found.
    out = subprocess.run([sys.executable, "-c", "import nnlib; print(nnlib.__file__)"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()).resolve() == (REPO / "nnlib" / "__init__.py").resolve()


def test_import_nnlib_loads_the_maths_and_nothing_of_the_course():
    """nnlib is the maths: importing it loads numpy and nnlib's own modules, no plotting, no widgets,
    and nothing of nncourse (which imports nnlib, never the other way round)."""
    probe = ("import sys, nnlib; print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('matplotlib', 'ipywidgets', 'IPython', 'nncourse'))))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == [], f"import nnlib also loaded {loaded[:5]}"
    for path in (REPO / "nnlib").rglob("*.py"):
        assert not re.search(r"^\s*(from|import) (nncourse|matplotlib|ipywidgets)\b", path.read_text(), re.M), path
