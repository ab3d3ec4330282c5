"""The benchmark scripts keep running (their figures are in README.md; no test asserts a time)."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_training_benchmark_runs_and_reports_ratios():
    result = subprocess.run([sys.executable, str(BENCH / "bench_training.py"), "--quick"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "x the hand loop" in result.stdout          # nnlib against the hand-written loop
    assert "throughput ratio:" in result.stdout         # many seeds against a loop over seeds
