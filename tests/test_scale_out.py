"""Several app servers on one PostgreSQL behind nginx as a caching proxy, run for real.

Two gunicorn servers share nothing but the database; nginx (Debian `nginx-light`) caches in
front of them with the cache settings of deploy/nginx.conf. Notices are published through each
server's API; each server shows the other's tender pages at once, and the lists they share
within the lists' max-age; through the proxy a publication appears within the pages' max-age,
and no page served from the cache is older than its max-age.
Needs PostgreSQL (TEST_DATABASE_URL, as `make test-postgres` and `.ci/run` give) and nginx.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tender_board.auth.models import Role
from tender_board.transaction import transaction

from .conftest import PG_URL
from .factories import tender_data

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
VENV_BIN = Path(sys.executable).parent
MAX_AGE = 2  # seconds: PUBLIC_MAX_AGE for this test, so that it need not wait a minute
# Two servers side by side must not share gunicorn's control socket (gunicorn >= 25.1 opens one).
CONTROL_SOCKET_OFF = ["--no-control-socket"] if "--no-control-socket" in subprocess.run(  # noqa: S603
    [str(VENV_BIN / "gunicorn"), "--help"], capture_output=True, text=True, check=False).stdout else []
DEPLOYED = Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (make test-postgres)"),
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (apt install nginx-light)"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")


def cache_directives() -> str:
    """The proxy_cache lines of the documented configuration, used as they are."""
    lines = [line.strip() for line in DEPLOYED.read_text().splitlines()]
    return "\n".join(line for line in lines if line.startswith(("proxy_cache", "proxy_http_version", "add_header"))
                     and not line.startswith("proxy_cache_path"))


@pytest.fixture
def cluster(app, tmp_path):
    """Two app servers and nginx in front; yields (proxy port, [server ports])."""
    proxy = free_port()
    env = {**os.environ, "DATABASE_URL": PG_URL, "TENDER_BOARD_SECRET_KEY": secrets.token_hex(32),
           "TENDER_BOARD_PUBLIC_URL": f"http://127.0.0.1:{proxy}", "TENDER_BOARD_TRUSTED_HOSTS": "127.0.0.1",
           "TENDER_BOARD_PUBLIC_MAX_AGE": str(MAX_AGE)}
    ports, processes = [free_port(), free_port()], []
    for port in ports:
        log = open(tmp_path / f"gunicorn-{port}.log", "wb")  # noqa: SIM115 (closed with the process)
        processes.append((subprocess.Popen(  # noqa: S603
            [str(VENV_BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", *CONTROL_SOCKET_OFF,
             "tender_board:create_app()"],
            env=env, stdout=log, stderr=subprocess.STDOUT), log))
    (tmp_path / "cache").mkdir()
    (tmp_path / "nginx.conf").write_text(f"""
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 256; }}
http {{
    access_log {tmp_path}/access.log;
    client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi; uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
    proxy_cache_path {tmp_path}/cache levels=1:2 keys_zone=tender_board:10m inactive=10m use_temp_path=off;
    upstream tender_board {{ {" ".join(f"server 127.0.0.1:{p};" for p in ports)} keepalive 8; }}
    server {{
        listen 127.0.0.1:{proxy};
        location / {{
            proxy_pass http://tender_board;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            {cache_directives()}
        }}
    }}
}}
""")
    nginx_log = open(tmp_path / "nginx-stderr.log", "wb")  # noqa: SIM115 (closed below)
    nginx = subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],  # noqa: S603
                             stdout=nginx_log, stderr=subprocess.STDOUT)
    try:
        for port in (*ports, proxy):
            wait_for(port)
        yield proxy, ports
    except AssertionError:
        for log in sorted(tmp_path.glob("*.log")):
            print(log.name, log.read_text(errors="replace")[-3000:])
        raise
    finally:
        nginx.terminate()
        nginx.wait(timeout=20)
        nginx_log.close()
        for process, log in processes:
            process.terminate()
            process.wait(timeout=20)
            log.close()


def ask(port: int, method: str, path: str, body: dict | None = None, token: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1", "Cookie": "lang=en"}  # a reader who chose English before
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        headers["Content-Type"] = "application/json"
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def publish_through(port: int, manager: str, approver: str, make, number: int) -> str:
    created = ask(port, "POST", "/api/v1/tenders", tender_data(title={"zh": f"扩展测试工程 {number}",
                                                                   "en": f"Scale-out works {number}"}), manager)
    assert created.status == 201, created.body
    reference = json.loads(created.body)["reference"]
    drafted = ask(port, "POST", f"/api/v1/tenders/{reference}/notices", make.announcement(), manager)
    assert drafted.status == 201, drafted.body
    notice = json.loads(drafted.body)["id"]
    assert ask(port, "POST", f"/api/v1/notices/{notice}/submit", {}, manager).status == 200
    approved = ask(port, "POST", f"/api/v1/notices/{notice}/approve", {}, approver)
    assert approved.status == 200, approved.body
    return reference


def listed(port: int) -> tuple[set[str], http.client.HTTPResponse]:
    answer = ask(port, "GET", "/tenders?lang=en")
    assert answer.status == 200
    return set(re.findall(r"MFA-\d{4}-OS-\d{4}", answer.body.decode())), answer


def test_two_servers_behind_a_caching_proxy_stay_in_step(cluster, make):
    proxy, (first, second) = cluster
    with transaction():
        manager, approver = make.user(Role.MANAGER), make.user(Role.APPROVER)
        tokens = make.token(manager)["Authorization"][7:], make.token(approver)["Authorization"][7:]

    seen_through_proxy = []
    for number, (port, other) in enumerate([(first, second), (second, first)] * 2):
        listed(proxy)  # the list is in the proxy's cache now
        published_at = time.monotonic()
        reference = publish_through(port, *tokens, make, number)
        page = ask(other, "GET", f"/tenders/{reference}?lang=en")  # the other server shows it at once
        assert page.status == 200 and reference.encode() in page.body
        while reference not in listed(other)[0]:  # its lists, shared by both, within their max-age
            assert time.monotonic() - published_at <= MAX_AGE + 1.5, "the other server's list is stale"
            time.sleep(0.2)
        while True:
            found, answer = listed(proxy)
            status = answer.getheader("X-Cache-Status")
            if status == "HIT":
                age = int(answer.getheader("Age") or 0)
                assert age <= MAX_AGE, (status, age)  # nothing from the cache older than its max-age
            if reference in found:
                break
            assert time.monotonic() - published_at <= MAX_AGE + 1.5, "still stale through the proxy"
            time.sleep(0.2)
        seen_through_proxy.append(time.monotonic() - published_at)
    assert len(seen_through_proxy) == 4
    statuses = [listed(proxy)[1].getheader("X-Cache-Status") for _ in range(3)]
    assert "HIT" in statuses  # the proxy does keep pages: this is not a pass-through
