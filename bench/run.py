#!/usr/bin/env python3
"""Benchmark Tender Board against a Flask hello world served the same way.

    python bench/run.py [--tenders N] [--duration SECONDS] [--connections C]
                        [--threads T] [--database-url URL] [--paths-file F]
                        [--only NAME]...

Loads N synthetic tenders into a throwaway database, serves the app and
bench/hello.py side by side under identical gunicorn settings, runs wrk against
each scenario (alternating with hello world runs) and prints a Markdown table,
also written to bench/results/. See bench/README.md.

Standard library only (plus gunicorn and flask in the interpreter running this
script, and the `wrk` program).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import proxy  # noqa: E402 (the repository root first, as `python bench/run.py` runs)

# Lints S310/S603 are waived below: URLs are http://127.0.0.1, commands are built here.

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO_ROOT / "bench" / "results"
APP_TARGET = "tender_board:create_app()"
HELLO_TARGET = "bench.hello:app"
GUNICORN_WORKERS = 2

READY_TIMEOUT_S = 60  # both servers must answer within this
HTTP_TIMEOUT_S = 10  # one look-up request (ETag, first reference...)
MIGRATE_TIMEOUT_S = 600  # `flask db upgrade`
STOP_TIMEOUT_S = 30  # graceful gunicorn shutdown before SIGKILL
WRK_GRACE_S = 30  # wrk may run this much longer than --duration
SMALL_COMMAND_TIMEOUT_S = 30  # git, gunicorn --help
QUICK_TENDERS = 2000  # --quick


class BenchError(Exception):
    """A failure that ends the run with a message rather than a traceback."""


# --------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------


class Scenario(NamedTuple):
    """A path of the app to benchmark, with extra request headers.

    Paths and header values may hold placeholders, filled in from the running
    app just before benchmarking (see PLACEHOLDERS): ``{reference}`` is the
    reference of the first tender the JSON API lists, ``{etag}`` the ETag the
    app sends for the scenario's own path. A scenario whose placeholders
    cannot be filled in is skipped with a note.
    """

    name: str
    path: str
    headers: dict[str, str]
    # Distinct addresses: a file of paths wrk picks from at random (bench/distinct.lua).
    paths_file: str | None = None


SCENARIOS: list[Scenario] = [
    Scenario("tenders first page", "/tenders", {}),
    Scenario("chinese search", "/tenders?q=" + urllib.parse.quote("维修"), {}),
    Scenario("tender page", "/tenders/{reference}", {}),
    Scenario("feed rss", "/feeds/notices.rss", {}),
    Scenario("feed 304", "/feeds/notices.rss", {"If-None-Match": "{etag}"}),
    Scenario("api tenders", "/api/v1/tenders", {}),
    Scenario("oversight dashboard", "/oversight", {}),
    Scenario("flag search", "/tenders?flag=R018", {}),
]

# --self-test serves hello world as "the app": it checks the harness itself,
# including a scenario with errors and two that cannot be resolved.
SELF_TEST_SCENARIOS: list[Scenario] = [
    Scenario("hello as app", "/", {}),
    Scenario("missing page", "/missing", {}),
    Scenario("unresolvable page", "/tenders/{reference}", {}),
    Scenario("unresolvable 304", "/", {"If-None-Match": "{etag}"}),
]


class Fetcher:
    """GETs paths of a running server once each, remembering the responses."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._cache: dict[str, tuple[http.client.HTTPMessage, bytes]] = {}

    def get(self, path: str) -> tuple[http.client.HTTPMessage, bytes]:
        """Headers and body of a successful GET; raises LookupError otherwise."""
        if path not in self._cache:
            url = self.base_url + path
            try:
                with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT_S) as response:  # noqa: S310
                    self._cache[path] = (response.headers, response.read())
            except (OSError, http.client.HTTPException) as exc:
                raise LookupError(f"GET {path} failed: {exc}") from exc
        return self._cache[path]


def first_tender_reference(fetcher: Fetcher, path: str) -> str:
    """``items[0]["reference"]`` of the JSON API's tender list."""
    _, body = fetcher.get("/api/v1/tenders")
    try:
        return str(json.loads(body)["items"][0]["reference"])
    except (ValueError, LookupError, TypeError) as exc:
        raise LookupError(f"no items[0].reference in /api/v1/tenders: {exc!r}") from exc


def etag_of(fetcher: Fetcher, path: str) -> str:
    """The ETag header the app sends for ``path``."""
    headers, _ = fetcher.get(path)
    etag = headers.get("ETag")
    if not etag:
        raise LookupError(f"no ETag header on {path}")
    return etag


PLACEHOLDERS: dict[str, Callable[[Fetcher, str], str]] = {
    "reference": first_tender_reference,
    "etag": etag_of,
}
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


