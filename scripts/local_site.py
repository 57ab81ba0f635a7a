"""A throwaway copy of the site for the scripts beside this file.

Its own SQLite database, media and static folders in a temporary directory,
served by gunicorn on a free loopback port; and Debian's Chromium for the
screenshot scripts (Playwright never downloads a browser here).
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
# Without the networking flags Chromium keeps trying hosts a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def throwaway_env(folder: Path, **extra: str) -> dict:
    """Environment for a copy of the site that keeps everything in ``folder``."""
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        **extra,
    }


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
    )
    if completed.returncode != 0:
        log(completed.stdout + completed.stderr)
        sys.exit(f"manage.py {' '.join(args)} failed; see above.")
    return completed


# Run by `manage.py shell -c`; the password comes through the environment so
# that it never shows in a process list.
SET_EDITOR = """
import os
from django.contrib.auth import get_user_model
user = get_user_model()._default_manager.get_by_natural_key(os.environ["EDITOR"])
user.first_name, _, user.last_name = os.environ["EDITOR_NAME"].partition(" ")
user.set_password(os.environ["EDITOR_PASSWORD"])
user.save()
"""


def add_editor(env: dict, username: str, full_name: str) -> str:
    """An editor with a generated password, which is returned and kept nowhere."""
    manage(env, "add_editor", username, "--create")
    password = secrets.token_urlsafe(24)
    editor = {"EDITOR": username, "EDITOR_NAME": full_name}
    manage({**env, **editor, "EDITOR_PASSWORD": password}, "shell", "-c", SET_EDITOR)
    return password


@contextmanager
def throwaway_site(editors: dict[str, str] | None = None) -> Iterator[tuple]:
    """The seeded site served on a free port, and the passwords of ``editors``
    (username: full name); everything is deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="accords-site-") as scratch:
        env = throwaway_env(Path(scratch), DJANGO_SERVE_MEDIA="1")
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "load_seed")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        passwords = {
            username: add_editor(env, username, full_name)
            for username, full_name in (editors or {}).items()
        }
        port = free_port()
        server = start_server(env, port)
        try:
            yield f"http://127.0.0.1:{port}", passwords
        finally:
            stop_server(server)


def local_only(context, base: str) -> None:
    """Let a browser context fetch nothing but the local copy at ``base``."""
    own = base.rstrip("/") + "/"
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(own) else route.abort()
        ),
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_status(url: str) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError) as error:
        return f"error: {error}"


def start_server(
    env: dict, port: int, *, workers: int = 1, logfile=None, ready_path="/healthz"
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:``port``, returned once ``ready_path`` answers 200."""
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "accordsite.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=logfile,
        stderr=subprocess.STDOUT if logfile else None,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped while starting; see its log.")
        if get_status(f"http://127.0.0.1:{port}{ready_path}") == 200:
            return server
        time.sleep(0.3)
    stop_server(server)
    sys.exit(f"gunicorn did not answer {ready_path} within 30 s.")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def launch_chromium(playwright):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("Chromium is needed: apt-get install chromium")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
