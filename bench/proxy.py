"""nginx in front of the benchmarked app, with the cache settings of deploy/nginx.conf, and beside it
a static file of the same size as the page: what repeated reads through the documented proxy cost
against the cheapest thing nginx can serve.

Used by bench/run.py (`through_nginx`); needs Debian's `nginx-light` (or any nginx on PATH).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEPLOYED = REPO_ROOT / "deploy" / "nginx.conf"
STATIC_NAME = "same-size.html"


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def cache_directives() -> str:
    """The proxy lines of the documented configuration, used as they are (its cache path aside)."""
    lines = [line.strip() for line in DEPLOYED.read_text(encoding="utf-8").splitlines()]
    return "\n            ".join(
        line for line in lines
        if line.startswith(("proxy_cache", "proxy_http_version", "add_header", "proxy_set_header"))
        and not line.startswith("proxy_cache_path"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config(folder: Path, upstream_port: int, port: int) -> Path:
    for name in ("cache", "static", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    config = folder / "nginx.conf"
    config.write_text(f"""
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 512; }}
http {{
    access_log off;
    sendfile on;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
    proxy_cache_path {folder}/cache levels=1:2 keys_zone=tender_board:10m inactive=10m use_temp_path=off;
    upstream tender_board {{ server 127.0.0.1:{upstream_port}; keepalive 8; }}
    server {{
        listen 127.0.0.1:{port};
        location = /{STATIC_NAME} {{ root {folder}/static; default_type text/html; }}
        location / {{
            proxy_pass http://tender_board;
            {cache_directives()}
        }}
    }}
}}
""", encoding="utf-8")
    return config


class Nginx:
    """nginx started in ``folder`` in front of the app on ``upstream_port``; stop() ends it."""

    def __init__(self, executable: str, folder: Path, upstream_port: int) -> None:
        self.port = free_port()
        self.folder = folder
        config = write_config(folder, upstream_port, self.port)
        self.log = (folder / "nginx-stderr.log").open("wb")
        self.process = subprocess.Popen([executable, "-c", str(config), "-p", str(folder)],  # noqa: S603
                                        stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx did not start: {(folder / 'error.log').read_text(errors='replace')[-2000:]}")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def same_size_file(self, path: str) -> tuple[str, int]:
        """Write a static file as large as the page at ``path`` (as nginx sends it): its path, its size."""
        with urllib.request.urlopen(self.base_url + path, timeout=10) as response:  # noqa: S310 (127.0.0.1)
            size = len(response.read())
        (self.folder / "static" / STATIC_NAME).write_bytes(b"<!doctype html>" + b"x" * max(0, size - 15))
        return f"/{STATIC_NAME}", size

    def cache_status(self, path: str) -> str:
        with urllib.request.urlopen(self.base_url + path, timeout=10) as response:  # noqa: S310 (127.0.0.1)
            return response.headers.get("X-Cache-Status", "")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
