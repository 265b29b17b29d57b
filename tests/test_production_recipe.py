"""The README's production recipe, run for real: the same settings, `flask db upgrade`, then gunicorn
on a free port, asked over HTTP as the proxy in front would ask it (passing the client's Host).

What it must give: the session cookie `__Host-session` with `Secure; HttpOnly; SameSite=Lax`,
400 for a foreign Host, and feeds whose every link starts with PUBLIC_URL.
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

PUBLIC_URL = "https://tenders.example.gov"
HOST = "tenders.example.gov"
VENV_BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(not (VENV_BIN / "gunicorn").exists(), reason="gunicorn is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    env = {**os.environ,
           # its own database, on either run: what is checked here does not depend on which
           "DATABASE_URL": f"sqlite:///{folder / 'board.sqlite'}",
           "TENDER_BOARD_SECRET_KEY": secrets.token_hex(32),
           "TENDER_BOARD_PRODUCTION": "true",
           "TENDER_BOARD_PUBLIC_URL": PUBLIC_URL,
           "TENDER_BOARD_SESSION_COOKIE_SECURE": "true",
           "TENDER_BOARD_SESSION_COOKIE_NAME": "__Host-session"}
    flask = [sys.executable, "-m", "flask", "--app", "tender_board"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)  # noqa: S603
    subprocess.run([*flask, "demo"], env=env, check=True, capture_output=True)  # noqa: S603 (feeds need notices)
    port = free_port()
    log = open(folder / "gunicorn.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen([str(VENV_BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",  # noqa: S603
                                "--access-logfile", "-", "tender_board:create_app()"],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield port
    process.terminate()
    process.wait(timeout=20)
    log.close()


def ask(port: int, path: str, host: str = HOST) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": host, "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_the_session_cookie_is_host_only_secure_and_http_only(server):
    answer = ask(server, "/login")
    assert answer.status == 200
    cookie = answer.getheader("Set-Cookie")
    assert cookie.startswith("__Host-session=")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite", "path"} <= attributes and "domain" not in attributes
    assert "SameSite=Lax" in cookie and "Path=/" in cookie


def test_a_foreign_host_is_refused(server):
    assert ask(server, "/feeds/notices.rss", host="evil.example").status == 400
    assert ask(server, "/", host="a b").status == 400


def test_every_link_in_a_feed_starts_with_the_public_address(server):
    answer = ask(server, "/feeds/notices.rss")
    assert answer.status == 200
    links = re.findall(rb"https?://[^<\"' ]+", answer.body)
    own = [link for link in links if b"example.gov" in link or b"127.0.0.1" in link or b"localhost" in link]
    assert len(own) > 10 and all(link.startswith(PUBLIC_URL.encode()) for link in own)
