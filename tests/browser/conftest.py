"""Headless Chromium (Debian's package) driven by Playwright against live_server.

Browsers cannot be downloaded here, so Playwright is pointed at /usr/bin/chromium.
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest

from tests.conftest import skip_unless_installed

# live_server runs Django in a thread while Playwright's sync API holds an
# event loop in the test thread; Django would otherwise refuse ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        skip_unless_installed("Chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def watched_page(page, live_server):
    """A page that records console errors and blocks requests to other hosts."""
    page.console_errors = []
    page.foreign_requests = []
    page.on(
        "console",
        lambda message: (
            message.type == "error" and page.console_errors.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))

    def route(route):
        host = urlsplit(route.request.url).hostname
        if host in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            page.foreign_requests.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return page
