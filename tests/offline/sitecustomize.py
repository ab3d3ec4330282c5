"""Refuse network access from anything started by the test suite.

The course must work offline (a classroom, a train, Binder with no outbound
network): no notebook cell and no nnlib function may reach the internet.
tests/conftest.py puts this folder on PYTHONPATH, so Python imports this file
at start-up in every process the tests start, Jupyter kernels included (their
own messages travel over ZeroMQ, which does not use Python's socket module).
Connections to this machine (127.0.0.1, ::1, localhost) stay allowed.
"""

import ipaddress
import socket

MESSAGE = "network access at run time is not allowed in this course (tried to reach {!r}); everything must work offline"
_connect = socket.socket.connect
_getaddrinfo = socket.getaddrinfo


def _is_local(host) -> bool:
    """True for this machine: no host at all, 'localhost', or a loopback address."""
    if isinstance(host, bytes):
        host = host.decode()
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else None   # AF_UNIX paths are local
    if isinstance(address, tuple) and not _is_local(host):
        raise OSError(MESSAGE.format(host))
    return _connect(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        raise OSError(MESSAGE.format(host))
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect
socket.getaddrinfo = _guarded_getaddrinfo
