"""Screenshots of the home page and an event page for the README.

Starts a throwaway copy of the site (its own SQLite database, media and static
folders in a temporary directory, seed data loaded, gunicorn on a free
loopback port), photographs two pages in Debian's headless Chromium through
Playwright, and writes docs/screenshots/home.png and docs/screenshots/event.png.

    make screenshots        # or: .venv/bin/python scripts/screenshots.py
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
BIN = Path(sys.executable).parent
# The 2020 White House signing: a photo, participants and sources on one page.
EVENT_PATH = "/events/abraham-accords-signing-2020/"
VIEWPORT = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("The server stopped before answering; see its output above.")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"The server did not answer at {url} within {timeout:.0f} s.")


def photograph(base: str) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("Chromium is needed: apt-get install chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport=VIEWPORT)
        # Nothing but the local copy may be fetched.
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(base)
                else route.abort()
            ),
        )
        for name, path in (("home", "/"), ("event", EVENT_PATH)):
            response = page.goto(base + path, wait_until="load")
            if response is None or response.status != 200:
                status = response.status if response else "no response"
                sys.exit(f"{path} answered {status}; is the seed loaded?")
            target = OUT / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"wrote {target.relative_to(ROOT)}")
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="accords-screens-") as scratch:
        scratch = Path(scratch)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(scratch / "media"),
            "DJANGO_STATIC_ROOT": str(scratch / "static"),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_DEBUG": "0",
            "DJANGO_SERVE_MEDIA": "1",
        }
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "load_seed")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "accordsite.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_until_up(base, server)
            photograph(base)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
