"""Page and API throughput, as a ratio to the trivial /healthz view.

    make bench                       # 100,000 synthetic events
    BENCH_EVENTS=2000 make bench     # a quick look

Builds a throwaway SQLite database in a temporary folder (migrate, seed data,
generate_synthetic), serves it with gunicorn (2 workers) on a free loopback
port, and measures each path back to back with /healthz, in alternating order
(A B, then B A), several rounds. Absolute figures swing with whatever else the
machine does; the median ratio to /healthz in the same run is the steady
number to compare. Drives wrk when it is installed (the same method as
shared/tools/bench-pages, plus a pause after each run until the requests
still in flight are served), otherwise a small threaded Python client.

Settings (environment): BENCH_EVENTS (100000), BENCH_ROUNDS (5),
BENCH_DURATION seconds per run (2), BENCH_CONNECTIONS (4: two per worker, so
the latencies are service times rather than queueing), BENCH_OUTPUT
(docs/bench.md), BENCH_CLIENT=python to use the Python client even with wrk.
"""

import http.client
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from local_site import (
    ROOT,
    free_port,
    get_status,
    log,
    manage,
    start_server,
    stop_server,
    throwaway_env,
)

BASELINE = "/healthz"
PATHS = [
    "/",
    "/countries/",
    "/countries/kazakhstan/",
    "/events/",
    "/events/?kind=signing",
    "/timeline/",
    "/api/v1/events/",
    "/api/v1/countries/",
]


def setting(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value.replace("_", "")) if value else default
    except ValueError:
        sys.exit(f"{name} must be a whole number, not {value!r}.")


EVENTS = setting("BENCH_EVENTS", 100_000)
ROUNDS = min(max(setting("BENCH_ROUNDS", 5), 1), 10)
DURATION = min(max(setting("BENCH_DURATION", 2), 1), 60)
CONNECTIONS = min(max(setting("BENCH_CONNECTIONS", 4), 1), 64)
OUTPUT = Path(os.environ.get("BENCH_OUTPUT", ROOT / "docs" / "bench.md"))


@dataclass
class Result:
    path: str
    status: int | str
    rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    ratio: float | None = None
    ratio_range: str = ""
    errors: int = 0


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int = 0


def prepare_database(env: dict) -> None:
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    commands = manage(env, "help", "--commands").stdout.split()
    if "load_seed" in commands:
        manage(env, "load_seed")
    log(f"# generating {EVENTS:,} synthetic events …")
    manage(env, "generate_synthetic", "--events", str(EVENTS))
    log(f"# database ready in {time.monotonic() - started:.0f} s")


# Measuring ------------------------------------------------------------------


WORKERS = 2
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


def drain(port: int, *, timeout: float) -> tuple[int, float]:
    """Wait until the server has answered every request sent to it.

    Returns how many requests were still pending and how long they took.
    """
    started = time.monotonic()
    pending = open_connections(port)
    if pending is None:
        time.sleep(5)  # no /proc: a fixed pause is the best guess
        return 0, 0.0
    while time.monotonic() - started < timeout:
        if not open_connections(port):
            break
        time.sleep(0.02)
    else:
        log(f"# the server still had requests in flight after {timeout:.0f} s")
    return pending, time.monotonic() - started


def wrk_run(base: str, path: str, seconds: float) -> Run:
    completed = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            base + path,
        ],
        text=True,
        capture_output=True,
        timeout=seconds + 60,
    )
    out = completed.stdout
    done, elapsed, p50, p99, errors = 0, float(seconds), 0.0, 0.0, 0
    for line in out.splitlines():
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
            errors += sum(int(n.strip(",")) for n in words if n.strip(",").isdigit())
    # wrk stops at the deadline, but the server still works through the
    # requests in flight and in its accept queue. Left alone, that backlog
    # slows the next run (at 100,000 events a page can take longer than a
    # whole run). So wait until the server is idle, and count the work it did
    # until then: on a page slower than the run, wrk alone would see 0 req/s.
    pending, tail = drain(
        int(base.rsplit(":", 1)[1]), timeout=max(60.0, 30.0 * CONNECTIONS)
    )
    if not done:
        p50 = p99 = math.nan  # nothing finished within the run: no latencies
    return Run((done + pending) / (elapsed + tail), p50, p99, errors)