def fill_in(template: str, fetcher: Fetcher, path: str, *, quote: bool) -> str:
    """Replace the placeholders of ``template``, URL-quoting values if asked."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            raise LookupError(f"unknown placeholder {{{name}}}")
        found = PLACEHOLDERS[name](fetcher, path)
        return urllib.parse.quote(found, safe="") if quote else found

    return PLACEHOLDER_RE.sub(value, template)


def resolve(scenario: Scenario, fetcher: Fetcher) -> Scenario:
    """The scenario with its placeholders filled in (path first, then headers)."""
    path = fill_in(scenario.path, fetcher, scenario.path, quote=True)
    headers = {
        name: fill_in(value, fetcher, path, quote=False) for name, value in scenario.headers.items()
    }
    return scenario._replace(path=path, headers=headers)


def resolve_all(
    scenarios: Iterable[Scenario], fetcher: Fetcher
) -> tuple[list[Scenario], list[str]]:
    """Resolved scenarios, and notes about those skipped."""
    resolved: list[Scenario] = []
    notes: list[str] = []
    for scenario in scenarios:
        try:
            resolved.append(resolve(scenario, fetcher))
        except LookupError as exc:
            notes.append(f"skipped {scenario.name!r} ({scenario.path}): {exc}")
    return resolved, notes


def parse_header(text: str, where: str) -> tuple[str, str]:
    """``"Name: value"`` as ``("Name", "value")``."""
    name, colon, value = text.partition(":")
    if not colon or not name.strip():
        raise BenchError(f"{where}: expected 'Header: value', got {text!r}")
    return name.strip(), value.strip()


def read_paths_file(path: Path) -> list[Scenario]:
    """Scenarios from lines ``name<TAB>path[<TAB>Header: value]...``.

    Blank lines and lines starting with ``#`` are ignored.
    """
    scenarios: list[Scenario] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{number}"
        name, _, rest = line.partition("\t")
        url_path, *header_fields = rest.split("\t")
        if not name.strip() or not url_path.startswith("/"):
            raise BenchError(f"{where}: expected 'name<TAB>/path', got {line!r}")
        headers = dict(parse_header(text, where) for text in header_fields)
        # Percent-encode what wrk and urllib cannot send as is (non-ASCII, spaces).
        url_path = urllib.parse.quote(url_path.strip(), safe=string.punctuation)
        scenarios.append(Scenario(name.strip(), url_path, headers))
    return scenarios


def select_scenarios(scenarios: list[Scenario], only: Sequence[str]) -> list[Scenario]:
    """The scenarios named by ``--only`` (all if none), in their own order."""
    if not only:
        return scenarios
    unknown = set(only) - {scenario.name for scenario in scenarios}
    if unknown:
        known = ", ".join(repr(scenario.name) for scenario in scenarios)
        raise BenchError(f"unknown scenario(s) {sorted(unknown)}; known: {known}")
    return [scenario for scenario in scenarios if scenario.name in only]


# --------------------------------------------------------------------------
# wrk
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class WrkSettings:
    """How wrk loads a server; the same for the app and hello world."""

    executable: str
    duration: int
    connections: int
    threads: int
    timeout: int | None  # wrk's --timeout; None keeps wrk's default (2 s)


@dataclass
class WrkResult:
    """What one wrk run measured, or why it failed."""

    requests_per_sec: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    requests: int = 0
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    failure: str | None = None
    started: float = 0.0
    finished: float = 0.0

    @property
    def midpoint(self) -> float:
        return (self.started + self.finished) / 2

    @property
    def measured(self) -> bool:
        return self.failure is None and self.requests_per_sec is not None

    def error_summary(self) -> str:
        """Empty if all went well, otherwise what went wrong, briefly."""
        if self.failure:
            return self.failure
        problems = []
        if self.non_2xx_3xx:
            problems.append(f"non-2xx/3xx: {self.non_2xx_3xx} of {self.requests}")
        socket_errors = {kind: n for kind, n in self.socket_errors.items() if n}
        if socket_errors:
            details = ", ".join(f"{kind} {n}" for kind, n in socket_errors.items())
            problems.append(f"socket errors: {details}")
        return "; ".join(problems)


UNIT_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1_000.0, "m": 60_000.0, "h": 3_600_000.0}
RPS_RE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
REQUESTS_RE = re.compile(r"^\s*(\d+) requests in ", re.MULTILINE)
NON_2XX_RE = re.compile(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", re.MULTILINE)
SOCKET_ERRORS_RE = re.compile(
    r"^\s*Socket errors:\s+connect (\d+), read (\d+), write (\d+), timeout (\d+)",
    re.MULTILINE,
)


def latency_percentile_ms(output: str, percent: int) -> float | None:
    """A line such as ``     99%    3.20ms`` of wrk's latency distribution, in ms."""
    pattern = rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$"
    match = re.search(pattern, output, re.MULTILINE)
    if not match:
        return None
    return float(match.group(1)) * UNIT_TO_MS[match.group(2)]


def parse_wrk_output(output: str) -> WrkResult:
    """Requests/sec, p50, p99 and errors from wrk's ``--latency`` report."""
    rps = RPS_RE.search(output)
    requests = REQUESTS_RE.search(output)
    non_2xx = NON_2XX_RE.search(output)
    socket_errors = SOCKET_ERRORS_RE.search(output)
    result = WrkResult(
        requests_per_sec=float(rps.group(1)) if rps else None,
        p50_ms=latency_percentile_ms(output, 50),
        p99_ms=latency_percentile_ms(output, 99),
        requests=int(requests.group(1)) if requests else 0,
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
    )
    if socket_errors:
        connect, read, write, timeout = map(int, socket_errors.groups())
        result.socket_errors = {
            "connect": connect,
            "read": read,
            "write": write,
            "timeout": timeout,
        }
    if rps is None:
        result.failure = "could not read wrk's output"
    return result


