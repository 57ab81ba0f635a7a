"""Page and API throughput at scale, as ratios to /livez: `make bench`.

    make bench                                   # 100,000 events, SQLite
    EVENTS=1000000 make bench                    # a million (built once)
    DATABASE_URL=postgres://…/accords_bench make bench   # SQLite, then PostgreSQL
    EVENTS=2000 ROUNDS=1 DURATION=1 PATHS=events,API events make bench   # a quick look

Builds a database of the seed data plus EVENTS synthetic events (with their
officials, countries, citations and photos: `manage.py generate_synthetic`)
once per size and set of migrations, and keeps it for the next run: a SQLite
file under ~/.cache/accords-bench (or $XDG_CACHE_HOME), and, when
DATABASE_URL names PostgreSQL, a database on that server named after it with
"_bench" appended (unless its name already ends so), which the benchmark
drops and rebuilds at will: never the site's own database.

Each database is served twice by gunicorn (2 workers, DEBUG off, as `make
run`): cold, with caching off (DJANGO_CACHE_URL=dummycache://), and cached
(BENCH_CACHE_URL, else DJANGO_CACHE_URL unless that turns caching off, else
the default local-memory cache). Each round measures /livez, every path, then
/livez again; a path's ratio is its requests per second over the mean of the
two /livez runs around it, and the table gives the median over the rounds.
Ratios stay steady while the machine's other load moves raw req/s. The SQL
statements are counted in-process (scripts/bench_probe.py) on a request after
a first, warming one. Drives wrk, or a small threaded Python client when wrk
is missing (the report says which).

Settings (environment): EVENTS (100000), ROUNDS (3), DURATION seconds per
run (2), PATHS (labels or paths, comma-separated; all by default), DB
(sqlite, postgres or both; both when DATABASE_URL names PostgreSQL),
CONNECTIONS (4: two per worker, so latencies are service times rather than
queueing), BENCH_OUTPUT (docs/bench.md), BENCH_CLIENT=python.
"""

import hashlib
import http.client
import json
import math
import os
import platform
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASELINE = "/livez"
WORKERS = 2
PORTS = range(8340, 8350)
MODES = ("cold", "cached")

# What issue 13 asks, as ratios to /livez with caching off; "deep" pages
# within 20 % of their first page; every cached path at 0.8 or more.
COLD_TARGETS = {
    "events": 0.12,
    "event": 0.2,
    "API events": 0.15,
    "API event": 0.25,
    "search": 0.05,
}
DEEP_OF = {"events, deep": "events", "API events, deep": "API events"}
DEEP_SHARE = 0.8
CACHED_TARGET = 0.8
# At most 4 SQL statements per page and 2 per API list.
QUERY_BUDGETS = {"API event": None}
API_LIST_BUDGET = 2
PAGE_BUDGET = 4


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def whole_number(names: tuple[str, ...], default: int, low: int, high: int) -> int:
    for name in names:
        value = os.environ.get(name, "").replace("_", "")
        if value:
            try:
                return min(max(int(value), low), high)
            except ValueError:
                sys.exit(f"{name} must be a whole number, not {value!r}.")
    return default


# Preparing a database --------------------------------------------------------


