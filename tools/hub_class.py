"""Simulated students on a trial hub (tools/hub.py), through the hub's REST API and each student's
server, as a browser would: used by bench/bench_hub.py and tests/test_hub.py.

A student is made and logged in with the hub's class-admin service token (create the user, make
the user a token: what logging in gives a browser), starts a server, clicks the class link
(nbgitpuller: the page, then the event stream its JavaScript reads, which does the pull), opens a
notebook (a session: the kernel starts in the notebook's folder), runs cells over the kernel's
websocket and moves a widget by a comm message, exactly what JupyterLab sends when a slider moves.

Everything is asyncio (tornado's HTTP and websocket clients), so N students run at once in one
process, and every wait has a timeout.
"""

from __future__ import annotations

import asyncio
import json
import os
import struct
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

AsyncHTTPClient.configure(None, max_clients=200)
MIB = 2 ** 20

# Run once notebook 06 has run: the XOR explorer it showed (cell "explorers.xor_explorer()" leaves
# it in Out), and the model id of its seed slider, which a browser's slider sends its moves to.
FIND_SEED_SLIDER = """
from nncourse.explorers import XorExplorer as _XorExplorer
_hub_explorers = [v for v in list(globals().values()) + list(globals().get("Out", {}).values())
                  if isinstance(v, _XorExplorer)]
_hub_explorer = _hub_explorers[-1]
print("SEED_SLIDER", _hub_explorer.controls["seed"].model_id, _hub_explorer.controls["seed"].value)
"""
# What the explorer shows after the moves: the seed it trained last and how many runs it trained.
EXPLORER_STATE = 'print("EXPLORER", _hub_explorer.controls["seed"].value, len(_hub_explorer.cache), "|", _hub_explorer.description())'


class StudentError(RuntimeError):
    """Something a student did failed (the message says what and for whom)."""


@dataclass
class Reply:
    """What a request to the kernel produced: printed text, the error (if any), seconds to idle,
    and how many widget updates with binary data (a new picture) the kernel sent meanwhile."""
    stdout: str = ""
    error: str | None = None
    seconds: float = 0.0
    pictures: int = 0


@dataclass
class _Pending:
    sent: float
    reply: Reply = field(default_factory=Reply)
    idle: bool = False
    replied: bool = False                 # execute_reply seen (or not awaited)
    done: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


def decode_frame(frame: str | bytes) -> tuple[dict, int]:
    """A websocket frame as (message, number of binary buffers). Jupyter's default websocket protocol
    sends JSON text, or for messages with buffers: count, offsets, the JSON, then the buffers."""
    if isinstance(frame, str):
        return json.loads(frame), 0
    count = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{count}I", frame[4:4 + 4 * count])
    end = offsets[1] if count > 1 else len(frame)
    return json.loads(frame[offsets[0]:end]), count - 1