def wrk_command(settings: WrkSettings, url: str, headers: dict[str, str],
                paths_file: str | None = None) -> list[str]:
    command = [
        settings.executable,
        f"-t{settings.threads}",
        f"-c{settings.connections}",
        f"-d{settings.duration}s",
        "--latency",
    ]
    if settings.timeout is not None:
        command.append(f"--timeout={settings.timeout}s")
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if paths_file:
        command += ["-s", str(REPO_ROOT / "bench" / "distinct.lua")]
    return command + [url]


def run_wrk(settings: WrkSettings, url: str, headers: dict[str, str],
            paths_file: str | None = None) -> WrkResult:
    """Load ``url`` with wrk for the configured duration (or the paths of ``paths_file``)."""
    started = time.monotonic()
    env = {**os.environ, "BENCH_PATHS": paths_file} if paths_file else None
    try:
        completed = subprocess.run(  # noqa: S603
            wrk_command(settings, url, headers, paths_file),
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=settings.duration + WRK_GRACE_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        result = WrkResult(failure=f"wrk did not finish within {settings.duration + WRK_GRACE_S} s")
    else:
        result = parse_wrk_output(completed.stdout)
        if completed.returncode != 0:
            result.failure = f"wrk exit {completed.returncode}: {last_line(completed.stderr)}"
    result.started, result.finished = started, time.monotonic()
    return result


def find_wrk() -> str:
    """Path of the wrk program."""
    wrk = shutil.which("wrk") or ("/usr/bin/wrk" if os.access("/usr/bin/wrk", os.X_OK) else None)
    if not wrk:
        raise BenchError("wrk not found: install it (Debian/Ubuntu: apt-get install wrk)")
    return wrk


# --------------------------------------------------------------------------
# Servers
# --------------------------------------------------------------------------


@dataclass
class Server:
    """A gunicorn master started by this script, in its own session."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        return tail(self.log_path.read_text(errors="replace"), lines)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gunicorn_options() -> list[str]:
    """Options given to both servers, beyond workers and bind address.

    gunicorn >= 25.1 opens a control socket at a fixed default path, which two
    servers started side by side would fight over; switch it off where it exists.
    """
    help_text = run_quietly([sys.executable, "-m", "gunicorn", "--help"])
    return ["--no-control-socket"] if "--no-control-socket" in help_text else []


def start_server(
    name: str, target: str, options: list[str], env: dict[str, str], log_dir: Path
) -> Server:
    """Start ``gunicorn -w 2 -b 127.0.0.1:<free port> <target>`` from the repo root."""
    port = free_port()
    log_path = log_dir / f"{name}-gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "-w", str(GUNICORN_WORKERS)]
    command += ["-b", f"127.0.0.1:{port}", *options, target]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, and we stop it cleanly
        )
    return Server(name, process, port, log_path)


def status_of(url: str, headers: dict[str, str] | None = None, timeout: float = 2) -> int | None:
    """HTTP status of a GET (after redirects), or None if no server answers."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ValueError, http.client.HTTPException):
        return None


def wait_until_ready(servers: list[Server], timeout: float) -> None:
    """Return once every server answers on ``/``; fail if one dies or is too slow."""
    deadline = time.monotonic() + timeout
    pending = list(servers)
    while pending:
        for server in list(pending):
            status = server.process.poll()
            if status is not None:
                raise BenchError(f"{server.name} server exited ({status}):\n{server.log_tail()}")
            if status_of(server.base_url + "/") is not None:
                pending.remove(server)
        if pending and time.monotonic() > deadline:
            names = ", ".join(server.name for server in pending)
            raise BenchError(f"no answer from {names} within {timeout} s:\n{pending[0].log_tail()}")
        time.sleep(0.2)


def stop_server(server: Server) -> None:
    """SIGTERM the gunicorn master and wait; SIGKILL its group if it lingers."""
    process = server.process
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        log(f"{server.name} server ignored SIGTERM for {STOP_TIMEOUT_S} s; killing it")
        os.killpg(process.pid, signal.SIGKILL)  # its own session: pgid == pid
        process.wait(timeout=STOP_TIMEOUT_S)


def parent_pids() -> dict[int, int]:
    """Parent pid of every process, from /proc/*/stat."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        parents[int(stat.parent.name)] = int(text.rsplit(")", 1)[1].split()[1])
    return parents


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for pid, ppid in parent_pids().items():
        children.setdefault(ppid, []).append(pid)
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, []))
    return tree


def rss_kib(pid: int) -> int:
    """VmRSS of a process in KiB (0 if it is gone or has none)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def server_rss_mib(server: Server) -> float | None:
    """Resident memory of the gunicorn master plus its workers, in MiB."""
    if not Path("/proc/self/status").exists():
        return None
    return sum(rss_kib(pid) for pid in process_tree(server.process.pid)) / 1024


def largest_worker_rss_mib(server: Server) -> float | None:
    """Resident memory of the largest gunicorn worker, in MiB (the figure the issue bounds)."""
    if not Path("/proc/self/status").exists():
        return None
    workers = [pid for pid in process_tree(server.process.pid) if pid != server.process.pid]
    return max((rss_kib(pid) for pid in workers), default=0) / 1024


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


def choose_database(url: str | None, tmp: Path, data: Path | None = None,
                    tenders: int | None = None) -> tuple[str, str]:
    """(database URL, "postgresql" or "sqlite"): PostgreSQL if ``url`` names it; else a SQLite
    file, kept in ``data`` (one per number of tenders) when given, else in ``tmp``."""
    scheme = (url or "").partition(":")[0].partition("+")[0]
    if scheme in ("postgresql", "postgres"):
        return str(url), "postgresql"
    if url:
        log("not a PostgreSQL URL; using a SQLite database instead")
    folder = data if data is not None else tmp
    return f"sqlite:///{folder / f'bench-{tenders or 0}.sqlite'}", "sqlite"


def loaded_marker(data: Path, database_url: str, tenders: int) -> Path:
    """The file that says this database holds the loaded board: written once loading succeeded."""
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:12]
    return data / f"loaded-{tenders}-{digest}.txt"