def data_key(events: int) -> str:
    """Changes with the size, the seed and the generator: whatever makes a
    generated database out of date. A new migration does not: a database
    kept is migrated forward before each run, as a deployed one is."""
    digest = hashlib.sha256(str(events).encode())
    files = sorted(ROOT.glob("seed/*"))
    files += [
        ROOT / "events/management/commands/generate_synthetic.py",
        ROOT / "events/management/commands/load_seed.py",
    ]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return f"{events}-{digest.hexdigest()[:12]}"


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(base) / "accords-bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def bench_database_url(url: str) -> str:
    """The site's PostgreSQL URL with its database name given "_bench"."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "accords"
    if not name.endswith("_bench"):
        name += "_bench"
    return urlunsplit(parts._replace(path=f"/{name}"))


def site_env(database_url: str, folder: Path, **extra: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": "bench-"
        + hashlib.sha256(str(folder).encode()).hexdigest(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(cache_folder() / "static"),
        # Measure the API, not its anonymous rate limit.
        "DJANGO_API_ANON_RATE": "1000000/s",
        **extra,
    }
    return env


def manage(env: dict, *args: str) -> str:
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
    )
    if completed.returncode != 0:
        log(completed.stdout[-3000:] + completed.stderr[-3000:])
        sys.exit(f"manage.py {' '.join(args)} failed; see above.")
    return completed.stdout


def fill(env: dict, events: int) -> None:
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_seed")
    log(f"# generating {events:,} synthetic events …")
    manage(env, "generate_synthetic", "--events", str(events))
    log(f"# database built in {time.monotonic() - started:.0f} s")


def sqlite_database(events: int) -> tuple[str, Path]:
    """A SQLite file with ``events`` events, built unless already there."""
    key = data_key(events)
    folder = cache_folder() / f"sqlite-{key}"
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    if (folder / "ready").exists():
        log(f"# reusing {folder}")
        manage(site_env(url, folder), "migrate", "--noinput", "--verbosity", "0")
        return url, folder
    for stale in cache_folder().glob(f"sqlite-{events}-*"):
        shutil.rmtree(stale)
    folder.mkdir(parents=True)
    fill(site_env(url, folder), events)
    with sqlite3.connect(folder / "db.sqlite3") as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (folder / "ready").write_text(key)
    return url, folder


def postgres_database(site_url: str, events: int) -> tuple[str, Path]:
    """The bench database on the server of ``site_url``, rebuilt when its
    size or the migrations changed since it was built."""
    import psycopg

    url = bench_database_url(site_url)
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    key = f"{data_key(events)} {parts.hostname}:{parts.port}"
    folder = cache_folder() / f"postgres-{name}"
    marker = folder / "ready"
    if marker.exists() and marker.read_text() == key:
        log(f"# reusing the PostgreSQL database {name}")
        manage(site_env(url, folder), "migrate", "--noinput", "--verbosity", "0")
        return url, folder
    log(f"# (re)creating the PostgreSQL database {name}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    fill(site_env(url, folder), events)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")  # as autovacuum would, in time
    marker.write_text(key)
    return url, folder


# Serving ---------------------------------------------------------------------


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    sys.exit(f"No free port in {PORTS.start}-{PORTS.stop - 1}.")


def status_of(url: str) -> int | str:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(
            "GET", parts.path + (f"?{parts.query}" if parts.query else "")
        )
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError as error:
        return f"error: {error}"
    finally:
        connection.close()


def start_server(env: dict, port: int, logfile) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "accordsite.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
            # gunicorn's control socket sits at one path per user by default:
            # other servers on the machine would take it over.
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped while starting; see {logfile.name}.")
        if status_of(f"http://127.0.0.1:{port}{BASELINE}") == 200:
            return server
        time.sleep(0.3)
    stop_server(server)
    sys.exit(f"gunicorn did not answer {BASELINE} within 60 s.")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# Measuring -------------------------------------------------------------------


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int = 0


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def milliseconds(text: str) -> float:
    number = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    return float(number) * UNITS_MS[text[len(number) :]]


def open_connections(port: int) -> int | None:
    """Server-side TCP connections on ``port`` not yet closed (Linux only).

    A request wrk gave up on stays in CLOSE_WAIT until a worker answers it.
    """
    local = f":{port:04X}"
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            return None
        for line in lines:
            fields = line.split()
            # 0A listening, 06 TIME_WAIT, 07 closed: nothing left to serve.
            if fields[1].endswith(local) and fields[3] not in ("0A", "06", "07"):
                count += 1
    return count


def drain(port: int, timeout: float) -> tuple[int, float]:
    """Wait until the server has answered every request sent to it; returns
    how many were still pending and how long they took."""
    started = time.monotonic()
    pending = open_connections(port)
    if pending is None:
        time.sleep(5)  # no /proc: a fixed pause is the best guess
        return 0, 0.0
    while time.monotonic() - started < timeout and open_connections(port):
        time.sleep(0.02)
    return pending, time.monotonic() - started


class Client:
    def __init__(self, base: str, connections: int):
        self.base = base
        self.port = int(base.rsplit(":", 1)[1])
        self.connections = connections
        self.wrk = shutil.which("wrk") and os.environ.get("BENCH_CLIENT") != "python"
        self.name = (
            f"wrk, {connections} connections"
            if self.wrk
            else f"a threaded Python client ({connections} threads; wrk was "
            "not found: figures are lower and noisier than wrk's)"
        )

    def run(self, path: str, seconds: float) -> Run:
        return (
            self.wrk_run(path, seconds) if self.wrk else self.python_run(path, seconds)
        )

    def wrk_run(self, path: str, seconds: float) -> Run:
        completed = subprocess.run(
            ["wrk", "-t1", f"-c{self.connections}", f"-d{seconds}s"]
            + ["--timeout", "30s", "--latency", self.base + path],
            text=True,
            capture_output=True,
            timeout=seconds + 60,
        )
        done, elapsed, p50, p99, errors = 0, float(seconds), math.nan, math.nan, 0
        for line in completed.stdout.splitlines():
            words = line.split()
            if "requests in" in line:
                done, elapsed = int(words[0]), milliseconds(words[3].rstrip(",")) / 1000
            elif words[:1] == ["50%"]:
                p50 = milliseconds(words[1])
            elif words[:1] == ["99%"]:
                p99 = milliseconds(words[1])
            elif "Non-2xx or 3xx responses:" in line:
                errors += int(words[-1])
            elif line.strip().startswith("Socket errors:"):
                errors += sum(
                    int(n.strip(",")) for n in words if n.strip(",").isdigit()
                )
        # wrk stops at the deadline while the server still works through the
        # requests in flight. Wait for them (they would slow the next run) and
        # count them: on a page slower than a run, wrk alone would see 0 req/s.
        pending, tail = drain(self.port, max(60.0, 30.0 * self.connections))
        if not done:
            p50 = p99 = math.nan
        return Run((done + pending) / (elapsed + tail), p50, p99, errors)

    def python_run(self, path: str, seconds: float) -> Run:
        """Keep-alive clients in threads; each finishes its request before it
        stops, so nothing is left in flight for the next run."""
        stop = time.monotonic() + seconds
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()

        def client() -> None:
            def connect() -> http.client.HTTPConnection:
                return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

            connection, mine, failed = connect(), [], 0
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    failed += response.status >= 400
                except (OSError, http.client.HTTPException):
                    failed += 1
                    connection.close()
                    connection = connect()
                    continue
                mine.append(time.perf_counter() - started)
            connection.close()
            with lock:
                latencies.extend(mine)
                errors[0] += failed

        started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(self.connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        latencies.sort()

        def quantile(q: float) -> float:
            if not latencies:
                return math.nan
            return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

        return Run(len(latencies) / elapsed, quantile(0.5), quantile(0.99), errors[0])


def median(values) -> float:
    known = [v for v in values if v is not None and not math.isnan(v)]
    return statistics.median(known) if known else math.nan


def measure(client: Client, paths: dict[str, str], rounds: int, seconds: float):
    """Per label: median ratio to /livez, p50, p99, errors; and /livez's req/s."""
    for path in [BASELINE, *paths.values()]:
        client.run(path, 1)  # warm-up: each worker's caches and connections
    runs: dict[str, list[Run]] = {label: [] for label in paths}
    ratios: dict[str, list[float]] = {label: [] for label in paths}
    baseline: list[float] = []
    for number in range(1, rounds + 1):
        before = client.run(BASELINE, seconds).rps
        measured = {label: client.run(path, seconds) for label, path in paths.items()}
        after = client.run(BASELINE, seconds).rps
        baseline += [before, after]
        for label, run in measured.items():
            runs[label].append(run)
            ratios[label].append(run.rps / ((before + after) / 2))
        log(
            f"#   round {number}/{rounds}: /livez {before:.0f}-{after:.0f} req/s; "
            + ", ".join(f"{label} {r[-1]:.3f}" for label, r in ratios.items())
        )
    results = {
        label: {
            "ratio": median(ratios[label]),
            "rps": median(r.rps for r in runs[label]),
            "p50": median(r.p50_ms for r in runs[label]),
            "p99": median(r.p99_ms for r in runs[label]),
            "errors": sum(r.errors for r in runs[label]),
        }
        for label in paths
    }
    return results, median(baseline)