def python_run(base: str, path: str, seconds: float) -> Run:
    """CONNECTIONS keep-alive clients in threads, for ``seconds``.

    Each thread finishes its request before it stops, so nothing is left in
    flight for the next run.
    """
    host, port = base.removeprefix("http://").split(":")
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        mine, failed = [], 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def quantile(q: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return Run(len(latencies) / elapsed, quantile(0.5), quantile(0.99), errors[0])


def median_of(values) -> float:
    known = [v for v in values if not math.isnan(v)]
    return statistics.median(known) if known else math.nan


def measure(run, base: str, paths: list[str]) -> dict[str, Result]:
    """Each path paired with the baseline, order flipped every round."""
    for path in [BASELINE, *paths]:
        run(base, path, 1)  # warm-up: caches, connections, the first queries
    runs: dict[str, list[Run]] = {path: [] for path in [BASELINE, *paths]}
    ratios: dict[str, list[float]] = {path: [] for path in paths}
    for round_number in range(1, ROUNDS + 1):
        for path in paths:
            order = [BASELINE, path] if round_number % 2 else [path, BASELINE]
            pair = {p: run(base, p, DURATION) for p in order}
            runs[path].append(pair[path])
            runs[BASELINE].append(pair[BASELINE])
            if pair[BASELINE].rps:
                ratios[path].append(pair[path].rps / pair[BASELINE].rps)
            log(
                f"# round {round_number}/{ROUNDS} {path}: {rate(pair[path].rps)} req/s,"
                f" {BASELINE}: {rate(pair[BASELINE].rps)} req/s"
            )
    results = {}
    for path, measured in runs.items():
        path_ratios = ratios.get(path, [])
        results[path] = Result(
            path=path,
            status=200,
            rps=statistics.median(r.rps for r in measured),
            p50_ms=median_of(r.p50_ms for r in measured),
            p99_ms=median_of(r.p99_ms for r in measured),
            ratio=statistics.median(path_ratios) if path_ratios else None,
            ratio_range=f"{min(path_ratios):.3f}..{max(path_ratios):.3f}"
            if path_ratios
            else "",
            errors=sum(r.errors for r in measured),
        )
    return results


# Report ---------------------------------------------------------------------


def rate(rps: float) -> str:
    return f"{rps:.0f}" if rps >= 100 else f"{rps:.1f}" if rps >= 10 else f"{rps:.2f}"


def ms(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.1f}"


def table(results: list[Result]) -> str:
    rows = [
        "| path | status | req/s | ms of a worker per request | p50 ms | p99 ms "
        "| × /healthz (median) | range | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in results:
        if r.rps is None:
            rows.append(f"| `{r.path}` | {r.status} (not measured) |" + " |" * 7)
            continue
        ratio = "baseline" if r.path == BASELINE else f"{r.ratio:.3f}"
        # With every worker kept busy, each request costs workers / throughput.
        cost = ms(WORKERS / r.rps * 1000) if r.rps else "–"
        rows.append(
            f"| `{r.path}` | {r.status} | {rate(r.rps)} | {cost} | {ms(r.p50_ms)} | "
            f"{ms(r.p99_ms)} | {ratio} | {r.ratio_range} | {r.errors} |"
        )
    return "\n".join(rows)


def main() -> None:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="accords-bench-") as workdir:
        work = Path(workdir)
        env = throwaway_env(
            work,
            DJANGO_LOG_LEVEL="WARNING",
            # Measure the API, not its anonymous rate limit.
            DJANGO_API_ANON_RATE="1000000/s",
        )
        prepare_database(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with open(work / "gunicorn.log", "w") as server_log:
            server = start_server(
                env, port, workers=WORKERS, logfile=server_log, ready_path=BASELINE
            )
            try:
                statuses = {path: get_status(base + path) for path in PATHS}
                for path, status in statuses.items():
                    log(f"# {path} -> {status}")
                measured = [path for path, status in statuses.items() if status == 200]
                if shutil.which("wrk") and os.environ.get("BENCH_CLIENT") != "python":
                    run, tool = wrk_run, f"wrk, {CONNECTIONS} connections"
                else:
                    run, tool = python_run, f"Python client, {CONNECTIONS} threads"
                log(
                    f"# measuring {len(measured)} paths with {tool}, {ROUNDS} rounds "
                    f"of {DURATION} s each, against {BASELINE}"
                )
                found = measure(run, base, measured) if measured else {}
            finally:
                stop_server(server)
        server_errors = (work / "gunicorn.log").read_text(errors="replace")

    results = [found.get(BASELINE, Result(BASELINE, 200))]
    for path in PATHS:
        results.append(found.get(path) or Result(path, statuses[path]))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report = "\n".join(
        [
            "## Benchmark",
            "",
            f"{when}; {EVENTS:,} synthetic events plus the seed data on SQLite; "
            f"gunicorn with {WORKERS} sync workers on {os.cpu_count()} CPUs "
            f"({platform.python_implementation()} {platform.python_version()}); "
            f"{tool}; {ROUNDS} rounds of {DURATION} s per path, each paired with "
            f"{BASELINE}. Figures are medians; the ratio is the steady number, "
            "req/s moves with the machine's other load. Latencies are only "
            "those wrk saw finish within a run (– when none did).",
            "",
            table(results),
            "",
        ]
    )
    print(report)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(report, encoding="utf-8")
    log(f"# written to {OUTPUT} ({time.monotonic() - started:.0f} s in all)")
    if "Traceback" in server_errors:
        log("# the server logged errors:\n" + server_errors[-3000:])


if __name__ == "__main__":
    main()