class Kernel:
    """One kernel's websocket, as JupyterLab holds it: requests out, replies matched by parent id."""

    def __init__(self, student: Student, kernel_id: str) -> None:
        self.student, self.id = student, kernel_id
        self.session = uuid.uuid4().hex
        self.pending: dict[str, _Pending] = {}
        self.states: list[str] = []          # every execution_state seen (busy, idle, restarting, ...)
        self.ws = None
        self.reader: asyncio.Task | None = None

    async def connect(self, timeout: float = 60) -> None:
        url = self.student.server_url.replace("http", "ws", 1) + f"api/kernels/{self.id}/channels?session_id={self.session}"
        # tornado's own limits (20 s to connect, 20 s for the upgrade) would end the wait long before
        # `timeout` on a loaded machine, so the request carries the caller's limit too
        request = HTTPRequest(url, headers=self.student.headers, connect_timeout=timeout, request_timeout=timeout)
        self.ws = await asyncio.wait_for(websocket_connect(request), timeout)
        self.reader = asyncio.create_task(self._read())
        await self.execute("pass", timeout=timeout)             # answers once the kernel is ready

    async def _read(self) -> None:
        while True:
            frame = await self.ws.read_message()
            if frame is None:                                   # closed
                for pending in self.pending.values():
                    if not pending.done.done():
                        pending.done.set_exception(StudentError(f"{self.student.name}: kernel websocket closed"))
                return
            msg, buffers = decode_frame(frame)
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status":
                self.states.append(content["execution_state"])
            pending = self.pending.get(msg["parent_header"].get("msg_id"))
            if pending is None:
                continue
            reply = pending.reply
            if kind == "stream":
                reply.stdout += content["text"]
            elif kind == "error":
                reply.error = f"{content['ename']}: {content['evalue']}"
            elif kind == "comm_msg" and buffers:
                reply.pictures += 1
            elif kind == "execute_reply":
                pending.replied = True
                if content["status"] != "ok" and reply.error is None:
                    reply.error = content.get("ename", content["status"])
            elif kind == "status" and content["execution_state"] == "idle":
                pending.idle = True
                reply.seconds = time.monotonic() - pending.sent
            if pending.idle and pending.replied and not pending.done.done():
                pending.done.set_result(reply)

    def _send(self, channel: str, msg_type: str, content: dict, expect_reply: bool) -> _Pending:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": self.student.name, "session": self.session, "msg_type": msg_type,
                  "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        pending = self.pending[msg_id] = _Pending(time.monotonic(), replied=not expect_reply)
        self.ws.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                                          "channel": channel, "buffers": []}))
        return pending

    async def _wait(self, pending: _Pending, what: str, timeout: float) -> Reply:
        try:
            return await asyncio.wait_for(asyncio.shield(pending.done), timeout)
        except asyncio.TimeoutError:
            raise StudentError(f"{self.student.name}: {what} not finished after {timeout:.0f} s") from None

    async def execute(self, code: str, timeout: float = 120) -> Reply:
        """Run code as a cell; its Reply (error set if the cell raised)."""
        pending = self._send("shell", "execute_request", {"code": code, "silent": False, "store_history": True,
                                                          "user_expressions": {}, "allow_stdin": False,
                                                          "stop_on_error": True}, expect_reply=True)
        return await self._wait(pending, f"cell {code[:40]!r}", timeout)

    async def run_all(self, cells: list[str], timeout: float) -> list[Reply]:
        """Queue every cell at once (Run All), then wait for all; the first error stops the rest."""
        sent = [self._send("shell", "execute_request", {"code": code, "silent": False, "store_history": True,
                                                        "user_expressions": {}, "allow_stdin": False,
                                                        "stop_on_error": True}, expect_reply=True)
                for code in cells]
        deadline = time.monotonic() + timeout
        return [await self._wait(p, f"Run All, cell {i}", max(1.0, deadline - time.monotonic()))
                for i, p in enumerate(sent)]

    async def move_widget(self, model_id: str, state: dict, timeout: float = 120) -> Reply:
        """What a browser sends when a slider moves: a comm message updating the widget model's state."""
        pending = self._send("shell", "comm_msg", {"comm_id": model_id, "data": {
            "method": "update", "state": state, "buffer_paths": []}}, expect_reply=False)
        return await self._wait(pending, f"widget move to {state}", timeout)

    async def close(self) -> None:
        if self.reader:
            self.reader.cancel()
        if self.ws:
            self.ws.close()