def probe(env: dict, paths: dict[str, str] | None = None) -> dict[str, dict]:
    extra = {"BENCH_PROBE_PATHS": json.dumps(paths)} if paths else {}
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_probe.py")],
        cwd=ROOT,
        env={**env, **extra},
        text=True,
        capture_output=True,
    )
    if completed.returncode != 0:
        log(completed.stderr[-3000:])
        sys.exit("scripts/bench_probe.py failed; see above.")
    return json.loads(completed.stdout)


def pick(paths: dict[str, str], wanted: str) -> dict[str, str]:
    """The paths whose label or path PATHS names (all when it is empty)."""
    names = [w.strip().lower() for w in wanted.split(",") if w.strip()]
    if not names:
        return paths
    chosen = {
        label: path
        for label, path in paths.items()
        if label.lower() in names or path.lower() in names
    }
    if not chosen:
        sys.exit(f"PATHS names none of: {', '.join(paths)}.")
    return chosen


@dataclass
class Database:
    """One database's figures, as the report shows them."""

    name: str
    rows: list[dict] = field(default_factory=list)
    livez: dict[str, float] = field(default_factory=dict)


def database_name(url: str) -> str:
    if url.startswith("sqlite"):
        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(url) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version.split()[0]}"


def cached_url() -> str:
    for name in ("BENCH_CACHE_URL", "DJANGO_CACHE_URL"):
        url = os.environ.get(name, "")
        if url and not url.startswith("dummycache"):
            return url
    return "locmemcache://"


