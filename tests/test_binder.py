"""The Binder setup (binder/) matches what we test locally.

The fast tests read files; the slow one (marker `binder`) rebuilds the Binder
environment with tools/binder_check.py (in the venv kept in .venv/check-envs/) and runs notebook 06 there
(the pins are tested equal here, and the main test run puts every notebook through nbval).
"""
import json
import re
import sys
from pathlib import Path

import json5  # comes with JupyterLab; reads the commented settings file
import pytest

import binder_check  # from tools/, which the top-level conftest.py puts on sys.path

REPO = Path(__file__).resolve().parent.parent
BINDER = REPO / "binder"



def notebooks():
    return sorted(p for p in (REPO / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def test_binder_pins_agree_with_requirements_txt():
    assert binder_check.compare_pins(REPO / "requirements.txt", BINDER / "requirements.txt") == []


@pytest.mark.parametrize("binder_text, complaint", [
    ("numpy==2.4.5\nmatplotlib==3.11.2\n", "numpy"),            # another version
    ("numpy==2.4.6\n", "matplotlib"),                           # a package missing
    ("numpy==2.4.6\nmatplotlib==3.11.2\nscipy==1.0\n", "scipy"),  # an extra package
    ("numpy>=2\nmatplotlib==3.11.2\n", "not pinned"),           # not pinned with ==
    ("numpy==2.4.6\nmatplotlib==3.11.2\n-e .\n", "-e ."),       # local install
])
def test_a_disagreement_is_detected(tmp_path, binder_text, complaint):
    main = tmp_path / "requirements.txt"
    main.write_text("# comment\nNumPy==2.4.6\nmatplotlib==3.11.2  # inline\n-e .\n")
    binder = tmp_path / "binder-requirements.txt"
    binder.write_text(binder_text)
    problems = binder_check.compare_pins(main, binder)
    assert any(complaint in p for p in problems), problems


def test_identical_pins_pass(tmp_path):
    (tmp_path / "a.txt").write_text("numpy==2.4.6\n-e .\n")
    (tmp_path / "b.txt").write_text("# binder\nnumpy == 2.4.6\n")
    assert binder_check.compare_pins(tmp_path / "a.txt", tmp_path / "b.txt") == []


def test_binder_requirements_have_no_local_install():
    # repo2docker installs binder/requirements.txt before copying the repository
    # only when it names no local path; postBuild installs nnlib instead.
    lines = [l.strip() for l in (BINDER / "requirements.txt").read_text().splitlines()]
    assert not [l for l in lines if l.startswith("-") or l.startswith(".")]


@pytest.mark.parametrize("notebook", notebooks(), ids=lambda p: p.relative_to(REPO / "notebooks").as_posix())
def test_runtime_is_the_python_the_notebooks_were_run_with(notebook):
    version = json.loads(notebook.read_text())["metadata"].get("language_info", {}).get("version", "")
    assert re.match(re.escape(binder_check.runtime_version()) + r"(\.|$)", version), (
        f"{notebook.name} was saved by Python {version or '?'}, "
        f"but binder/runtime.txt says {binder_check.runtime_version()}")


def test_postbuild_stops_on_the_first_error():
    lines = (BINDER / "postBuild").read_text().splitlines()
    assert lines[0].startswith("#!"), "repo2docker executes postBuild directly: it needs a #! line"
    code = [l.strip() for l in lines if l.strip() and not l.strip().startswith("#")]
    assert code[0].startswith("set -e"), "postBuild must start with `set -e`"


def test_binder_and_make_lab_use_the_same_jupyterlab_settings():
    overrides = json.loads((BINDER / "overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false"        # a string: "true" / "false" / "none"
    local = REPO / "jupyterlab-settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"
    assert json5.loads(local.read_text()) == notification


@pytest.mark.binder
def test_binder_environment_builds_and_runs_notebook_06(run_check):
    check = run_check("binder", timeout=1800)
    assert check.code == 0, check.output[-8000:] + f"\n(all of it in {check.log})"
    assert f"=== nbval on {binder_check.NOTEBOOK}: exit 0" in check.output, check.output[-3000:]
    print(f"binder check took {check.seconds:.0f} s")


# --- the kept check venvs (binder_check.kept_venv, used by the Binder and the Colab checks) ----

@pytest.fixture
def kept(tmp_path, monkeypatch):
    """kept_venv with its folder in tmp_path and `python -m venv` replaced by making the folder;
    returns (get, installs): get(requirements) -> venv, and the venvs install() was called for."""
    monkeypatch.setattr(binder_check, "CHECK_ENVS", tmp_path / "check-envs")
    monkeypatch.setattr(binder_check, "run", lambda step, cmd, **kwargs: Path(cmd[-1]).mkdir(parents=True))
    installs = []

    def install(venv):
        installs.append(venv)
        (venv / "lib").mkdir()
        (venv / "lib" / "pinned.py").write_text("PINNED = 1\n")

    def get(requirements):
        return binder_check.kept_venv("demo", [requirements], sys.executable, install)

    return get, installs


def test_a_kept_venv_is_built_once_and_used_again_without_what_a_check_added(kept, tmp_path):
    get, installs = kept
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("numpy==2.0.2\n")
    venv = get(requirements)
    assert installs == [venv] and (venv / "lib" / "pinned.py").is_file()
    (venv / "lib" / "nnlib").mkdir()                       # what a check adds: the course library,
    (venv / "lib" / "nnlib" / "__init__.py").write_text("")
    (venv / "overrides.json").write_text("{}")             # postBuild's settings
    assert get(requirements) == venv and installs == [venv]               # not installed again
    assert not (venv / "lib" / "nnlib").exists() and not (venv / "overrides.json").exists()
    assert (venv / "lib" / "pinned.py").read_text() == "PINNED = 1\n"


def test_a_kept_venv_is_built_again_if_what_it_installed_changed(kept, tmp_path):
    get, installs = kept
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("numpy==2.0.2\n")
    venv = get(requirements)
    (venv / "lib" / "pinned.py").write_text("PINNED = 2  # changed by a check\n")
    assert get(requirements) == venv and len(installs) == 2
    assert (venv / "lib" / "pinned.py").read_text() == "PINNED = 1\n"
    (venv / "lib" / "pinned.py").unlink()                                  # removed: built again too
    assert get(requirements) == venv and len(installs) == 3


def test_new_requirements_get_a_new_venv_and_the_old_one_goes(kept, tmp_path):
    get, installs = kept
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("numpy==2.0.2\n")
    old = get(requirements)
    requirements.write_text("numpy==2.1.0\n")
    new = get(requirements)
    assert new != old and installs == [old, new] and not old.exists() and new.is_dir()
