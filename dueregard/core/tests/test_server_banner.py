"""The application server does not announce its version.

Starts gunicorn with the repository's ``gunicorn.conf.py`` (the test profile, one worker,
a free local port) and reads the headers of a real response.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def gunicorn_url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DUEREGARD_PROFILE": "test",
        "DUEREGARD_VAR_DIR": str(tmp_path / "var"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "dueregard.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    _, errors = server.communicate(timeout=5)
                    pytest.fail(f"gunicorn did not start: {errors.decode()[-2000:]}")
                time.sleep(0.1)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_gunicorn_sends_no_version_in_its_server_header(gunicorn_url: str) -> None:
    try:
        response = urllib.request.urlopen(f"{gunicorn_url}/hidden", timeout=10)  # noqa: S310
    except urllib.error.HTTPError as error:  # the headers are what matter, not the status
        response = error
    with response:
        server = response.headers.get("Server", "")
        csp = response.headers.get("Content-Security-Policy", "")

    assert server in ("", "gunicorn")
    assert "frame-ancestors 'none'" in csp
