#!/usr/bin/env python3
"""Check the Binder setup (binder/) without Docker.

What Binder (repo2docker) does, done here in a virtual environment:
  1. the pins in binder/requirements.txt must equal those in requirements.txt;
  2. a venv with the Python named in binder/runtime.txt;
  3. pip install -r binder/requirements.txt (and pytest and nbval, pinned as in requirements-dev.txt);
     steps 2 and 3 are done once and kept in .venv/check-envs/ while those files stay the same
     (see kept_venv below; --fresh builds a throwaway venv);
  4. run binder/postBuild from a copy of the repository;
  5. overrides.json must be where JupyterLab reads it, and nnlib importable;
  6. run one notebook with widgets, notebooks/06-training-xor.ipynb, through nbval there.

Step 6 runs one notebook, not all: step 1 proves Binder installs the course's pinned versions,
the same as the main test run (which adds its test tools' pins, requirements-dev.txt, on top;
the packages those pins pull in are not pinned, in either), and that run puts every notebook
through nbval. What only this check can find
is an environment that does not build or does not work (a missing package, a postBuild
error, nnlib not importable, a widget library that fails to load), and 06, which imports
and drives the most of nnlib and ipywidgets, finds it.

Usage:  python tools/binder_check.py            (the whole check: 30 s, or 80 s building the venv)
        python tools/binder_check.py --fresh    (in a throwaway venv)
        python tools/binder_check.py --pins-only
        python tools/binder_check.py --keep     (keep the temp folder to look at)
        python tools/binder_check.py --notebook notebooks/03-….ipynb   (other notebooks, repeatable)
Exit status 0 means Binder would build and the notebook passes there.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Only the test tools are added to Binder's own requirements; their pins come from here.
TEST_TOOLS = ("pytest", "nbval")
# The notebook run in the Binder environment (see the docstring); a path inside the repository.
NOTEBOOK = "notebooks/06-training-xor.ipynb"
# postBuild may leave pip's build output in the repository, nothing else.
ALLOWED_NEW = re.compile(r"^(build/|[^/]*\.egg-info/)")


class CheckFailed(Exception):
    pass


def normalize(name):
    """Package names compare like pip does: NumPy, numpy and num_py... are one name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path, python_version=None):
    """Read a requirements file: ({name: version}, [other lines], [problems]).

    Other lines are the non-pin lines such as `-e .` and `-r file`; problems are
    lines that name a package without an exact `==` pin. A pin with an
    environment marker (`numpy==2.2.6; python_version < "3.11"`) counts only if
    its marker holds for `python_version` (all such pins count if it is None).
    """
    from packaging.markers import Marker   # packaging comes with pip's tools and JupyterLab

    pins, other, problems = {}, [], []
    for number, raw in enumerate(Path(path).read_text().splitlines(), 1):
        line = raw.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            other.append(line)
            continue
        line, _, marker = (part.strip() for part in line.partition(";"))
        if marker and python_version and not Marker(marker).evaluate(
                {"python_version": python_version, "python_full_version": f"{python_version}.0"}):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;,]+)", line)
        if not match:
            problems.append(f"{path}:{number}: not pinned with ==: {line!r}")
            continue
        name = normalize(match.group(1))
        if name in pins:
            problems.append(f"{path}:{number}: {name} is listed twice")
        pins[name] = match.group(2)
    return pins, other, problems


def compare_pins(main_file, binder_file, python_version=None):
    """Problems (an empty list if none) between requirements.txt and binder/requirements.txt.

    Both must pin the same packages to the same versions for Binder's Python
    (`python_version`, default: binder/runtime.txt's); requirements.txt may also
    hold `-e .` and pins for other Pythons, binder/requirements.txt must hold
    nothing but pins (postBuild installs nnlib).
    """
    python_version = python_version or runtime_version()
    main, main_other, problems = read_pins(main_file, python_version)
    binder, binder_other, binder_problems = read_pins(binder_file, python_version)
    problems += binder_problems
    problems += [f"{main_file}: unexpected line {line!r}" for line in main_other if line != "-e ."]
    problems += [f"{binder_file}: only pins belong here (postBuild installs nnlib), not {line!r}"
                 for line in binder_other]
    for name in sorted(set(main) | set(binder)):
        if name not in binder:
            problems.append(f"{name}=={main[name]} is in {main_file} but missing from {binder_file}")
        elif name not in main:
            problems.append(f"{name}=={binder[name]} is in {binder_file} but missing from {main_file}")
        elif main[name] != binder[name]:
            problems.append(f"{name}: {main_file} pins {main[name]}, {binder_file} pins {binder[name]}")
    return problems


