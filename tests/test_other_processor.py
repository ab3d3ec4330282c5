"""Every stored output and every published figure survives another processor.

The notebooks were stored on one machine. A learner's laptop may round the last bit of some
operations differently (notebook 04b, "12 digits, not 17", says why): OpenBLAS picks its matrix
product kernels by processor, numpy picks its SIMD loops by processor, and on AVX-512 numpy's
exp, log and tanh are routines of its own. So the notebooks that print floats, and the tests of
the published figures, run a second time here, in a child pytest, on an "other processor":

* OPENBLAS_CORETYPE: OpenBLAS's generic kernels (Prescott on x86-64, ARMV8 on ARM);
* NPY_DISABLE_CPU_FEATURES: every SIMD feature numpy dispatches on this machine, so it runs its
  baseline loops (the list is read from numpy here, since it differs between machines);
* tests/other_processor/last_bit.py: exp, log, log10, log1p and tanh one unit in the last place
  high, as another exp routine may be (a machine without AVX-512 cannot run numpy's AVX-512
  routine, so it is emulated).

Comparisons of two implementations on the same machine (bit-for-bit) still hold there, since
both sides run on the same other processor.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent
HOOK = Path(__file__).resolve().parent / "other_processor"
LOG = REPO / "tests" / "artifacts" / "other-processor.log"
PUBLISHED_FIGURE_TESTS = ["tests/test_published_figures.py", "tests/test_tutorial_bugs.py"]
FLOAT = re.compile(r"\d\.\d")


def compared_text(cell: dict) -> str:
    """The text nbval compares for a code cell: its stream and text/plain outputs ('' if it ignores them)."""
    if "nbval-ignore-output" in cell.get("metadata", {}).get("tags", []):
        return ""
    parts = []
    for output in cell.get("outputs", []):
        parts.append("".join(output.get("text", "")))
        parts.append("".join(output.get("data", {}).get("text/plain", "")))
    return "".join(parts)


def prints_floats(path: Path) -> bool:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return any(FLOAT.search(compared_text(c)) for c in cells if c["cell_type"] == "code")


def notebooks_that_print_floats() -> list[str]:
    paths = sorted(p for p in (REPO / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return [str(p.relative_to(REPO)) for p in paths if prints_floats(p)]


def dispatched_features() -> list[str]:
    """The SIMD features numpy dispatches on this machine (those it can switch off)."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    return [name for name in __cpu_dispatch__ if __cpu_features__.get(name)]


def generic_blas_core() -> str | None:
    return {"x86_64": "Prescott", "AMD64": "Prescott", "aarch64": "ARMV8", "arm64": "ARMV8"}.get(platform.machine())


def other_processor_env(ipython_dir: Path) -> dict[str, str]:
    """The environment of the second pass; an IPython start-up file loads last_bit into every kernel."""
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-last-bit.py").write_text("import last_bit  # tests/other_processor/last_bit.py\n")
    env = dict(os.environ, IPYTHONDIR=str(ipython_dir), NPY_DISABLE_CPU_FEATURES=" ".join(dispatched_features()),
               PYTHONPATH=os.pathsep.join(filter(None, [str(HOOK), os.environ.get("PYTHONPATH")])))
    if generic_blas_core():
        env["OPENBLAS_CORETYPE"] = generic_blas_core()
    return env


# Run by IPython, as a kernel would be: what BLAS core and SIMD features it got, and whether exp moved.
PROBE = """
import json, numpy as np, threadpoolctl
from numpy._core._multiarray_umath import __cpu_features__
x = 0.5
print(json.dumps({"blas": [i.get("architecture") for i in threadpoolctl.threadpool_info() if i["internal_api"] == "openblas"],
                  "features": [f for f, on in __cpu_features__.items() if on],
                  "exp_moved": bool(np.exp(x) == np.nextafter(np.exp.__wrapped__(x), np.inf))}))
"""


def test_a_float_is_found_where_nbval_compares_it():
    printed = {"cell_type": "code", "metadata": {}, "outputs": [{"output_type": "stream", "text": ["loss 0.25\n"]}]}
    ignored = dict(printed, metadata={"tags": ["nbval-ignore-output"]})
    counted = {"cell_type": "code", "metadata": {}, "outputs": [{"data": {"text/plain": ["3 of 4"]}}]}
    assert FLOAT.search(compared_text(printed))
    assert not compared_text(ignored) and not FLOAT.search(compared_text(counted))


def test_the_other_processor_setting_takes_effect(tmp_path):
    env = other_processor_env(tmp_path / "ipython")
    probe = subprocess.run([sys.executable, "-m", "IPython", "--no-banner", "-c", PROBE], env=env,
                           capture_output=True, text=True, timeout=60)
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    if generic_blas_core() and "OPENBLAS_CORETYPE" not in os.environ:
        import threadpoolctl
        native = [i.get("architecture") for i in threadpoolctl.threadpool_info() if i["internal_api"] == "openblas"]
        assert seen["blas"] and seen["blas"] != native, f"OpenBLAS runs {seen['blas']} here too"
    assert not set(dispatched_features()) & set(seen["features"]), seen["features"]
    assert seen["exp_moved"]


def test_stored_outputs_and_published_figures_on_another_processor(tmp_path):
    """nbval over the notebooks that print floats, and the published-figure tests, on the other processor.

    A failure here means a stored output prints a digit that depends on the processor: print fewer
    digits, or state the agreement as a bound (see notebook 04b). The child's report is in
    tests/artifacts/other-processor.log.
    """
    notebooks = notebooks_that_print_floats()
    assert len(notebooks) >= 10, notebooks       # the series and its solutions print numbers
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "last_bit",
               "-q", "--no-header", *notebooks, *PUBLISHED_FIGURE_TESTS]
    LOG.parent.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(command, cwd=REPO, env=other_processor_env(tmp_path / "ipython"), capture_output=True,
                         text=True, stdin=subprocess.DEVNULL, timeout=600)
    LOG.write_text(run.stdout + run.stderr)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:]
    failures = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert run.returncode == 0, f"on another processor: {summary}\n" + "\n".join(failures) + f"\n(see {LOG})"
    assert " passed" in summary and "skipped" not in summary, summary