def bench_database(url: str, folder: Path, settings: dict) -> Database:
    result = Database(database_name(url))
    cache = cached_url()
    envs = {
        "cold": site_env(url, folder, DJANGO_CACHE_URL="dummycache://"),
        "cached": site_env(url, folder, DJANGO_CACHE_URL=cache),
    }
    manage(envs["cold"], "collectstatic", "--noinput", "--verbosity", "0")
    log(f"# {result.name}: choosing the paths and counting their SQL statements")
    cold_probe = probe(envs["cold"])
    paths = pick(
        {label: p["path"] for label, p in cold_probe.items()}, settings["paths"]
    )
    probes = {"cold": cold_probe, "cached": probe(envs["cached"], paths)}
    rows = {
        label: {"label": label, "path": path, "status": {}, "queries": {}}
        for label, path in paths.items()
    }
    for mode in MODES:
        for label in paths:
            rows[label]["status"][mode] = probes[mode][label]["status"]
            rows[label]["queries"][mode] = probes[mode][label]["queries"]
        answering = {
            label: path
            for label, path in paths.items()
            if rows[label]["status"][mode] == 200
        }
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with open(folder / f"gunicorn-{mode}.log", "w") as server_log:
            server = start_server(envs[mode], port, server_log)
            try:
                client = Client(base, settings["connections"])
                settings["client"] = client.name
                log(f"# {result.name}, {mode}: {len(answering)} paths, {client.name}")
                measured, livez = measure(
                    client, answering, settings["rounds"], settings["duration"]
                )
            finally:
                stop_server(server)
        result.livez[mode] = livez
        for label, figures in measured.items():
            for key, value in figures.items():
                rows[label].setdefault(key, {})[mode] = value
        server_errors = (folder / f"gunicorn-{mode}.log").read_text(errors="replace")
        if "Traceback" in server_errors:
            log(f"# the server logged errors:\n{server_errors[-3000:]}")
    result.rows = list(rows.values())
    return result


# Report ----------------------------------------------------------------------


def query_budget(label: str) -> int | None:
    if label in QUERY_BUDGETS:
        return QUERY_BUDGETS[label]
    if label.startswith("API"):
        return API_LIST_BUDGET
    return PAGE_BUDGET


def targets(row: dict, rows: dict[str, dict]) -> list[tuple[str, bool]]:
    """What the issue asks of this row, each with whether it is met."""
    label = row["label"]
    ratio = row.get("ratio", {})
    checks = []
    budget = query_budget(label)
    queries = row["queries"].get("cold")
    if budget is not None and queries is not None:
        checks.append((f"≤ {budget} SQL", queries <= budget))
    cold = ratio.get("cold", math.nan)
    if label in COLD_TARGETS:
        checks.append((f"cold ≥ {COLD_TARGETS[label]}", cold >= COLD_TARGETS[label]))
    if label in DEEP_OF and DEEP_OF[label] in rows:
        first = rows[DEEP_OF[label]].get("ratio", {}).get("cold", math.nan)
        checks.append(
            (f"cold ≥ {DEEP_SHARE:.0%} of {DEEP_OF[label]}", cold >= DEEP_SHARE * first)
        )
    cached = ratio.get("cached", math.nan)
    checks.append((f"cached ≥ {CACHED_TARGET}", cached >= CACHED_TARGET))
    return checks


