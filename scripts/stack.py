"""Accords on several app servers: nginx, two gunicorns, PostgreSQL and Redis.

    make stack         # start everything; Ctrl-C stops it
    make stack-stop    # stop a stack started in another terminal
    make stack-test    # start a throwaway stack and test it under load

What runs where (all on 127.0.0.1; the ports move together with STACK_PORT,
8310 by default):

    8310  nginx: serves /static/ (collected) and /media/ itself, passes the
          rest to the app servers in turn, and sends a request an app server
          failed (refused, 502, 503, timed out) to the other one, unless it
          is a write already sent; `Server: nginx` without a version, and a
          `Permissions-Policy` header (set here only, not by Django).
    8311  app server 1: gunicorn, 2 workers x 4 threads, DJANGO_BEHIND_PROXY=1
    8312  app server 2: the same
    8313  Redis: the shared cache (DJANGO_CACHE_URL), nothing saved to disk
    8314  PostgreSQL: a private cluster (initdb) holding the database `accords`

Everything is Debian's: `apt-get install nginx postgresql redis-server`. The
state lives in one folder, STACK_DIR (`.stack/` in the checkout by default,
ignored by git): the database cluster, Redis's folder, collected static files,
media, logs (`log/`), pid files and gunicorn's control sockets (`run/`: one
per app server, since gunicorn's default path is shared by every gunicorn on
the machine) and a generated secret key and database password (`secrets.env`).
Delete the folder to start from scratch. Before the app servers start, the
migrations run once, then `load_seed`, `build_dataset`, `ensure_admin` (its
generated password is printed once) and `collectstatic`.

Run as root (CI), PostgreSQL runs as the `postgres` user and nginx's workers
as `www-data`, so STACK_DIR must be a folder they can reach; gunicorn and
Redis run as the user who started the stack.

Adding an app server: APP_SERVERS=3 make stack (each takes the next port
after PostgreSQL's); on other machines, start gunicorn with the same
environment and add a `server` line to nginx's `upstream` block
(deploy/nginx.conf.template), then `nginx -s reload`.

`make stack-test` starts a stack in a temporary folder and checks that
(a) an edit through app server 1 is visible through app server 2 on the next
anonymous request; (b) 64 connections for 60 s of anonymous reads (pages, API,
static) and editor writes (API PATCH with the `version` read; a 409 or 412 is
a refusal, not an error) through nginx give no error and lose no write (each
record's final version is its first plus the writes accepted); (c) app server
2 killed (SIGKILL) a third of the way in loses no request nginx can retry and
the site keeps answering. A request nginx cannot re-send is reported as cut off: a write
nginx had sent to the killed server (its access log names the server each
request went to), or a read whose answer the server had begun (nginx had
passed its status line on) when it died. STACK_TEST_CONNECTIONS and
STACK_TEST_SECONDS change the load. A missing package makes it skip, or fail
with ACCORDS_REQUIRE_ALL=1.
"""

import argparse
import contextlib
import glob
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"


class StackError(Exception):
    pass


def log(message):
    print(f"stack: {message}", flush=True)


def pg_tool(name):
    """A PostgreSQL program: Debian keeps them in /usr/lib/postgresql/N/bin."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return found[-1] if found else shutil.which(name)


def missing_packages():
    missing = []
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        missing.append("nginx")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    if not (pg_tool("initdb") and pg_tool("pg_ctl")):
        missing.append("postgresql")
    return missing


def nginx_path():
    return shutil.which("nginx") or "/usr/sbin/nginx"


def is_root():
    return os.geteuid() == 0


def run_as_postgres(command, cwd, **kwargs):
    """PostgreSQL refuses to run as root: as root, run it as `postgres`, from a
    folder that user can enter (the caller's may be /root)."""
    if is_root():
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, cwd=cwd, **kwargs)


def port_free(port):
    with socket.socket() as s:
        return s.connect_ex((HOST, port)) != 0


