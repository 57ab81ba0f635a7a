"""Embeds framed by a page of another site, in headless Chromium: the browser
itself enforces X-Frame-Options and frame-ancestors."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_data(db):
    kazakhstan = factories.CountryFactory(
        iso2="KZ", iso3="KAZ", name="Kazakhstan", slug="kazakhstan"
    )
    factories.status_timeline(kazakhstan, ("announced", "2025-11-06"))
    factories.netanyahu_visit(kazakhstan, countries=[kazakhstan])


@pytest.fixture
def elsewhere(live_server):
    """Another site, on another origin of this machine (Chromium refuses to
    let a page from the internet frame a local server at all): its article
    frames the address of ours given in ``?frame=``."""

    class Article(BaseHTTPRequestHandler):
        def do_GET(self):
            path = parse_qs(urlsplit(self.path).query)["frame"][0]
            body = (
                "<!doctype html><title>Elsewhere</title><h1>An article</h1>"
                f'<iframe src="{live_server.url}{path}" width="480" '
                'height="400" title="Embedded"></iframe>'
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    other = (
        "127.0.0.1"
        if urlsplit(live_server.url).hostname == "localhost"
        else "localhost"
    )
    server = ThreadingHTTPServer((other, 0), Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{other}:{server.server_port}/article.html"
    server.shutdown()
    server.server_close()


def article_framing(page, live_server, elsewhere: str, path: str):
    """Opens the other site's article framing ``path`` of ours; console errors
    and requests to third hosts are recorded on ``page``."""
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error" and page.console_errors.append(message.text)
        ),
    )
    page.third_party_requests = []

    def route(route):
        url = route.request.url
        if url.startswith((live_server.url, elsewhere)):
            route.continue_()
        else:
            page.third_party_requests.append(url)
            route.abort()

    page.route("**/*", route)
    page.goto(f"{elsewhere}?{urlencode({'frame': path})}")
    return page.frame_locator("iframe")


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/embed/map/", "Where the Abraham Accords stand today"),
        ("/embed/countries/kazakhstan/timeline/", "Kazakhstan and the Abraham Accords"),
        ("/embed/events/netanyahu-visits-kazakhstan/", "Netanyahu"),
    ],
)
def test_another_site_shows_an_embed_in_its_page(
    page, live_server, elsewhere, site_data, path, heading
):
    frame = article_framing(page, live_server, elsewhere, path)
    expect(frame.locator("h1")).to_contain_text(heading)
    expect(
        frame.get_by_role("link", name="Accords (opens in a new tab)")
    ).to_have_attribute("target", "_blank")
    # The strict policy still holds inside the frame: nothing refused, nothing
    # fetched from a third host.
    assert page.console_errors == []
    assert page.third_party_requests == []


def test_another_site_cannot_frame_an_ordinary_page(
    page, live_server, elsewhere, site_data
):
    frame = article_framing(page, live_server, elsewhere, "/countries/kazakhstan/")
    page.wait_for_load_state("load")
    expect(frame.locator("h1")).not_to_have_text("Kazakhstan")
    expect(frame.get_by_role("link", name="Skip to content")).to_have_count(0)
