#!/usr/bin/env python3
"""Run every notebook in a "Colab-like" environment, without Colab.

Google Colab comes with its own, older versions of the packages the notebooks
use (ipywidgets 7.7, IPython 7, numpy 2.0, matplotlib 3.10); requirements-colab.txt
pins them. This check, done in a throwaway folder:
  1. a venv with Colab's Python (requirements-colab.txt names it);
  2. pip install -r requirements-colab.txt (steps 1 and 2 are done once and kept in
     .venv/check-envs/ while that file stays the same; see binder_check.kept_venv);
  3. install the course library from a copy of the repository, the way the
     notebooks' first cell does on Colab (not editable, dependencies resolved):
     it must fit pyproject.toml's ranges and change none of Colab's versions;
  4. execute every notebook top to bottom, each in a fresh kernel of that venv.
     A cell that raises fails the check, unless it is tagged `raises-exception`
     (a cell that teaches an error); a cell that ends with a `*_explorer(...)`
     call must show a widget; a warning raised in the course's code (nnlib, nncourse) fails it too.

Usage:  python tools/colab_check.py             (the whole check, about two minutes)
        python tools/colab_check.py --fresh     (in a throwaway venv)
        python tools/colab_check.py --keep      (keep the temp folder to look at)
        python tools/colab_check.py notebooks/06-training-xor.ipynb   (just these)
Exit status 0 means every notebook runs without an unexpected error there.
"""
import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REQUIREMENTS = REPO / "requirements-colab.txt"

import binder_check  # noqa: E402  (beside this file: the venv, the repository copy and the helpers)

CheckFailed = binder_check.CheckFailed


def colab_python(path=REQUIREMENTS):
    """'3.12' from the line `# Colab's Python: 3.12` of requirements-colab.txt."""
    match = re.search(r"^# Colab's Python: (\d+\.\d+)\s*$", Path(path).read_text(), re.MULTILINE)
    if not match:
        raise CheckFailed(f"{path} has no line like \"# Colab's Python: 3.12\"")
    return match.group(1)


# Runs inside the Colab-like venv (its own nbclient), on the notebooks named on its command line,
# each in a fresh kernel. Prints one JSON line per notebook, as it finishes: the problems found,
# what the kernel wrote to stderr, the path and the seconds it took.
RUNNER = r'''
import json, re, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient

WIDGET = "application/vnd.jupyter.widget-view+json"


NOT_STARTED = "Kernel died before replying to kernel_info"


def execute(path):
    """Run the notebook in a fresh kernel: (the notebook with its outputs, the error that stopped it or None)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except Exception as error:              # the kernel died or a cell timed out
        return nb, error
    return nb, None


def report_on(path):
    problems, notes, stderr = [], [], []
    nb, error = execute(path)
    if error is not None and NOT_STARTED in str(error):
        # A kernel can die before its first reply when another one, started at the same moment by
        # a parallel test, took the TCP port it was given (jupyter_client picks free ports, then the
        # kernel binds them). No cell has run then: start it once more, and say so.
        notes.append(f"the kernel died before it started ({error}); started again")
        nb, error = execute(path)
    if error is not None:
        problems.append(f"could not run: {type(error).__name__}: {error}")
    number = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        number += 1
        where = f"code cell {number} (cell {index})"
        tagged = "raises-exception" in cell.metadata.get("tags", [])
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        for o in errors:
            if not tagged:
                first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                trace = "\n".join(re.sub(r"\x1b\[[0-9;]*m", "", line) for line in o.get("traceback", [])[-6:])
                problems.append(f"{where} raised {o.ename}: {o.evalue}\n    cell starts: {first[:100]}\n{trace}")
        if tagged and not errors:
            notes.append(f"{where} is tagged raises-exception but raised nothing")
        lines = [l for l in cell.source.splitlines() if l.strip() and not l.lstrip().startswith("#")]
        if lines and re.search(r"_explorer\(", lines[-1]) and not errors:
            if not any(WIDGET in o.get("data", {}) for o in cell.get("outputs", [])):
                problems.append(f"{where} ends with {lines[-1].strip()!r} but shows no widget")
        for o in cell.get("outputs", []):
            if o.output_type == "stream" and o.name == "stderr":
                stderr.append(f"{where}: {o.text.strip()[:400]}")
    return {"problems": problems, "notes": notes, "stderr": stderr}


for arg in sys.argv[1:]:
    started = time.monotonic()
    report = report_on(Path(arg))
    report.update(path=arg, seconds=time.monotonic() - started)
    print(json.dumps(report), flush=True)
'''


def warnings_from_nnlib(stderr):
    """The stderr notes that are warnings raised in nnlib's own code: on Colab's versions a warning
    there means something of ours does not work as meant (matplotlib 3.10 once ignored a keyword
    of contour() and said so), so the check fails on it."""
    return [note for note in stderr if re.search(r"[/\\]nn(lib|course)[/\\][\w/\\]+\.py:\d+: \w*Warning", note)]


