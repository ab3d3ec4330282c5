#!/usr/bin/env python3
"""A trial JupyterHub for the course, on this machine (make hub): start it, print the class link.

    make hub                                  # builds .venv/hub and hub/proxy/node_modules first
    .venv/hub/bin/python tools/hub.py [--port 8000] [--repo PATH_OR_URL] [--branch NAME]

What runs, all on 127.0.0.1 (hub/jupyterhub_config.py has the hub's settings):

* configurable-http-proxy (npm, pinned in hub/proxy/package-lock.json): the address students open.
  Started here, not by the hub, so it outlives a hub restart;
* JupyterHub (PyPI, pinned in requirements-hub.txt) with SimpleLocalProcessSpawner: each student's
  JupyterLab is a process of this user with its home in STATE/homes/NAME; a shared password;
* nbgitpuller in each student's server: the class link clones the course into the student's home
  the first time and merges the teacher's new commits every time after, then opens notebook 00.

Ctrl-C stops the hub, the proxy, every student's server and kernel. The hub's database and the
students' homes stay in the state folder (build/hub by default) for the next trial.

The Hub class below is what bench/bench_hub.py and tests/test_hub.py start a hub with.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HUB_VENV = REPO / ".venv" / "hub"
PROXY = REPO / "hub" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
CONFIG = REPO / "hub" / "jupyterhub_config.py"
FIRST_NOTEBOOK = "notebooks/00-start-here.ipynb"
# Not passed on to the hub: the test run's offline guard and progress folder, another venv's paths.
DROPPED = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "NNCOURSE_PROGRESS_DIR", "JUPYTER_PATH",
           "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "MPLBACKEND")


class HubError(RuntimeError):
    """The hub or its proxy did not start, or is missing."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def class_link(base_url: str, repo: str, branch: str, notebook: str = FIRST_NOTEBOOK) -> str:
    """The nbgitpuller link: clone (or update) `repo` at `branch` into the student's home, open `notebook`.

    The clone's folder is the repository's last path component (nbgitpuller's default), so
    /work/course and https://github.com/you/course both land in `course/`."""
    folder = clone_folder(repo)
    query = urllib.parse.urlencode({"repo": repo, "branch": branch, "urlpath": f"lab/tree/{folder}/{notebook}"})
    return f"{base_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def clone_folder(repo: str) -> str:
    """The folder nbgitpuller clones `repo` into (its last path component)."""
    name = repo.rstrip("/").split("/")[-1]
    return name[:-4] if name.endswith(".git") else name


def marked_processes(marker: str) -> list[int]:
    """Processes whose environment holds NNHUB_RUN=marker: this hub, its proxy, servers and kernels."""
    wanted = f"NNHUB_RUN={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if wanted in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:                  # gone meanwhile, or not ours to read
            pass
    return found


def get_json(url: str, token: str | None = None, timeout: float = 10) -> dict:
    """GET a JSON document (raises urllib's errors)."""
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