class Student:
    """One simulated student: name, token, server; every call says whose request failed."""

    def __init__(self, hub_url: str, service_token: str, name: str) -> None:
        self.hub_url, self.service_token, self.name = hub_url, service_token, name
        self.token = ""
        self.server_url = f"{hub_url}/user/{name}/"
        self.kernels: list[Kernel] = []

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    async def request(self, url: str, method: str = "GET", body=None, token: str | None = None,
                      timeout: float = 120) -> tuple[int, bytes]:
        data = None if body is None else json.dumps(body)
        request = HTTPRequest(url, method=method, body=data, connect_timeout=timeout, request_timeout=timeout,
                              follow_redirects=False,
                              allow_nonstandard_methods=True,
                              headers={"Authorization": f"token {token or self.token}"})
        try:
            response = await AsyncHTTPClient().fetch(request, raise_error=False)
        except (OSError, asyncio.TimeoutError, HTTPClientError) as error:
            raise StudentError(f"{self.name}: {method} {url}: {error}") from error
        if response.code >= 400 or response.code == 599:
            raise StudentError(f"{self.name}: {method} {url}: HTTP {response.code} {(response.body or b'')[:300]!r}")
        return response.code, response.body or b""

    async def hub_api(self, method: str, path: str, body=None, timeout: float = 120) -> tuple[int, bytes]:
        return await self.request(f"{self.hub_url}/hub/api{path}", method, body, self.service_token, timeout)

    async def log_in(self) -> None:
        """Create the user (if new) and a token for them: what a login gives the browser."""
        try:
            await self.hub_api("POST", f"/users/{self.name}", {})
        except StudentError as error:
            if "HTTP 409" not in str(error):                    # 409: exists already
                raise
        _, body = await self.hub_api("POST", f"/users/{self.name}/tokens", {"note": "simulated student", "expires_in": 7200})
        self.token = json.loads(body)["token"]

    async def start_server(self, timeout: float = 300) -> None:
        """Start the student's server and wait until the hub says it is ready."""
        await self.hub_api("POST", f"/users/{self.name}/server", {})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, body = await self.hub_api("GET", f"/users/{self.name}")
            server = json.loads(body)["servers"].get("", {})
            if server.get("ready"):
                return
            await asyncio.sleep(0.5)
        raise StudentError(f"{self.name}: server not ready after {timeout:.0f} s")

    async def server_ready(self) -> bool:
        _, body = await self.hub_api("GET", f"/users/{self.name}")
        return bool(json.loads(body)["servers"].get("", {}).get("ready"))

    async def stop_server(self, timeout: float = 60) -> None:
        for kernel in self.kernels:
            await kernel.close()
        self.kernels.clear()
        await self.hub_api("DELETE", f"/users/{self.name}/server", timeout=timeout)
        deadline = time.monotonic() + timeout
        while await self.server_ready() or await self._pending():
            if time.monotonic() > deadline:
                raise StudentError(f"{self.name}: server still running after {timeout:.0f} s")
            await asyncio.sleep(0.3)

    async def _pending(self) -> bool:
        _, body = await self.hub_api("GET", f"/users/{self.name}")
        return bool(json.loads(body).get("pending"))

    async def click_class_link(self, link: str, timeout: float = 180) -> str:
        """Follow the class link as a browser: the hub redirects to /user/NAME/git-pull (nbgitpuller's
        page), whose JavaScript reads the pull's event stream at git-pull/api; returns its output.
        StudentError unless the stream ends with phase "finished"."""
        query = urllib.parse.urlsplit(link).query
        await self.request(f"{self.server_url}git-pull?{query}", timeout=timeout)          # the page
        _, body = await self.request(f"{self.server_url}git-pull/api?{query}", timeout=timeout)
        events = [json.loads(line[len("data: "):]) for line in body.decode().splitlines() if line.startswith("data: ")]
        if not events or events[-1].get("phase") != "finished":
            last = events[-1] if events else {}
            raise StudentError(f"{self.name}: nbgitpuller did not finish: {last.get('message')} {last.get('output', '')[-500:]}")
        return "".join(e.get("output", "") for e in events)

    async def open_notebook(self, path: str, timeout: float = 120) -> Kernel:
        """Open a notebook as JupyterLab does (a session: a kernel in the notebook's folder) and connect."""
        _, body = await self.request(f"{self.server_url}api/sessions", "POST", {
            "path": path, "name": Path(path).name, "type": "notebook", "kernel": {"name": "python3"}}, timeout=timeout)
        kernel = Kernel(self, json.loads(body)["kernel"]["id"])
        await kernel.connect(timeout)
        self.kernels.append(kernel)
        return kernel

    async def contents(self, path: str, method: str = "GET", body=None) -> dict | None:
        """The contents API (read, save, delete a file), as JupyterLab's file browser uses it."""
        _, data = await self.request(f"{self.server_url}api/contents/{urllib.parse.quote(path)}", method, body)
        return json.loads(data) if data else None


# --- processes and memory (from /proc) ----------------------------------------------------------

def environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").partition("=")[::2] for item in raw if b"=" in item)


def student_processes(marker: str, name: str) -> dict[str, list[int]]:
    """{"server": [pid], "kernel": [pids]} of a student on the hub with this NNHUB_RUN marker."""
    found: dict[str, list[int]] = {"server": [], "kernel": []}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            env = environ(int(entry.name))
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if env.get("NNHUB_RUN") != marker or env.get("JUPYTERHUB_USER") != name:
            continue
        if "ipykernel_launcher" in command:
            found["kernel"].append(int(entry.name))
        elif "jupyterhub-singleuser" in command:
            found["server"].append(int(entry.name))
    return found


def rss_mib(pid: int) -> float:
    """A process's resident memory in MiB (VmRSS), 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