def runtime_version(repo=REPO):
    """'3.11' from binder/runtime.txt's 'python-3.11'."""
    text = (repo / "binder" / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)(\.\d+)?", text)
    if not match:
        raise CheckFailed(f"binder/runtime.txt should read like 'python-3.11', not {text!r}")
    return f"{match.group(1)}.{match.group(2)}"


def python_version_of(executable):
    """'3.11' for a Python executable, or None if it does not run."""
    try:
        out = subprocess.run([str(executable), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def candidate_pythons():
    """Python executables on this machine: this one, pythonX.Y on PATH, pyenv's."""
    found = [Path(sys.executable)]
    for minor in range(8, 20):
        exe = shutil.which(f"python3.{minor}")
        if exe:
            found.append(Path(exe))
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found += sorted(pyenv_root.glob("versions/3.*/bin/python3"))
    return found


def find_python(wanted):
    """A Python executable of version `wanted` ('3.11'); else the closest one, said out loud."""
    versions = {}
    for exe in candidate_pythons():
        version = python_version_of(exe)
        if version == wanted:
            return exe
        if version:
            versions.setdefault(version, exe)
    if not versions:
        raise CheckFailed("no Python found to build the Binder environment with")

    def distance(version):
        major, minor = map(int, version.split("."))
        w_major, w_minor = map(int, wanted.split("."))
        if major != w_major:
            return (abs(major - w_major), 0, -minor)  # another major: its newest
        return (0, abs(minor - w_minor), -minor)      # ties: the newer one

    closest = min(versions, key=distance)
    print(f"WARNING: no Python {wanted} (binder/runtime.txt) on this machine; "
          f"using the closest one, Python {closest} ({versions[closest]}). "
          "Binder itself will use " + wanted + ".", flush=True)
    return versions[closest]


def copy_repo(dest):
    """Copy the files git knows about (tracked or not ignored); without git (a zip download), all
    but .venv, .git, node_modules and what the tools build."""
    try:
        listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                 cwd=REPO, capture_output=True, text=True)
    except OSError:                                   # no git on this machine
        listing = subprocess.CompletedProcess([], returncode=1, stdout="")
    if listing.returncode == 0 and listing.stdout:
        for rel in sorted(set(filter(None, listing.stdout.split("\0")))):
            src = REPO / rel
            if src.is_file():
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / rel)
    else:
        shutil.copytree(REPO, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
            ".venv", ".git", "__pycache__", ".ipynb_checkpoints", ".pytest_cache",
            "build", "*.egg-info", "artifacts", "node_modules"))


# --- The check environments are kept between runs ---------------------------------------------
# Installing the pins takes about 45 s on two cores. A check's venv is therefore built once into
# .venv/check-envs/<name>-<key>, where the key is a hash of what was installed (the requirement
# files and the Python), and used again while the key is the same. What a check adds to it (the
# course library, postBuild's settings) is taken out before the next check starts, so each check
# starts from exactly what the pins installed; if a file of that install was changed, the venv is
# built again. --fresh builds a throwaway venv instead; a fresh clone has no kept venv.

CHECK_ENVS = REPO / ".venv" / "check-envs"
RECIPE = "pip install -r, bytecode compiled, v1"   # change it to rebuild every kept venv
INSTALLED = "check-env-installed.json"              # inside the venv: what the install left
WITHOUT_PYTHONPATH = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}   # (the tests' offline guard)


def env_key(files, python):
    """A short hash of the files' contents, the Python's version and the recipe."""
    digest = hashlib.sha256(f"{RECIPE}\n{python_version_of(python)}\n{Path(python).resolve()}".encode())
    for path in files:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def listing(venv):
    """{relative path: [size, mtime in ns]} of the venv's files and symlinks; folders map to "folder"."""
    found = {}
    for path in sorted(venv.rglob("*")):
        rel = path.relative_to(venv).as_posix()
        if rel == INSTALLED:
            continue
        if path.is_dir() and not path.is_symlink():
            found[rel] = "folder"
        else:
            info = path.lstat()
            found[rel] = [info.st_size, info.st_mtime_ns]
    return found