def app_env(database_url: str) -> dict[str, str]:
    """Environment for the flask commands and both servers."""
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["TENDER_BOARD_SECRET_KEY"] = secrets.token_hex(32)
    return env


def run_step(
    description: str, command: list[str], env: dict[str, str], timeout: float, log_path: Path
) -> float:
    """Run a preparation command from the repo root; its duration in seconds."""
    log(f"{description}: {' '.join(command[1:])}")
    started = time.monotonic()
    with log_path.open("wb") as output:
        try:
            completed = subprocess.run(  # noqa: S603
                command,
                cwd=REPO_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise BenchError(f"{description} did not finish within {timeout} s") from None
    if completed.returncode != 0:
        output_tail = tail(log_path.read_text(errors="replace"), 30)
        raise BenchError(f"{description} failed (exit {completed.returncode}):\n{output_tail}")
    return time.monotonic() - started


def prepare_data(env: dict[str, str], tenders: int, load_timeout: float, tmp: Path) -> Loading:
    """Create the schema, load synthetic tenders and compute their oversight flags; how long."""
    flask = [sys.executable, "-m", "flask", "--app", "tender_board"]
    migrate_s = run_step(
        "migrating", flask + ["db", "upgrade"], env, MIGRATE_TIMEOUT_S, tmp / "db-upgrade.log"
    )
    demo_s = run_step(
        "loading",
        flask + ["demo", "--synthetic", str(tenders)],
        env,
        load_timeout,
        tmp / "demo.log",
    )
    # The indicators read compiled releases, whose links need a public address: any will do
    # here, and only this command sees it (the servers answer on 127.0.0.1 and a free port).
    flags_s = run_step(
        "computing the oversight flags",
        flask + ["oversight", "refresh"],
        {**env, "TENDER_BOARD_PUBLIC_URL": "http://127.0.0.1"},
        load_timeout,
        tmp / "oversight.log",
    )
    log(
        f"loaded {tenders} tenders in {migrate_s + demo_s:.1f} s "
        f"(db upgrade {migrate_s:.1f} s, demo {demo_s:.1f} s); oversight flags in {flags_s:.1f} s"
    )
    return Loading(migrate_s + demo_s, flags_s)


class Loading(NamedTuple):
    """How long preparing the data took, in seconds (None: an earlier run's data was reused)."""

    load_s: float | None
    flags_s: float | None = None
    reused_from: str | None = None

    def describe(self) -> str:
        if self.reused_from:
            return f"reused from {self.reused_from} (loaded by an earlier run)"
        flags = f", oversight flags computed in {self.flags_s:.1f} s" if self.flags_s is not None else ""
        return f"loaded in {number(self.load_s, '.1f')} s{flags}"


def prepare_or_reuse(args: argparse.Namespace, env: dict[str, str], database_url: str, tmp: Path) -> Loading:
    """Load the board, or with ``--data`` reuse the one an earlier run loaded there."""
    if args.data is None:
        return prepare_data(env, args.tenders, args.load_timeout, tmp)
    args.data.mkdir(parents=True, exist_ok=True)
    marker = loaded_marker(args.data, database_url, args.tenders)
    if marker.exists():
        log(f"reusing the {args.tenders} tenders loaded earlier ({marker.name})")
        flask = [sys.executable, "-m", "flask", "--app", "tender_board"]
        run_step("migrating", flask + ["db", "upgrade"], env, MIGRATE_TIMEOUT_S, tmp / "db-upgrade.log")
        return Loading(None, None, str(args.data))
    if database_url.startswith("sqlite:///"):  # a half-loaded file from an interrupted run
        for suffix in ("", "-wal", "-shm"):
            Path(database_url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    loading = prepare_data(env, args.tenders, args.load_timeout, tmp)
    marker.write_text(f"{args.tenders} tenders, {loading.describe()}\n", encoding="utf-8")
    return loading


# --------------------------------------------------------------------------
# Benchmark and report
# --------------------------------------------------------------------------


@dataclass
class Row:
    """One scenario's figures, with the hello world run closest in time."""

    scenario: Scenario
    result: WrkResult
    hello: WrkResult | None = None

    @property
    def ratio(self) -> float | None:
        """Requests/sec relative to hello world's."""
        rps = self.result.requests_per_sec if self.result.measured else None
        hello_rps = self.hello.requests_per_sec if self.hello and self.hello.measured else None
        return rps / hello_rps if rps is not None and hello_rps else None


def closest_in_time(run: WrkResult, candidates: list[WrkResult]) -> WrkResult | None:
    """The measured candidate whose midpoint is nearest ``run``'s (earliest on ties)."""
    measured = [candidate for candidate in candidates if candidate.measured]
    if not measured:
        return None
    return min(measured, key=lambda candidate: abs(candidate.midpoint - run.midpoint))


def benchmark(
    scenarios: list[Scenario], app: Server, hello: Server, settings: WrkSettings,
    before: Callable[[Scenario], object] | None = None,
) -> tuple[list[Row], list[WrkResult]]:
    """Alternate hello world and scenario runs (each after `before(scenario)`, if given); rows and
    all the hello runs."""
    rows: list[Row] = []
    hellos: list[WrkResult] = []
    for index, scenario in enumerate(scenarios, 1):
        if before is not None:
            before(scenario)
        log(f"[{index}/{len(scenarios)}] hello world")
        hellos.append(run_wrk(settings, hello.base_url + "/", {}))
        if scenario.paths_file:
            first = Path(scenario.paths_file).read_text(encoding="utf-8").split("\n", 1)[0]
            status = status_of(app.base_url + first, scenario.headers, HTTP_TIMEOUT_S)
            url = app.base_url + "/"
        else:
            url = app.base_url + scenario.path
            status = status_of(url, scenario.headers, HTTP_TIMEOUT_S)  # a sanity check, and warm-up
        log(f"[{index}/{len(scenarios)}] {scenario.name}: {scenario.path} (one GET: {status})")
        result = run_wrk(settings, url, scenario.headers, scenario.paths_file)
        rows.append(Row(scenario, result))
    for row in rows:
        row.hello = closest_in_time(row.result, hellos)
    return rows, hellos


@dataclass
class Report:
    """Everything the Markdown report shows."""

    started_at: dt.datetime
    database: str
    tenders: int | None
    loading: Loading | None
    settings: WrkSettings
    gunicorn_options: list[str]
    rows: list[Row]
    hellos: list[WrkResult]
    memory_mib: dict[str, float | None]
    notes: list[str]
    distinct: list[Row] = field(default_factory=list)  # distinct addresses, quiet, the store empty at first
    warm: list[Row] = field(default_factory=list)  # the same, each address read once before
    warm_up: str | None = None  # how the store was filled for the steady state
    busy: list[Row] = field(default_factory=list)  # the steady state again, while staff publish
    writers: str | None = None  # four writers flat out
    proxied: list[str] = field(default_factory=list)  # repeated reads through nginx, table lines


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def number(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def table_row(row: Row) -> str:
    scenario, result = row.scenario, row.result
    path = scenario.path + "".join(f" [{name}]" for name in scenario.headers)
    cells = [
        scenario.name,
        f"`{path}`",
        number(result.requests_per_sec, ".1f"),
        number(result.p50_ms, ".2f"),
        number(result.p99_ms, ".2f"),
        number(row.ratio, ".3g"),
        f"**{result.error_summary()}**" if result.error_summary() else "none",
    ]
    return "| " + " | ".join(cell(text) for text in cells) + " |"


def hello_summary(hellos: list[WrkResult]) -> str:
    figures = [run.requests_per_sec for run in hellos if run.measured and run.requests_per_sec]
    if not figures:
        return "Hello world: no successful run."
    text = (
        f"Hello world: {statistics.median(figures):.1f} req/s (median of {len(figures)} "
        f"runs, min {min(figures):.1f}, max {max(figures):.1f})"
    )
    errors = [run.error_summary() for run in hellos if run.error_summary()]
    if errors:
        text += f"; problems: {'; '.join(errors)}"
    return text + "."


def memory_summary(memory_mib: dict[str, float | None]) -> str:
    parts = [f"{name} {number(mib, '.1f')} MiB" for name, mib in memory_mib.items()]
    return "Memory (VmRSS of gunicorn master + workers, at the end): " + ", ".join(parts) + "."


def render_header(report: Report) -> list[str]:
    settings = report.settings
    if report.tenders is None:
        data = "none (self-test: hello world served as the app)"
    else:
        data = f"{report.tenders} synthetic tenders, {report.loading.describe()}"
    gunicorn = " ".join([f"-w {GUNICORN_WORKERS}", *report.gunicorn_options])
    timeout = f", timeout {settings.timeout} s" if settings.timeout else ""
    return [
        f"# Tender Board benchmark, {report.started_at:%Y-%m-%d %H:%M} UTC",
        "",
        f"- database: {report.database}; data: {data}",
        f"- wrk: {settings.threads} threads, {settings.connections} connections, "
        f"{settings.duration} s per run{timeout}",
        f"- gunicorn: {gunicorn} (sync workers), the same for the app and hello world",
        f"- machine: {platform.node()}, {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        f"- code: {git_description()}",
        f"- reproduce: `{reproduce_command()}` from the repository root at that commit",
    ]


def reproduce_command() -> str:
    """This run's command line, any password in a database URL hidden."""
    words = ["python", "bench/run.py", *sys.argv[1:]]
    return " ".join(re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", word) for word in words)


TABLE_HEAD = ["| scenario | path | req/s | p50 ms | p99 ms | ratio to hello | errors |",
              "|---|---|---:|---:|---:|---:|---|"]


def busy_table(report: Report) -> list[str]:
    quiet = {row.scenario.name: row for row in (report.warm or report.distinct)}
    lines = ["| scenario | req/s | ratio to hello | share of the quiet figure | errors |", "|---|---:|---:|---:|---|"]
    for row in report.busy:
        before = quiet.get(row.scenario.name)
        share = (row.result.requests_per_sec / before.result.requests_per_sec
                 if before and before.result.measured and row.result.measured else None)
        errors = row.result.failure or (f"{row.result.non_2xx_3xx} non-2xx/3xx" if row.result.non_2xx_3xx else "")
        lines.append(f"| {cell(row.scenario.name)} | {number(row.result.requests_per_sec, ',.0f')} | "
                     f"{number(row.ratio, '.3f')} | {number(share, '.0%')} | {cell(errors)} |")
    return lines


def render(report: Report) -> str:
    """The report as Markdown."""
    lines = render_header(report)
    if report.distinct:
        lines += ["", "### Distinct addresses, first reads (each request picked at random from the list; "
                  "the rendered-page store emptied before the first scenario)", "",
                  *TABLE_HEAD, *(table_row(row) for row in report.distinct)]
    if report.warm:
        lines += ["", "### Distinct addresses, steady state (every address read once before: each page "
                  "rendered once since it last changed)", "", f"Warm-up: {report.warm_up}", "",
                  *TABLE_HEAD, *(table_row(row) for row in report.warm)]
    if report.busy:
        quiet = "steady-state" if report.warm else "quiet"
        lines += ["", f"### The {quiet} distinct addresses while staff publish one notice a second", "",
                  *busy_table(report)]
    if report.writers:
        lines += ["", f"Four writers publishing flat out: {report.writers}"]
    if report.proxied:
        lines += ["", "### One address repeated, through nginx as deploy/nginx.conf configures it", "",
                  *report.proxied]
    lines += [
        "",
        "### One address repeated" if report.distinct else "",
        "",
        *TABLE_HEAD,
        *(table_row(row) for row in report.rows),
        "",
        hello_summary(report.hellos),
        "",
        memory_summary(report.memory_mib),
    ]
    if report.notes:
        lines += ["", "Notes:", *(f"- {note}" for note in report.notes)]
    return "\n".join(lines) + "\n"


def write_results(markdown: str, started_at: dt.datetime, label: str) -> Path:
    """Save the report as bench/results/<UTC timestamp>-<label>.md."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{started_at:%Y%m%dT%H%M%SZ}-{label}.md"
    path.write_text(markdown, encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def log(message: str) -> None:
    """Progress goes to stderr, so that stdout holds just the report."""
    print(message, file=sys.stderr, flush=True)


def tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def last_line(text: str) -> str:
    return tail(text, 1) or "(no message)"


def run_quietly(command: list[str]) -> str:
    """stdout of a short command run from the repo root, or "" if it fails."""
    try:
        completed = subprocess.run(  # noqa: S603
            command,
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=SMALL_COMMAND_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return completed.stdout if completed.returncode == 0 else ""


def git_description() -> str:
    """Current commit, and whether the working tree has changes."""
    commit = run_quietly(["git", "rev-parse", "--short", "HEAD"]).strip() or "no commit"
    dirty = run_quietly(["git", "status", "--porcelain", "--untracked-files=no"]).strip()
    return commit + (" + uncommitted changes" if dirty else "")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark Tender Board against a Flask hello world served the same way."
    )
    parser.add_argument(
        "--tenders",
        type=positive_int,
        metavar="N",
        help="synthetic tenders to load (default: 100000; 2000 with --quick)",
    )
    parser.add_argument(
        "--duration",
        type=positive_int,
        metavar="SECONDS",
        help="length of each wrk run (default: 10)",
    )
    parser.add_argument(
        "--connections",
        type=positive_int,
        default=8,
        metavar="C",
        help="wrk connections (default: %(default)s)",
    )
    parser.add_argument(
        "--threads",
        type=positive_int,
        default=2,
        metavar="T",
        help="wrk threads (default: %(default)s)",
    )
    parser.add_argument(
        "--wrk-timeout",
        type=positive_int,
        metavar="SECONDS",
        help="wrk's per-request timeout (default: wrk's own, 2 s)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="PostgreSQL database to fill and use (default: $DATABASE_URL "
        "if PostgreSQL, else a temporary SQLite file)",
    )
    parser.add_argument(
        "--load-timeout",
        type=positive_int,
        default=3600,
        metavar="SECONDS",
        help="limit for loading the tenders (default: %(default)s)",
    )
    parser.add_argument(
        "--paths-file",
        type=Path,
        metavar="F",
        help="scenarios to run instead of the defaults, one 'name<TAB>path' a line",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only this scenario (repeatable)",
    )
    parser.add_argument("--repeated-only", action="store_true",
                        help="only the one-address-repeated scenarios (the old, cache-friendly figures)")
    parser.add_argument("--no-writer", dest="writer", action="store_false",
                        help="skip the runs with staff publishing")
    parser.add_argument("--data", type=Path, metavar="DIR",
                        help="keep the loaded database in DIR and reuse it in later runs with the same "
                        "--tenders (and database) instead of loading again")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke test: 2,000 tenders, 2 s runs, no writers (unless given otherwise)")
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.connections < args.threads:
        parser.error("--connections must be at least --threads")
    if args.quick:
        args.tenders = args.tenders or QUICK_TENDERS
        args.duration = args.duration or 2
        args.writer = False
    args.tenders = args.tenders or 100_000
    args.duration = args.duration or (2 if args.self_test else 10)
    return args


def chosen_scenarios(args: argparse.Namespace) -> list[Scenario]:
    if args.paths_file:
        scenarios = read_paths_file(args.paths_file)
    else:
        scenarios = SELF_TEST_SCENARIOS if args.self_test else SCENARIOS
    return select_scenarios(scenarios, args.only)


def start_servers(
    app_target: str,
    options: list[str],
    env: dict[str, str],
    tmp: Path,
    cleanup: contextlib.ExitStack,
) -> tuple[Server, Server]:
    """Start the app and hello world, each stopped when ``cleanup`` unwinds."""
    servers = []
    for name, target in (("app", app_target), ("hello", HELLO_TARGET)):
        server = start_server(name, target, options, env, tmp)
        cleanup.callback(stop_server, server)
        servers.append(server)
    log(f"waiting for the servers: {', '.join(server.base_url for server in servers)}")
    wait_until_ready(servers, READY_TIMEOUT_S)
    return servers[0], servers[1]


def measure(
    scenarios: list[Scenario], app: Server, hello: Server, settings: WrkSettings
) -> tuple[list[Row], list[WrkResult], list[str], dict[str, float | None]]:
    """Rows, hello world runs, notes and memory use of the servers."""
    resolved, notes = resolve_all(scenarios, Fetcher(app.base_url))
    rows, hellos = benchmark(resolved, app, hello, settings)
    memory = {"Tender Board": server_rss_mib(app), "its largest worker": largest_worker_rss_mib(app),
              "hello world": server_rss_mib(hello)}
    if any(row.result.non_2xx_3xx for row in rows):
        log(f"some responses were errors; end of the app's log:\n{app.log_tail()}")
    return rows, hellos, notes, memory


def write_addresses(env: dict[str, str], tmp: Path) -> list[Scenario]:
    """Distinct-address scenarios, their paths read from the loaded database (bench/addresses.py)."""
    folder = tmp / "addresses"
    command = [sys.executable, "-m", "bench.addresses", str(folder)]
    run_step("listing distinct addresses", command, env, MIGRATE_TIMEOUT_S, tmp / "addresses.log")
    scenarios = []
    for line in (tmp / "addresses.log").read_text(encoding="utf-8").splitlines():
        name, _, count = line.partition("\t")
        if count.isdigit() and int(count):
            path = folder / f"{name.replace(' ', '-')}.txt"
            scenarios.append(Scenario(f"distinct {name}", f"{int(count):,} addresses", {}, str(path)))
    return scenarios


def clear_store(env: dict[str, str], tmp: Path) -> None:
    """Empty the rendered-page store, so that the first pass reads pages no one has read yet."""
    command = [sys.executable, "-m", "flask", "--app", "tender_board", "pages", "clear"]
    run_step("emptying the rendered-page store", command, env, MIGRATE_TIMEOUT_S, tmp / "pages-clear.log")


def warm_up(scenarios: list[Scenario], app: Server, threads: int = 4) -> str:
    """Read every distinct address once, as readers over time would: what the steady state is."""
    paths = [line for scenario in scenarios
             for line in Path(scenario.paths_file).read_text(encoding="utf-8").splitlines() if line]
    log(f"reading each of the {len(paths):,} distinct addresses once")
    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        statuses = list(pool.map(lambda path: status_of(app.base_url + path, {}, HTTP_TIMEOUT_S), paths))
    seconds = time.monotonic() - started
    failed = sum(1 for status in statuses if status is None or status >= 400)
    return (f"{len(paths):,} addresses read once each with {threads} threads in {seconds:.0f} s "
            f"({len(paths) / seconds:.0f} req/s, first reads in every scenario together); {failed} not 2xx/3xx")


def writer_command(seconds: float, rate: float, processes: int) -> list[str]:
    return [sys.executable, "-m", "bench.writer", "--seconds", str(seconds), "--rate", str(rate),
            "--processes", str(processes)]


def while_publishing(scenarios: list[Scenario], app: Server, hello: Server, settings: WrkSettings,
                     env: dict[str, str], tmp: Path) -> list[Row]:
    """The distinct scenarios again, with staff publishing one notice a second meanwhile."""
    seconds = (settings.duration + 3) * len(scenarios) * 2 + 30
    log_path = tmp / "writer.log"
    with log_path.open("wb") as output:
        writer = subprocess.Popen(writer_command(seconds, 1, 1), cwd=REPO_ROOT, env=env,  # noqa: S603
                                  stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
        try:
            time.sleep(3)  # the writer's first publication
            # Each scenario's addresses read once just before its run, as before the quiet steady
            # state: a list a publication outdates stays 30 to 60 s, so a run that came a minute
            # after the last reads of its addresses would measure first reads instead.
            rows, _ = benchmark(scenarios, app, hello, settings, before=lambda scenario: warm_up([scenario], app))
        finally:
            writer.terminate()
            writer.wait(timeout=STOP_TIMEOUT_S)
    errors = [line for line in log_path.read_text(errors="replace").splitlines() if line.startswith("error")]
    if errors:
        log(f"the writer failed {len(errors)} times while readers read, e.g. {errors[0]}")
    return rows


def run_writers(env: dict[str, str], tmp: Path) -> str:
    """Four processes publishing as fast as they can for 10 s: notices a second and errors."""
    log_path = tmp / "writers.log"
    try:
        run_step("four writers flat out", writer_command(10, 0, 4), env, 120, log_path)
    except BenchError as error:
        return f"failed: {last_line(str(error))}"
    return last_line(log_path.read_text(errors="replace"))


PROXIED = ["/tenders/{reference}", "/tenders?lang=en", "/tenders/{reference}/notices/1?lang=en"]


def through_nginx(app: Server, settings: WrkSettings, tmp: Path) -> list[str]:
    """Repeated reads of pages through nginx configured as deploy/nginx.conf, each against nginx
    serving a static file of the same size in the same run: the report's table lines."""
    executable = proxy.find_nginx()
    if executable is None:
        return ["nginx is not installed (apt-get install nginx-light): not measured."]
    lines = ["| page through nginx | bytes | req/s | static file, same size, req/s | ratio | cache |",
             "|---|---:|---:|---:|---:|---|"]
    fetcher = Fetcher(app.base_url)
    server = proxy.Nginx(executable, tmp / "nginx", app.port)
    try:
        for template in PROXIED:
            try:
                path = fill_in(template, fetcher, template, quote=True)
            except (LookupError, OSError) as error:
                lines.append(f"| `{template}` | — | — | — | — | {cell(str(error))} |")
                continue
            static, size = server.same_size_file(path)
            status = server.cache_status(path)
            page = run_wrk(settings, server.base_url + path, {})
            plain = run_wrk(settings, server.base_url + static, {})
            ratio = (page.requests_per_sec / plain.requests_per_sec
                     if page.measured and plain.measured and plain.requests_per_sec else None)
            errors = "; ".join(filter(None, (page.error_summary(), plain.error_summary())))
            lines.append(f"| `{path}` | {size:,} | {number(page.requests_per_sec, ',.0f')} | "
                         f"{number(plain.requests_per_sec, ',.0f')} | {number(ratio, '.2f')} | "
                         f"{cell(status + ('; ' + errors if errors else ''))} |")
    finally:
        server.stop()
    return lines


def publish(report: Report, label: str) -> None:
    """Print the report and save it under bench/results/."""
    markdown = render(report)
    print(markdown)
    path = write_results(markdown, report.started_at, label)
    log(f"written to {path.relative_to(REPO_ROOT)}")


def run(args: argparse.Namespace) -> int:
    """The whole benchmark; servers and temporary files are cleaned up whatever happens."""
    started_at = dt.datetime.now(dt.UTC)
    settings = WrkSettings(
        find_wrk(), args.duration, args.connections, args.threads, args.wrk_timeout
    )
    scenarios = chosen_scenarios(args)
    options = gunicorn_options()
    with contextlib.ExitStack() as cleanup:  # unwinds last in, first out
        tmp = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="tender-bench-")))
        database_url, database = choose_database(
            args.database_url or os.environ.get("DATABASE_URL"), tmp, args.data, args.tenders
        )
        env = app_env(database_url)
        tenders = None if args.self_test else args.tenders
        loading = prepare_or_reuse(args, env, database_url, tmp) if tenders else None
        app_target = HELLO_TARGET if args.self_test else APP_TARGET
        app, hello = start_servers(app_target, options, env, tmp, cleanup)
        distinct, warm, warmed, busy, writers = [], [], None, [], None
        if not args.self_test and not args.repeated_only:
            distinct_scenarios = write_addresses(env, tmp)
            clear_store(env, tmp)
            distinct, _ = benchmark(distinct_scenarios, app, hello, settings)
            warmed = warm_up(distinct_scenarios, app)
            warm, _ = benchmark(distinct_scenarios, app, hello, settings)
            if args.writer:
                busy = while_publishing(distinct_scenarios, app, hello, settings, env, tmp)
        rows, hellos, notes, memory = measure(scenarios, app, hello, settings)
        proxied = [] if args.self_test else through_nginx(app, settings, tmp)
        if args.writer and not args.self_test:
            writers = run_writers(env, tmp)
    if args.self_test:
        database = "none"
    report = Report(
        started_at, database, tenders, loading, settings, options, rows, hellos, memory, notes,
        distinct, warm, warmed, busy, writers, proxied,
    )
    publish(report, "selftest" if args.self_test else database)
    return 0


def exit_on_sigterm(signum: int, frame: object) -> None:
    """Turn SIGTERM into SystemExit, so that cleanup runs."""
    log("terminated; stopping the servers and removing temporary files")
    sys.exit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    try:
        return run(args)
    except BenchError as exc:
        log(f"error: {exc}")
        return 1
    except KeyboardInterrupt:
        log("interrupted; servers stopped, temporary files removed")
        return 130


if __name__ == "__main__":
    sys.exit(main())
