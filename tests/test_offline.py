"""The course works offline: nothing reaches the network at run time."""

import ast
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NETWORK_MODULES = {"socket", "urllib", "http", "requests", "httpx", "urllib3", "ftplib", "smtplib", "webbrowser"}


def test_the_guard_refuses_the_internet_in_this_process():
    with pytest.raises(OSError, match="network access at run time is not allowed"):
        socket.create_connection(("example.org", 80), timeout=1)
    with pytest.raises(OSError, match="not allowed.*'203.0.113.5'"):
        socket.create_connection(("203.0.113.5", 80), timeout=1)


def test_the_guard_allows_this_machine():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    with socket.create_connection(server.getsockname(), timeout=1):
        pass
    server.close()


def test_processes_started_by_the_tests_are_guarded_too():
    """nbval's kernels inherit PYTHONPATH, so a notebook cell that downloads would fail."""
    code = "import urllib.request; urllib.request.urlopen('http://example.org', timeout=2)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    assert result.returncode != 0
    assert "network access at run time is not allowed" in result.stderr


@pytest.mark.parametrize("path", sorted([*(ROOT / "nnlib").rglob("*.py"), *(ROOT / "nncourse").rglob("*.py")]),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_nnlib_imports_no_network_module(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & NETWORK_MODULES