def figure(value, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def table(database: Database) -> str:
    lines = [
        "| path | SQL cold / cached | ratio cold | ratio cached | p50 / p99 ms cold "
        "| p50 / p99 ms cached | errors | targets (issue 13) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    by_label = {row["label"]: row for row in database.rows}
    for row in database.rows:
        figures = {
            key: {mode: row.get(key, {}).get(mode) for mode in MODES}
            for key in ("queries", "ratio", "p50", "p99")
        }
        refused = sorted({str(s) for s in row["status"].values() if s != 200})
        checks = targets(row, by_label)
        lines.append(
            f"| {row['label']} `{row['path']}`"
            + (f" (status {', '.join(refused)})" if refused else "")
            + f" | {figures['queries']['cold']} / {figures['queries']['cached']}"
            f" | {figure(figures['ratio']['cold'])}"
            f" | {figure(figures['ratio']['cached'])}"
            f" | {figure(figures['p50']['cold'], 1)}"
            f" / {figure(figures['p99']['cold'], 1)}"
            f" | {figure(figures['p50']['cached'], 1)}"
            f" / {figure(figures['p99']['cached'], 1)}"
            f" | {sum((row.get('errors') or {}).values())}"
            f" | {'; '.join(f'{name}: {verdict(ok)}' for name, ok in checks)} |"
        )
    return "\n".join(lines)


HOW = """\
Reproduce with `make bench` (SQLite), or with `DATABASE_URL=postgres://…/accords_bench
make bench` (SQLite, then PostgreSQL). Options: `EVENTS=1000000` (building takes
about ten times as long as 100,000 events' 8 minutes on a busy 2-CPU machine, once:
the database is kept for the next run), `ROUNDS=3`,
`DURATION=2` (seconds per run), `PATHS=events,API events` (labels or paths),
`DB=sqlite|postgres|both`, `CONNECTIONS=4`. The script is `scripts/bench.py`; it
leaves the checkout clean apart from this file, which whoever runs it commits.

A path's **ratio** is its requests per second over those of `/livez` (a view with
no database or cache work) measured around it in the same round, median of the
rounds: it stays steady while raw req/s moves with the machine's other load.
**Cold** is caching off (`DJANGO_CACHE_URL=dummycache://`), **cached** the
configured cache. **SQL** is the statements of one request after a warming one,
counted in-process. **p50 / p99** are those of the requests that finished within a
run (– when none did: the ratio still counts the ones finished after it). The
targets are issue 13's; a row lists each with met or not met."""


def report(databases: list[Database], facts: dict) -> str:
    parts = [
        "# Benchmark",
        "",
        HOW,
        "",
        f"Last run: {facts['when']}, commit `{facts['commit']}`, "
        f"{facts['events']:,} synthetic events plus the seed data; "
        f"{facts['machine']}; gunicorn with {WORKERS} sync workers, DEBUG off; "
        f"{facts['client']}; {facts['rounds']} rounds of {facts['duration']} s per "
        f"path; cached with `{facts['cache']}`.",
    ]
    for database in databases:
        livez = ", ".join(
            f"{figure(database.livez.get(mode), 0)} req/s {mode}" for mode in MODES
        )
        parts += [
            "",
            f"## {database.name}",
            "",
            f"`/livez`: {livez}.",
            "",
            table(database),
        ]
    return "\n".join(parts) + "\n"


def commit() -> str:
    completed = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=ROOT,
        text=True,
        capture_output=True,
    )
    return completed.stdout.strip() or "unknown"


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs{f' ({model})' if model else ''}, "
        f"{platform.system()} {platform.release()}, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def main() -> None:
    started = time.monotonic()
    site_url = os.environ.get("DATABASE_URL", "")
    on_postgres = site_url.startswith(("postgres://", "postgresql://", "pgsql://"))
    which = os.environ.get("DB") or ("both" if on_postgres else "sqlite")
    if which not in ("sqlite", "postgres", "both"):
        sys.exit("DB must be sqlite, postgres or both.")
    if which != "sqlite" and not on_postgres:
        sys.exit("DB=postgres needs a DATABASE_URL that names a PostgreSQL server.")
    settings = {
        "events": whole_number(("EVENTS", "BENCH_EVENTS"), 100_000, 1, 10_000_000),
        "rounds": whole_number(("ROUNDS", "BENCH_ROUNDS"), 3, 1, 20),
        "duration": whole_number(("DURATION", "BENCH_DURATION"), 2, 1, 60),
        "connections": whole_number(("CONNECTIONS", "BENCH_CONNECTIONS"), 4, 1, 64),
        "paths": os.environ.get("PATHS", ""),
    }
    output = Path(os.environ.get("BENCH_OUTPUT", ROOT / "docs" / "bench.md"))
    prepared = []
    if which in ("sqlite", "both"):
        prepared.append(sqlite_database(settings["events"]))
    if which in ("postgres", "both"):
        prepared.append(postgres_database(site_url, settings["events"]))
    databases = [bench_database(url, folder, settings) for url, folder in prepared]
    facts = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "machine": machine(),
        "cache": cached_url(),
        **settings,
    }
    text = report(databases, facts)
    print(text)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    log(f"# written to {output} ({time.monotonic() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