def notebooks_in(folder):
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def check(work, python=None, only=(), fresh=False):
    """The whole check inside the (empty) folder `work`; returns the failures found. The venv is the
    kept one (binder_check.kept_venv), or with fresh=True a new one in `work`."""
    wanted = colab_python()
    python = Path(python) if python else binder_check.find_python(wanted)
    print(f"Colab's Python: {wanted}; building with {python} "
          f"(Python {binder_check.python_version_of(python)})", flush=True)
    repo = work / "repo"
    repo.mkdir()
    binder_check.copy_repo(repo)

    def environment(venv):                         # Colab draws inline: no MPLBACKEND, and so on
        return binder_check.check_environment(venv, work / "home")

    def install(venv):
        run("install requirements-colab.txt", [venv / "bin" / "python", "-m", "pip", "install", "-q", "-r",
                                               repo / "requirements-colab.txt"], env=environment(venv))

    run = binder_check.run
    venv = binder_check.kept_venv("colab", [REQUIREMENTS], python, install, fresh_in=work if fresh else None)
    env, vpy = environment(venv), venv / "bin" / "python"

    # Like the notebooks' first cell on Colab: a plain (not editable) install with its
    # dependencies. The constraints make pip fail, rather than upgrade, if
    # pyproject.toml's ranges leave out one of Colab's versions.
    run("install the course library", [vpy, "-m", "pip", "install", "-q", repo,
                                       "-c", repo / "requirements-colab.txt"], env=env, cwd=work)
    run("pip check", [vpy, "-m", "pip", "check"], env=env)

    pins, _, problems = binder_check.read_pins(repo / "requirements-colab.txt")
    if problems:
        raise CheckFailed("requirements-colab.txt: " + "; ".join(problems))
    out = run("installed versions", [vpy, "-m", "pip", "list", "--format=json"],
              env=env, capture_output=True, text=True)
    installed = {binder_check.normalize(p["name"]): p["version"] for p in json.loads(out.stdout)}
    moved = [f"{name} {installed.get(name)} instead of {version}" for name, version in pins.items()
             if installed.get(name) != version]
    if moved:
        raise CheckFailed("installing nnlib changed Colab's versions: " + ", ".join(moved))
    out = run("import nnlib", [vpy, "-c", "import nnlib, ipywidgets, numpy, matplotlib, sys; "
                               "print(nnlib.__file__); print(sys.version.split()[0], ipywidgets.__version__, "
                               "numpy.__version__, matplotlib.__version__)"],
              env=env, cwd=work, capture_output=True, text=True)
    where, versions = out.stdout.split("\n")[:2]
    if Path(where).resolve().is_relative_to(repo.resolve()):
        raise CheckFailed(f"import nnlib found the repository copy ({where}), not the installed library")
    print(f"nnlib from {where}; Python, ipywidgets, numpy, matplotlib: {versions}", flush=True)

    runner = work / "run_one.py"
    runner.write_text(RUNNER)
    paths = [repo / Path(p).resolve().relative_to(REPO) for p in only] or notebooks_in(repo / "notebooks")
    if not paths:
        raise CheckFailed("notebooks/ holds no notebook: there is nothing to run")
    failures, done = [], set()
    runner_errors = work / "runner-stderr.txt"          # the kernels write there too: a file, not a pipe
    with open(runner_errors, "w") as errors_file:
        runner_process = subprocess.Popen([str(vpy), str(runner), *map(str, paths)], env=env, cwd=work,
                                          stdout=subprocess.PIPE, stderr=errors_file, text=True)
    for line in runner_process.stdout:
        if not line.startswith("{"):
            print("    runner: " + line.rstrip(), flush=True)
            continue
        report = json.loads(line)
        name = Path(report["path"]).relative_to(repo).as_posix()
        done.add(name)
        status = "FAILED" if report["problems"] else "ok"
        print(f"{report['seconds']:6.1f} s  {status:6}  {name}", flush=True)
        for problem in report["problems"]:
            print("    " + problem.replace("\n", "\n    "))
        for note in report["notes"] + [f"stderr: {s}" for s in report["stderr"]]:
            print("    note: " + note.replace("\n", "\n          "))
        failures += [f"{name}: {p.splitlines()[0]}" for p in report["problems"]]
        failures += [f"{name}: a warning from nnlib: {note}" for note in warnings_from_nnlib(report["stderr"])]
    if runner_process.wait() != 0 or len(done) < len(paths):
        errors = runner_errors.read_text(errors="replace")
        failures.append(f"the runner failed (exit {runner_process.returncode}) after {len(done)} of "
                        f"{len(paths)} notebooks:\n{errors[-3000:]}")
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="only these notebooks (default: all)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--fresh", action="store_true",
                        help="build a throwaway venv instead of using the kept one in .venv/check-envs/")
    parser.add_argument("--python", help="build with this Python instead of Colab's")
    args = parser.parse_args(argv)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="colab-check-"))
    try:
        failures = check(work, args.python, args.notebooks, args.fresh)
    except CheckFailed as error:
        print(f"\nCOLAB CHECK FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"\nCOLAB CHECK FAILED: {len(failures)} problem(s):\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print(f"\nColab check passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