def restore(venv):
    """Take out of a kept venv what was added after its install; False if something it installed
    was changed or removed (then it cannot be trusted and is built again)."""
    recorded = json.loads((venv / INSTALLED).read_text())
    now = listing(venv)
    if any(now.get(rel) != state for rel, state in recorded.items()):
        return False
    for rel in sorted(set(now) - set(recorded), reverse=True):   # files before their folders
        path = venv / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
    return True


def kept_venv(name, files, python, install, fresh_in=None):
    """A venv with the pins installed by install(venv), as the header above says.

    Returns its path. With fresh_in (a folder), builds a throwaway one there instead."""
    if fresh_in is not None:
        venv = Path(fresh_in) / "venv"
    else:
        venv = CHECK_ENVS / f"{name}-{env_key(files, python)}"
        if (venv / INSTALLED).is_file() and restore(venv):
            print(f"\n=== using the kept venv {venv} (built from the same files)", flush=True)
            return venv
        for old in CHECK_ENVS.glob(f"{name}-*"):                 # other keys, or a half-built one
            shutil.rmtree(old, ignore_errors=True)
    run("create venv", [python, "-m", "venv", venv], env=WITHOUT_PYTHONPATH)
    install(venv)
    if fresh_in is None:
        (venv / INSTALLED).write_text(json.dumps(listing(venv)))
    return venv


def check_environment(venv, home, leaks=(), **extra):
    """The environment a check runs its commands in: the venv's python and pip first on PATH, and
    nothing of ours leaking in: PYTHONPATH (e.g. the tests' offline guard, which would stop pip),
    MPLBACKEND (Agg hides the notebooks' figures), PYTEST_*, the Jupyter/IPython/matplotlib user
    folders (new ones under `home`), and the variables in `leaks`; plus `extra`."""
    dropped = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MPLBACKEND", "JUPYTER_PATH",
               "JUPYTER_CONFIG_PATH", *leaks)
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("PYTEST_")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(venv), **extra)
    for var, sub in [("JUPYTER_CONFIG_DIR", "jupyter-config"), ("JUPYTER_DATA_DIR", "jupyter-data"),
                     ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "matplotlib")]:
        env[var] = str(Path(home) / sub)
    return env