def wait_until(check, what, timeout=60, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise StackError(f"{what} exited (code {process.returncode})")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise StackError(f"{what} not ready after {timeout} s")


def http_status(port, path="/healthz", headers=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


class Stack:
    def __init__(self, state, base_port=8310, app_servers=2, extra_env=None):
        self.state = Path(state).resolve()
        self.nginx_port = base_port
        self.app_ports = [base_port + 1 + i for i in range(app_servers)]
        # Redis and PostgreSQL keep their ports whatever the number of app
        # servers; a third app server takes the port after PostgreSQL's.
        if app_servers > 2:
            self.app_ports[2:] = [base_port + 5 + i for i in range(app_servers - 2)]
        self.redis_port = base_port + 3
        self.pg_port = base_port + 4
        self.extra_env = extra_env or {}
        self.processes = {}  # name -> Popen, in start order
        self.run = self.state / "run"
        self.logs = self.state / "log"
        self.pgdata = self.state / "pg"

    # Setup ------------------------------------------------------------------

    def secrets(self):
        path = self.state / "secrets.env"
        if not path.exists():
            path.write_text(
                f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}\n"
                f"PGPASSWORD={secrets.token_urlsafe(24)}\n"
            )
            path.chmod(0o600)
        return dict(
            line.split("=", 1) for line in path.read_text().splitlines() if "=" in line
        )

    def django_env(self):
        values = self.secrets()
        env = dict(os.environ)
        env.update(
            DJANGO_SECRET_KEY=values["DJANGO_SECRET_KEY"],
            DATABASE_URL=f"postgres://accords:{values['PGPASSWORD']}@{HOST}:"
            f"{self.pg_port}/accords",
            DJANGO_CACHE_URL=f"redis://{HOST}:{self.redis_port}/0",
            DJANGO_BEHIND_PROXY="1",
            DJANGO_STATIC_ROOT=str(self.state / "static"),
            DJANGO_MEDIA_ROOT=str(self.state / "media"),
            DJANGO_SERVE_MEDIA="0",
            DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        )
        env.update(self.extra_env)
        return env

    def check_ports(self):
        ports = [self.nginx_port, *self.app_ports, self.redis_port, self.pg_port]
        taken = [str(p) for p in ports if not port_free(p)]
        if taken:
            raise StackError(
                f"port(s) {', '.join(taken)} already in use: another stack "
                "running? (make stack-stop, or STACK_PORT=…)"
            )

    def prepare_folders(self):
        for sub in ("run", "log", "redis", "static", "media"):
            (self.state / sub).mkdir(parents=True, exist_ok=True)
        # nginx's workers (www-data) and PostgreSQL must reach the folder.
        self.state.chmod(0o755)
        if is_root():
            for user in ("postgres", "www-data"):
                probe = ["runuser", "-u", user, "--", "test", "-x", str(self.state)]
                if subprocess.run(probe).returncode != 0:
                    raise StackError(
                        f"the user {user} cannot reach {self.state}: set "
                        "STACK_DIR to a folder it can reach (e.g. under /srv)"
                    )

    def spawn(self, name, command, env=None):
        with open(self.logs / f"{name}.log", "ab") as out:
            process = subprocess.Popen(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
                # Its own process group: Ctrl-C reaches this script only, which
                # stops everything in order; and a kill reaches all its workers.
                start_new_session=True,
            )
        (self.run / f"{name}.pid").write_text(str(process.pid))
        self.processes[name] = process
        return process

    def start_postgres(self):
        password = self.secrets()["PGPASSWORD"]
        if not (self.pgdata / "PG_VERSION").exists():
            log("creating the PostgreSQL cluster")
            self.pgdata.mkdir(exist_ok=True)
            pwfile = self.run / "pgpass"
            pwfile.touch(mode=0o600)
            pwfile.write_text(password + "\n")
            if is_root():
                shutil.chown(self.pgdata, "postgres", "postgres")
                shutil.chown(pwfile, "postgres", "postgres")
            run_as_postgres(
                [
                    pg_tool("initdb"),
                    "-D",
                    str(self.pgdata),
                    "-U",
                    "accords",
                    f"--pwfile={pwfile}",
                    "--auth-host=scram-sha-256",
                    "--auth-local=peer",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ],
                self.state,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            pwfile.unlink()
        options = (
            f"-p {self.pg_port} -c listen_addresses={HOST} "
            f"-c unix_socket_directories={self.pgdata}"
        )
        run_as_postgres(
            [
                pg_tool("pg_ctl"),
                "-D",
                str(self.pgdata),
                "-l",
                str(self.pgdata / "server.log"),
                "-o",
                options,
                "-w",
                "start",
            ],
            self.state,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (self.run / "postgres.started").touch()
        env = dict(os.environ, PGPASSWORD=password)
        exists = subprocess.run(
            [
                pg_tool("psql"),
                "-h",
                HOST,
                "-p",
                str(self.pg_port),
                "-U",
                "accords",
                "-d",
                "postgres",
                "-tAc",
                "SELECT 1 FROM pg_database WHERE datname = 'accords'",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if exists != "1":
            subprocess.run(
                [
                    pg_tool("createdb"),
                    "-h",
                    HOST,
                    "-p",
                    str(self.pg_port),
                    "-U",
                    "accords",
                    "accords",
                ],
                env=env,
                check=True,
            )

    def start_redis(self):
        process = self.spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.state / "redis"),
            ],
        )

        def pong():
            with socket.create_connection((HOST, self.redis_port), timeout=2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")

        wait_until(pong, "Redis", process=process)

    def manage(self, *args):
        subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", *args],
            env=self.django_env(),
            cwd=ROOT,
            check=True,
        )

    def prepare_django(self):
        log("migrating, loading the seed, collecting static files")
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("load_seed")
        self.manage("build_dataset")
        self.manage("ensure_admin")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")

    def start_app_server(self, number):
        port = self.app_ports[number - 1]
        name = f"app{number}"
        return self.spawn(
            name,
            [
                str(VENV_BIN / "gunicorn"),
                "accordsite.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                "2",
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--control-socket",
                str(self.run / f"{name}.ctl"),
                "--access-logfile",
                str(self.logs / f"{name}.access.log"),
            ],
            env=self.django_env(),
        )

    def write_nginx_conf(self):
        template = (ROOT / "deploy" / "nginx.conf.template").read_text()
        upstreams = "\n".join(
            f"        server {HOST}:{port} max_fails=1 fail_timeout=5s;"
            for port in self.app_ports
        )
        values = {
            # nginx's workers drop root; without root they run as the caller.
            "USER": "user www-data;" if is_root() else "",
            "RUN": str(self.run),
            "LOG": str(self.logs),
            "STATIC": str(self.state / "static"),
            "MEDIA": str(self.state / "media"),
            "PORT": str(self.nginx_port),
            "UPSTREAMS": upstreams,
        }
        for key, value in values.items():
            template = template.replace(f"@{key}@", value)
        path = self.state / "nginx.conf"
        path.write_text(template)
        return path

    def start_nginx(self):
        conf = self.write_nginx_conf()
        base = [nginx_path(), "-c", str(conf), "-p", str(self.state), "-e"]
        base.append(str(self.logs / "nginx.error.log"))
        subprocess.run([*base, "-t", "-q"], check=True)
        process = self.spawn("nginx", [*base, "-g", "daemon off;"])
        wait_until(
            lambda: http_status(self.nginx_port) == 200, "nginx", process=process
        )

    def start(self):
        missing = missing_packages()
        if missing:
            raise StackError(
                f"missing package(s): {' '.join(missing)} "
                f"(apt-get install {' '.join(missing)})"
            )
        self.check_ports()
        self.prepare_folders()
        (self.run / "stack.pid").write_text(str(os.getpid()))
        log(f"state in {self.state}")
        self.start_postgres()
        self.start_redis()
        self.prepare_django()
        for number, port in enumerate(self.app_ports, start=1):
            process = self.start_app_server(number)
            wait_until(
                lambda port=port: http_status(port) == 200,
                f"app server {number}",
                process=process,
            )
        self.start_nginx()
        log(
            f"Accords on http://{HOST}:{self.nginx_port}/ (app servers on "
            f"{', '.join(map(str, self.app_ports))}, Redis {self.redis_port}, "
            f"PostgreSQL {self.pg_port}; logs in {self.logs})"
        )

    # Stopping ---------------------------------------------------------------

    def stop(self):
        """Stop what runs, newest first; also what an earlier run left."""
        names = ["nginx", *(f"app{n}" for n in range(9, 0, -1)), "redis"]
        for name in names:
            pid_file = self.run / f"{name}.pid"
            if not pid_file.exists():
                continue
            pid = int(pid_file.read_text())
            process = self.processes.get(name)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGTERM)
            self.wait_gone(pid, process)
            pid_file.unlink(missing_ok=True)
        if (self.run / "postgres.started").exists():
            run_as_postgres(
                [pg_tool("pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "stop"],
                self.state,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            (self.run / "postgres.started").unlink(missing_ok=True)
        (self.run / "stack.pid").unlink(missing_ok=True)

    @staticmethod
    def wait_gone(pid, process, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process is not None:
                if process.poll() is not None:
                    return
            else:
                try:
                    os.killpg(pid, 0)
                except ProcessLookupError:
                    return
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        if process is not None:
            process.wait()

    def kill_app_server(self, number):
        """SIGKILL an app server's master and workers, as a crash would."""
        name = f"app{number}"
        group = self.processes[name].pid
        os.killpg(group, signal.SIGKILL)
        self.processes[name].wait()
        # Until its last worker is gone, the listening socket the workers
        # share still accepts connections, which the exit then resets: a
        # write nginx sent there is cut off, and cannot be re-sent.
        deadline = time.monotonic() + 10
        while living_in_group(group) and time.monotonic() < deadline:
            time.sleep(0.01)
        (self.run / f"{name}.pid").unlink(missing_ok=True)


def living_in_group(group) -> bool:
    """Whether a process of ``group`` still runs (a zombie holds no socket)."""
    for stat in glob.glob("/proc/[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # "pid (comm) state ppid pgrp ...": comm may hold spaces.
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                return True
    return False


def on_signal_stop(signum, frame):
    raise KeyboardInterrupt


def cmd_up(args):
    stack = Stack(args.state, args.port, args.app_servers)
    signal.signal(signal.SIGTERM, on_signal_stop)
    try:
        stack.start()
        log("Ctrl-C (or make stack-stop) stops the stack")
        while True:
            for name, process in stack.processes.items():
                if process.poll() is not None:
                    raise StackError(
                        f"{name} exited (code {process.returncode}); see "
                        f"{stack.logs / (name + '.log')}"
                    )
            time.sleep(1)
    except KeyboardInterrupt:
        log("stopping")
    except (StackError, subprocess.CalledProcessError) as error:
        log(f"error: {error}")
        return 1
    finally:
        stack.stop()
    return 0


def running_stack_pid(stack):
    """The pid of a `stack.py up` still running on this state folder, or None."""
    pid_file = stack.run / "stack.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text())
    cmdline = Path(f"/proc/{pid}/cmdline")
    # A pid left by a stack that died may belong to another program now.
    return pid if cmdline.exists() and b"stack.py" in cmdline.read_bytes() else None


def cmd_stop(args):
    stack = Stack(args.state, args.port, args.app_servers)
    pid = running_stack_pid(stack)
    if pid:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
            log(f"asked the stack (pid {pid}) to stop")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and running_stack_pid(stack):
                time.sleep(0.2)
    # Whatever a stack that did not stop cleanly left running.
    stack.stop()
    log("stopped")
    return 0


# The stack test ---------------------------------------------------------------


class Client:
    """One keep-alive connection, as a browser or API client holds one."""

    def __init__(self, port, token=None):
        self.port = port
        self.token = token
        self.conn = None

    def request(self, method, path, body=None, auth=False, request_id=None):
        headers = {"Accept-Encoding": "identity"}
        if request_id:
            headers["X-Request-Id"] = request_id
        if auth:
            headers["Authorization"] = f"Token {self.token}"
        if body is not None:
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=90)
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, response.headers, data


def get_json(client, path, auth=False):
    status, _, data = client.request("GET", path, auth=auth)
    if status != 200:
        raise StackError(f"GET {path}: {status} {data[:200]!r}")
    return json.loads(data)


def make_editor(stack):
    env = stack.django_env()
    python = str(VENV_BIN / "python")
    subprocess.run(
        [python, "manage.py", "add_editor", "stack-test", "--create"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    output = subprocess.run(
        [python, "manage.py", "drf_create_token", "stack-test"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return output.split()[2]


def check_edit_visible(stack, token, slug):
    """(a): an edit through app server 1, read anonymously through app server 2."""
    one, two = Client(stack.app_ports[0], token), Client(stack.app_ports[1])
    api = f"/api/v1/events/{slug}/"
    # Read first through app server 2, so a cache there would hold the old page.
    page = urlsplit(get_json(two, api)["url"]).path
    two.request("GET", page)
    version = get_json(one, api, auth=True)["version"]
    marker = f"Edited through app server 1 {secrets.token_hex(4)}"
    status, _, data = one.request(
        "PATCH", api, {"summary": marker, "version": version}, auth=True
    )
    if status != 200:
        raise StackError(f"PATCH through app server 1: {status} {data[:300]!r}")
    seen_api = get_json(two, api).get("summary") == marker
    status, _, html = two.request("GET", page)
    seen_page = status == 200 and marker.encode() in html
    if not (seen_api and seen_page):
        raise StackError(
            "an edit through app server 1 is not visible through app server 2 "
            f"(API: {seen_api}, page: {seen_page})"
        )
    return page


def check_headers(stack):
    """nginx: no version in Server, Permissions-Policy everywhere, media itself."""
    (stack.state / "media" / "stack-test.txt").write_text("served by nginx\n")
    manifest = json.loads((stack.state / "static" / "staticfiles.json").read_text())
    css = next(v for k, v in manifest["paths"].items() if k.endswith(".css"))
    client = Client(stack.nginx_port)
    problems = []
    for path in ("/", f"/static/{css}", "/media/stack-test.txt", "/api/v1/"):
        status, headers, _ = client.request("GET", path)
        if status != 200:
            problems.append(f"{path}: {status}")
        if headers.get("Server") != "nginx":
            problems.append(f"{path}: Server {headers.get('Server')!r}")
        if "camera=()" not in headers.get("Permissions-Policy", ""):
            problems.append(f"{path}: no Permissions-Policy")
    # Django does not serve media here (DJANGO_SERVE_MEDIA=0): nginx did.
    status, _, _ = Client(stack.app_ports[0]).request("GET", "/media/stack-test.txt")
    if status != 404:
        problems.append(f"an app server answered /media/ with {status}")
    if problems:
        raise StackError("headers: " + "; ".join(problems))
    return f"/static/{css}"


class Load:
    def __init__(self, stack, token, slugs, read_paths, connections, seconds):
        self.stack = stack
        self.token = token
        self.slugs = slugs
        self.read_paths = read_paths
        self.connections = connections
        self.seconds = seconds
        self.kill_at = seconds / 3
        # The kill takes from the signal until the processes are reaped: a
        # write cut off answers 502 somewhere in that span, not after it.
        self.killing_at = None
        self.killed_at = None
        # (kind, start, end, status or error text, request id, path)
        self.results = []
        self.accepted = dict.fromkeys(slugs, 0)
        self.lock = threading.Lock()
        self.start = None

    def worker(self, number):
        rng = random.Random(number)
        client = Client(self.stack.nginx_port, self.token)
        sequence = 0
        while time.monotonic() - self.start < self.seconds:
            sequence += 1
            if rng.random() < 0.2:
                self.write(client, rng, f"{number}-{sequence}")
            else:
                kind, path = rng.choice(self.read_paths)
                self.timed(
                    client,
                    kind,
                    "GET",
                    path,
                    request_id=f"stack-test-{number}-{sequence}",
                )

    def timed(self, client, kind, method, path, body=None, auth=False, request_id=None):
        began = time.monotonic()
        try:
            status, _, data = client.request(
                method, path, body, auth=auth, request_id=request_id
            )
            outcome = status
        except (OSError, http.client.HTTPException) as error:
            outcome, data = f"{type(error).__name__}: {error}", b""
        with self.lock:
            self.results.append(
                (kind, began, time.monotonic(), outcome, request_id, path)
            )
        return outcome, data

    def write(self, client, rng, tag):
        slug = rng.choice(self.slugs)
        path = f"/api/v1/events/{slug}/"
        status, data = self.timed(
            client,
            "editor read",
            "GET",
            path,
            auth=True,
            request_id=f"stack-test-{tag}-read",
        )
        if status != 200:
            return
        version = json.loads(data)["version"]
        # Two fields: a stale write to the other one is merged (200), to the
        # same one refused (409).
        field = rng.choice(["summary", "place_city"])
        value = f"Stack test {tag}"
        status, _ = self.timed(
            client,
            "write",
            "PATCH",
            path,
            {field: value, "version": version},
            True,
            request_id=f"stack-test-{tag}",
        )
        if status == 200:
            with self.lock:
                self.accepted[slug] += 1

    def killer(self):
        time.sleep(self.kill_at)
        self.killing_at = time.monotonic()
        self.stack.kill_app_server(2)
        self.killed_at = time.monotonic()
        log(f"killed app server 2 (SIGKILL) at {self.killed_at - self.start:.1f} s")

    def run(self):
        self.start = time.monotonic()
        threads = [
            threading.Thread(target=self.worker, args=(n,), daemon=True)
            for n in range(self.connections)
        ]
        threads.append(threading.Thread(target=self.killer, daemon=True))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def nginx_tries(stack) -> dict[str, str]:
    """For each request id, the app servers nginx sent it to, in order, and
    their answers (`upstream=` and `upstream_status=` of its access log)."""
    tries = {}
    log_file = stack.logs / "nginx.access.log"
    for line in log_file.read_text(errors="replace").splitlines():
        request_id = re.search(r" request_id=(\S+)", line)
        if request_id and request_id.group(1) != "-":
            tries[request_id.group(1)] = line.split(" upstream=", 1)[-1].rsplit(
                " request_id=", 1
            )[0]
    return tries


def sent_to_killed_server(tries, killed_port) -> set[str]:
    """The request ids nginx last sent to the killed app server: requests it
    had passed on before the server died, which it cannot send again when
    they are writes."""
    return {
        request_id
        for request_id, text in tries.items()
        if text.split(" upstream_status=")[0]
        .split(",")[-1]
        .strip()
        .endswith(f":{killed_port}")
    }


def app_tracebacks(stack) -> list[str]:
    """The tracebacks the app servers logged (Django logs each 500's), each
    with the line before it (which request): what is left of a failure once
    the stack's folder is gone, as it is on CI."""
    found = []
    for number in range(1, len(stack.app_ports) + 1):
        log_file = stack.logs / f"app{number}.log"
        if not log_file.exists():
            continue
        lines = log_file.read_text(errors="replace").splitlines()
        block = None
        for before, line in zip(["", *lines[:-1]], lines, strict=True):
            chained = line.startswith(("During handling", "The above exception"))
            if block is None and chained and found:
                block = found.pop().split("\n")  # the same failure goes on
            if block is None:
                if line.startswith("Traceback"):
                    block = [f"app{number}: {before}", line]
                continue
            block.append(line)
            # Chained exceptions go on; the last exception's line ends it.
            if line and not line.startswith(
                (" ", "Traceback", "During handling", "The above exception")
            ):
                found.append("\n".join(block))
                block = None
        if block:
            found.append("\n".join(block))
    return found


def summarise(load):
    """A table of the load's requests; returns (errors, cut-off writes,
    cut-off reads)."""
    kinds = {}
    errors, cut_off, cut_reads = [], [], []
    tries = nginx_tries(load.stack)
    on_killed_server = sent_to_killed_server(tries, load.stack.app_ports[1])
    for kind, began, ended, outcome, request_id, path in load.results:
        row = kinds.setdefault(
            kind, {"n": 0, "ok": 0, "refused": 0, "cut": 0, "errors": 0, "ms": []}
        )
        row["n"] += 1
        row["ms"].append((ended - began) * 1000)
        if outcome == 200:
            row["ok"] += 1
        elif kind == "write" and outcome in (409, 412):
            row["refused"] += 1
        elif (
            (outcome == 502 or isinstance(outcome, str))
            and ended >= load.killing_at
            and request_id in on_killed_server
        ):
            # nginx had sent it to the server the kill took down (its log
            # says so, not the load's clock, which lags under 64 threads) and
            # could not send it again: nginx must not re-send a PATCH, and a
            # read it still ended there had its answer cut after the status
            # line (a read that failed before any answer went to the other
            # server).
            row["cut"] += 1
            (cut_off if kind == "write" else cut_reads).append(kind)
        else:
            row["errors"] += 1
            errors.append(
                f"{kind} {outcome} at {began - load.start:.1f} s ({path}; "
                f"nginx: {tries.get(request_id, 'no log line')})"
            )
    print()
    header = (
        f"{'requests':<14}{'sent':>8}{'200':>8}{'409/412':>9}{'cut off':>9}"
        f"{'errors':>8}{'p50 ms':>9}{'p99 ms':>9}"
    )
    print(header)
    print("-" * len(header))
    for kind, row in sorted(kinds.items()):
        ms = sorted(row["ms"])
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        print(
            f"{kind:<14}{row['n']:>8}{row['ok']:>8}{row['refused']:>9}"
            f"{row['cut']:>9}{row['errors']:>8}{statistics.median(ms):>9.0f}"
            f"{p99:>9.0f}"
        )
    total = sum(row["n"] for row in kinds.values())
    print(f"{'total':<14}{total:>8}  ({total / load.seconds:.0f} requests/s)")
    after = sum(
        1
        for kind, began, _, outcome, *_ in load.results
        if kind != "write" and began > load.killed_at and outcome == 200
    )
    print(f"reads answered after app server 2 was killed: {after}")
    return errors, cut_off, cut_reads


def cmd_test(args):
    missing = missing_packages()
    if missing:
        message = (
            f"stack-test needs {' '.join(missing)} (apt-get install "
            f"{' '.join(missing)})"
        )
        if os.environ.get("ACCORDS_REQUIRE_ALL") == "1":
            log(f"FAILED: {message}")
            return 1
        log(f"skipped: {message}")
        return 0
    connections = int(os.environ.get("STACK_TEST_CONNECTIONS", "64"))
    seconds = float(os.environ.get("STACK_TEST_SECONDS", "60"))
    state = Path(tempfile.mkdtemp(prefix="accords-stack-test-"))
    stack = Stack(
        state,
        args.port,
        2,
        # One client address sends every anonymous request here.
        extra_env={"DJANGO_API_ANON_RATE": "1000000/min"},
    )
    failed = True
    try:
        stack.start()
        token = make_editor(stack)
        events = get_json(Client(stack.nginx_port), "/api/v1/events/?page_size=20")
        slugs = [event["slug"] for event in events["results"]]
        if len(slugs) < 9:
            raise StackError(f"the seed has only {len(slugs)} events")
        page = check_edit_visible(stack, token, slugs[0])
        log("(a) an edit through app server 1 is visible through app server 2")
        static = check_headers(stack)
        log("nginx: Server without version, Permissions-Policy, static and media")
        written = slugs[1:9]
        read_paths = [
            ("page", "/"),
            ("page", "/events/"),
            ("page", page),
            ("page", "/countries/"),
            ("page", "/timeline/"),
            *(("page", f"/events/{slug}/") for slug in slugs[9:12]),
            ("api", "/api/v1/events/"),
            ("api", "/api/v1/countries/"),
            *(("api", f"/api/v1/events/{slug}/") for slug in slugs[:4]),
            ("static", static),
        ]
        editor = Client(stack.nginx_port, token)
        initial = {
            slug: get_json(editor, f"/api/v1/events/{slug}/", auth=True)["version"]
            for slug in written
        }
        log(
            f"(b, c) {connections} connections for {seconds:.0f} s through nginx; "
            f"writes to {len(written)} events"
        )
        load = Load(stack, token, written, read_paths, connections, seconds)
        load.run()
        errors, cut_off, cut_reads = summarise(load)
        print()
        print(f"{'event written':<48}{'first':>6}{'200s':>6}{'final':>6}")
        lost = []
        for slug in written:
            final = get_json(editor, f"/api/v1/events/{slug}/", auth=True)["version"]
            expected = initial[slug] + load.accepted[slug]
            print(
                f"{slug[:47]:<48}{initial[slug]:>6}{load.accepted[slug]:>6}{final:>6}"
            )
            # A write cut off by the kill may have been saved before the answer
            # was lost: it may add one, never subtract.
            if not expected <= final <= expected + len(cut_off):
                lost.append(f"{slug}: version {final}, expected {expected}")
        alive = [http_status(stack.nginx_port, path) for path in ("/", "/events/")]
        print()
        problems = []
        if sum(1 for kind, *_ in load.results if kind == "write") == 0:
            problems.append("no write was sent")
        if errors:
            problems.append(f"{len(errors)} error(s): " + "; ".join(errors[:10]))
        if lost:
            problems.append("lost writes: " + "; ".join(lost))
        if alive != [200, 200]:
            problems.append(f"the site no longer answers after the kill: {alive}")
        tracebacks = app_tracebacks(stack)
        if tracebacks:
            problems.append(f"the app servers logged {len(tracebacks)} traceback(s)")
            # The first few whole, the rest as their last line: enough to tell
            # what failed without the stack's folder, which CI does not keep.
            for text in tracebacks[:3]:
                print(text, file=sys.stderr)
            for text in tracebacks[3:]:
                print(text.splitlines()[-1], file=sys.stderr)
        if problems:
            raise StackError("\n  ".join(problems))
        failed = False
        log(
            f"passed: 0 errors, no lost write, {len(cut_off)} write(s) and "
            f"{len(cut_reads)} read(s) in flight on the killed server cut off "
            "(not retryable), the site answers"
        )
    except (StackError, subprocess.CalledProcessError) as error:
        log(f"FAILED: {error}")
    finally:
        stack.stop()
        if failed:
            log(f"logs kept in {stack.logs}")
        else:
            shutil.rmtree(state, ignore_errors=True)
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up", "stop", "test"])
    parser.add_argument(
        "--state", default=os.environ.get("STACK_DIR", str(ROOT / ".stack"))
    )
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("STACK_PORT", "8310"))
    )
    parser.add_argument(
        "--app-servers", type=int, default=int(os.environ.get("APP_SERVERS", "2"))
    )
    args = parser.parse_args()
    return {"up": cmd_up, "stop": cmd_stop, "test": cmd_test}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