class Hub:
    """A trial hub with its own proxy, in `state` (database, cookie secret, students' homes, logs).

    start() starts the proxy and the hub and waits until the hub answers; restart_hub() stops and
    starts only the hub (the proxy and the students' servers keep running); stop() ends every
    process this hub made, found by the NNHUB_RUN marker in their environment."""

    def __init__(self, state: Path, port: int = 0, venv: Path = HUB_VENV, logs_to_files: bool = True) -> None:
        self.state = Path(state).resolve()
        self.venv = Path(venv)
        self.port = port or free_port()
        self.api_port, self.proxy_api_port = free_port(), free_port()
        self.marker = secrets.token_hex(8)
        self.password = secrets.token_urlsafe(9)           # the students' shared password
        self.service_token = secrets.token_hex(24)         # the class-admin service (bench, tests)
        self.proxy_token = secrets.token_hex(24)
        self.logs_to_files = logs_to_files
        self.proxy: subprocess.Popen | None = None
        self.hub: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in DROPPED}
        env.update(NNHUB_STATE=str(self.state), NNHUB_VENV_BIN=str(self.venv / "bin"), NNHUB_PORT=str(self.port),
                   NNHUB_API_PORT=str(self.api_port), NNHUB_PROXY_API_PORT=str(self.proxy_api_port),
                   NNHUB_RUN=self.marker, NNHUB_PASSWORD=self.password, NNHUB_SERVICE_TOKEN=self.service_token,
                   CONFIGPROXY_AUTH_TOKEN=self.proxy_token)
        return env

    def check_installed(self) -> None:
        for path, how in ((self.venv / "bin" / "jupyterhub", "make hub (or make test) builds .venv/hub"),
                          (PROXY, "npm ci --prefix hub/proxy (make hub and make test run it)")):
            if not path.exists():
                raise HubError(f"{path} is missing: {how}")

    def _spawn(self, command: list[str], log_name: str) -> subprocess.Popen:
        """Start a process in its own process group, its output to STATE/log_name (or the terminal)."""
        out = open(self.state / log_name, "ab") if self.logs_to_files else None
        try:
            return subprocess.Popen(command, cwd=self.state, env=self.environment(), stdin=subprocess.DEVNULL,
                                    stdout=out, stderr=subprocess.STDOUT if out else None, start_new_session=True)
        finally:
            if out:
                out.close()

    def start(self, timeout: float = 90) -> None:
        self.check_installed()
        (self.state / "homes").mkdir(parents=True, exist_ok=True)
        self.proxy = self._spawn([str(PROXY), "--ip", "127.0.0.1", "--port", str(self.port),
                                  "--api-ip", "127.0.0.1", "--api-port", str(self.proxy_api_port),
                                  "--default-target", f"http://127.0.0.1:{self.api_port}",
                                  "--error-target", f"http://127.0.0.1:{self.api_port}/hub/error"], "proxy.log")
        try:
            self.start_hub(timeout)
        except BaseException:
            self.stop()
            raise

    def start_hub(self, timeout: float = 90) -> None:
        self.hub = self._spawn([str(self.venv / "bin" / "jupyterhub"), "-f", str(CONFIG)], "hub.log")
        self.wait_until_up(timeout)

    def wait_until_up(self, timeout: float) -> None:
        """Wait until the hub answers on its own port, then through the proxy (its API's root);
        HubError if the hub or the proxy exited or the time ran out."""
        deadline = time.monotonic() + timeout
        for url in (f"http://127.0.0.1:{self.api_port}/hub/api/", f"{self.url}/hub/api/"):
            while True:
                for process, name in ((self.proxy, "proxy"), (self.hub, "hub")):
                    if process is not None and process.poll() is not None:
                        raise HubError(f"the {name} exited ({process.returncode}): see {self.state}/{name}.log")
                try:
                    get_json(url, timeout=5)
                    break
                except (OSError, ValueError):
                    if time.monotonic() > deadline:
                        raise HubError(f"the hub did not answer within {timeout:.0f} s: see {self.state}/hub.log") from None
                    time.sleep(0.3)

    def stop_hub(self, timeout: float = 30) -> None:
        """Stop the hub process only (SIGTERM, as systemctl would); its servers and proxy stay."""
        if self.hub and self.hub.poll() is None:
            self.hub.terminate()
            try:
                self.hub.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.hub.pid, signal.SIGKILL)
                self.hub.wait(5)

    def restart_hub(self, timeout: float = 90) -> None:
        self.stop_hub()
        self.start_hub(timeout)

    def stop(self, grace: float = 10) -> None:
        """End every process of this hub: TERM, then KILL what is left after `grace` seconds."""
        groups = [p.pid for p in (self.hub, self.proxy) if p and p.poll() is None]
        for sig in (signal.SIGTERM, signal.SIGKILL):
            pids = marked_processes(self.marker)
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            for group in groups:
                try:
                    os.killpg(group, sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + (grace if sig == signal.SIGTERM else 5)
            while time.monotonic() < deadline and (marked_processes(self.marker) or
                                                   any(p and p.poll() is None for p in (self.hub, self.proxy))):
                time.sleep(0.2)
        for process in (self.hub, self.proxy):
            if process:
                process.poll()                    # reap


def current_branch() -> str:
    """This checkout's branch (main when detached or without git: the link needs a branch name)."""
    try:
        out = subprocess.run(["git", "rev-parse", "--abbrev-ref", "HEAD"], cwd=REPO, capture_output=True,
                             text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    return out if out and out != "HEAD" else "main"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="the port students open (127.0.0.1)")
    parser.add_argument("--repo", default=str(REPO), help="the course repository the link clones "
                        "(default: this checkout, as a path; a https:// URL for a real class)")
    parser.add_argument("--branch", default=None, help="its branch (default: this checkout's)")
    parser.add_argument("--state", type=Path, default=REPO / "build" / "hub", help="database, homes, logs")
    args = parser.parse_args(argv)
    hub = Hub(args.state, port=args.port, logs_to_files=False)
    branch = args.branch or current_branch()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        hub.start()
        print(f"\nThe hub is up at {hub.url}/ (this machine only). Log in with any name and the password "
              f"{hub.password}\n\nThe class link (clones the course, {branch}, and opens notebook 00):\n\n"
              f"  {class_link(hub.url, args.repo, branch)}\n\nStudents' homes: {hub.state / 'homes'}; "
              f"collect their progress with: python tools/collect_progress.py {hub.state / 'homes'}/*\n"
              "Ctrl-C stops the hub, its proxy and every student's server.", flush=True)
        while hub.hub.poll() is None and hub.proxy.poll() is None:
            time.sleep(1)
        print("the hub or its proxy stopped: see the log above", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        print("stopping the hub, its proxy and the students' servers...", flush=True)
        hub.stop()


if __name__ == "__main__":
    sys.exit(main())
