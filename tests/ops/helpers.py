"""Starting real servers in tests: a free loopback port, and waiting until one answers."""

from __future__ import annotations

import http.client
import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answering(port: int, process: subprocess.Popen, path: str, timeout: float = 120):
    """Poll ``path`` until the server answers (any status); fail if the process dies."""
    deadline = time.monotonic() + timeout
    while True:
        assert process.poll() is None, f"server exited with {process.returncode}"
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing answered on port {port} in {timeout} s"
            time.sleep(0.2)