def snapshot(folder):
    """{relative path: (size, mtime)} of every file under folder."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def run(step, cmd, **kwargs):
    """Run a command, show its output, fail the check with `step` if it fails."""
    print(f"\n=== {step}: {' '.join(map(str, cmd))}", flush=True)
    started = time.monotonic()
    result = subprocess.run([str(c) for c in cmd], **kwargs)
    print(f"=== {step}: exit {result.returncode} after {time.monotonic() - started:.0f} s", flush=True)
    if result.returncode != 0:
        raise CheckFailed(f"{step} failed (exit {result.returncode})")
    return result


def check(work, python=None, notebooks=(NOTEBOOK,), fresh=False):
    """The whole check inside the (empty) folder `work`; `notebooks` are run with nbval. The venv is
    the kept one (see kept_venv), or with fresh=True a new one in `work`."""
    wanted = runtime_version()
    python = Path(python) if python else find_python(wanted)
    print(f"Binder runtime: Python {wanted}; building with {python} "
          f"(Python {python_version_of(python)})", flush=True)
    repo = work / "repo"
    repo.mkdir()
    copy_repo(repo)

    # The environment Binder would have (repo2docker's variables included).
    def environment(venv):
        return check_environment(venv, work / "home", leaks=("JUPYTERLAB_DIR", "JUPYTERLAB_SETTINGS_DIR"),
                                 NB_PYTHON_PREFIX=str(venv), KERNEL_PYTHON_PREFIX=str(venv))

    def install(venv):
        """What Binder installs, then the test tools, pinned as in requirements-dev.txt and never
        moving Binder's own pins."""
        env, vpy = environment(venv), venv / "bin" / "python"
        run("install binder/requirements.txt",
            [vpy, "-m", "pip", "install", "-q", "-r", repo / "binder" / "requirements.txt"], env=env)
        dev_pins, _, _ = read_pins(REPO / "requirements-dev.txt")
        tools = [f"{name}=={dev_pins[name]}" for name in TEST_TOOLS]
        run("install test tools", [vpy, "-m", "pip", "install", "-q", *tools,
                                   "-c", repo / "binder" / "requirements.txt"], env=env)

    venv = kept_venv("binder", [REPO / "binder" / "requirements.txt", REPO / "requirements-dev.txt"],
                     python, install, fresh_in=work if fresh else None)
    env, vpy = environment(venv), venv / "bin" / "python"

    before = snapshot(repo)
    postbuild = repo / "binder" / "postBuild"
    postbuild.chmod(0o755)  # repo2docker also makes it executable, then runs it
    run("binder/postBuild", [postbuild], cwd=repo, env=env)
    after = snapshot(repo)
    touched = sorted(p for p in after if before.get(p) != after[p] and not ALLOWED_NEW.match(p))
    if touched:
        raise CheckFailed("postBuild wrote into the repository: " + ", ".join(touched[:10]))

    # overrides.json where JupyterLab (in the Binder environment) reads it.
    probe = ("import json, os; from jupyterlab.labapp import LabApp; "
             "print(json.dumps(os.path.join(LabApp().app_settings_dir, 'overrides.json')))")
    out = run("find JupyterLab's settings folder", [vpy, "-c", probe], env=env, cwd=work,
              capture_output=True, text=True)
    target = Path(json.loads(out.stdout))
    print(f"JupyterLab reads {target}")
    if venv.resolve() not in target.resolve().parents:
        raise CheckFailed(f"JupyterLab's settings folder {target} is outside the Binder environment")
    if not target.is_file():
        raise CheckFailed(f"postBuild did not put overrides.json at {target}")
    if json.loads(target.read_text()) != json.loads((REPO / "binder" / "overrides.json").read_text()):
        raise CheckFailed(f"{target} differs from binder/overrides.json")

    # nnlib comes from the repository (from outside it, so the current folder does not count).
    out = run("import nnlib", [vpy, "-c", "import nnlib; print(nnlib.__file__)"],
              env=env, cwd=work, capture_output=True, text=True)
    if Path(out.stdout.strip()).resolve() != (repo / "nnlib" / "__init__.py").resolve():
        raise CheckFailed(f"import nnlib found {out.stdout.strip()}, not the repository's nnlib/")
    run("pip check (pins agree with pyproject.toml)", [vpy, "-m", "pip", "check"], env=env)

    missing = [name for name in notebooks if not (repo / name).is_file()]
    if missing:
        raise CheckFailed(f"no such notebook in the repository: {', '.join(missing)}")
    run(f"nbval on {', '.join(notebooks)}",
        [vpy, "-m", "pytest", "--nbval", "--nbval-current-env", *notebooks, "-p", "no:cacheprovider"],
        cwd=repo, env=env)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pins-only", action="store_true", help="only compare the pins (fast)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--fresh", action="store_true",
                        help="build a throwaway venv instead of using the kept one in .venv/check-envs/")
    parser.add_argument("--python", help="build with this Python instead of runtime.txt's")
    parser.add_argument("--notebook", action="append", dest="notebooks", metavar="PATH",
                        help=f"run this notebook (a path inside the repository) instead of {NOTEBOOK}; "
                             "repeat it for several")
    args = parser.parse_args(argv)
    # Stopped with SIGTERM (the test run that started it ended early): still clean up below.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    started = time.monotonic()
    try:
        problems = compare_pins(REPO / "requirements.txt", REPO / "binder" / "requirements.txt")
        if problems:
            raise CheckFailed("requirements.txt and binder/requirements.txt disagree:\n  "
                              + "\n  ".join(problems))
        print("Pins agree: requirements.txt == binder/requirements.txt")
        if args.pins_only:
            return 0
        work = Path(tempfile.mkdtemp(prefix="binder-check-"))
        try:
            check(work, args.python, args.notebooks or (NOTEBOOK,), args.fresh)
        finally:
            if args.keep:
                print(f"Kept {work}")
            else:
                removing = time.monotonic()
                shutil.rmtree(work, ignore_errors=True)
                print(f"removed {work} in {time.monotonic() - removing:.0f} s", flush=True)
    except CheckFailed as error:
        print(f"\nBINDER CHECK FAILED: {error}", file=sys.stderr)
        return 1
    print(f"\nBinder check passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
