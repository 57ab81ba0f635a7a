"""Embeds: the map, a country's timeline and an event card, framed on other
sites; the Embed box on the pages they come from; oEmbed and its discovery."""

import datetime
import html
import re

import pytest

from countries.models import AccordsStatus
from tests import factories
from tests.conftest import logged_in, query_counts

EMBEDS = [
    "/embed/map/",
    "/embed/countries/kazakhstan/timeline/",
    "/embed/events/tokayev-meets-rubio/",
]


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(
        part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
    )


@pytest.fixture
def embeds_data(kazakhstan, event):
    return kazakhstan, event


@pytest.mark.parametrize("path", EMBEDS)
def test_an_embed_may_be_framed_by_any_site(client, embeds_data, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert csp_directives(response)["frame-ancestors"] == "*"


@pytest.mark.parametrize("path", EMBEDS)
def test_an_embed_keeps_the_rest_of_the_strict_policy(client, embeds_data, path):
    directives = csp_directives(client.get(path))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self'")
    assert "unsafe-inline" not in response_policy(client, path)


def response_policy(client, path: str) -> str:
    return client.get(path).headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path", ["/", "/countries/kazakhstan/", "/events/tokayev-meets-rubio/"]
)
def test_the_pages_embeds_come_from_still_refuse_to_be_framed(
    client, embeds_data, path
):
    response = client.get(path)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert csp_directives(response)["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("path", EMBEDS)
def test_an_embed_sets_no_cookie_even_for_a_logged_in_editor(embeds_data, editor, path):
    response = logged_in(editor).get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


@pytest.mark.parametrize("path", EMBEDS)
def test_an_embed_links_back_to_its_page_in_a_new_tab(client, embeds_data, path):
    page = client.get(path).content.decode()
    assert re.search(
        r'<a href="http://testserver/[^"]*" target="_blank" rel="noopener">Accords',
        page,
    )
    assert 'class="site-header"' not in page


def test_the_map_embed_shows_the_countries_by_status(client, embeds_data):
    page = client.get("/embed/map/").content.decode()
    assert "<svg" in page
    assert 'href="/countries/kazakhstan/"' in page
    assert "Announced" in page


def test_the_timeline_embed_lists_each_dated_step_with_its_sources(client, embeds_data):
    page = client.get("/embed/countries/kazakhstan/timeline/").content.decode()
    assert '<time datetime="2025-08">August 2025</time>' in page
    assert "Announced at the White House." in page
    assert "1 source" in page
    assert page.index("August 2025") < page.index("6 November 2025")


def test_the_event_embed_is_a_card_of_the_event(client, embeds_data):
    page = client.get("/embed/events/tokayev-meets-rubio/").content.decode()
    assert "Tokayev meets Rubio" in page
    assert "Leaders met." in page
    assert 'datetime="2020-09-15"' in page


def test_a_draft_has_no_embed_even_for_an_editor(country, editor):
    factories.EventFactory(draft=True, slug="secret-talks")
    factories.CountryFactory(draft=True, slug="atlantis")
    client = logged_in(editor)
    assert client.get("/embed/events/secret-talks/").status_code == 404
    assert client.get("/embed/countries/atlantis/timeline/").status_code == 404


def test_an_embed_of_no_record_is_a_404(client, db):
    assert client.get("/embed/events/nothing-here/").status_code == 404
    assert client.get("/embed/countries/nowhere/timeline/").status_code == 404


def test_a_draft_step_stays_out_of_a_countrys_timeline_embed(client, kazakhstan):
    factories.StatusChangeFactory(
        country=kazakhstan, status=AccordsStatus.SIGNATORY, draft=True
    )
    page = client.get("/embed/countries/kazakhstan/timeline/").content.decode()
    assert "Signatory" not in page


# The Embed box and discovery ---------------------------------------------------

PAGES = {
    "/": "/embed/map/",
    "/countries/kazakhstan/": "/embed/countries/kazakhstan/timeline/",
    "/events/tokayev-meets-rubio/": "/embed/events/tokayev-meets-rubio/",
}


@pytest.mark.parametrize(("page", "embed"), PAGES.items())
def test_a_page_with_an_embed_offers_its_iframe_code(client, embeds_data, page, embed):
    content = client.get(page).content.decode()
    box = re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', content, re.S)
    assert box, "no Embed box"
    # Shown as text, escaped: copied, it is the iframe.
    assert box.group(1).startswith("&lt;iframe ")
    code = html.unescape(box.group(1))
    assert f'src="http://testserver{embed}"' in code
    assert re.search(r'width="\d+" height="\d+" title="[^"]+"', code)
    assert "<summary>Embed</summary>" in content


def test_the_embed_code_escapes_what_editors_wrote(client, country):
    factories.EventFactory(title='Talks "at last" <b>&</b>', slug="talks")
    content = client.get("/events/talks/").content.decode()
    box = re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', content, re.S)
    assert "<b>" not in box.group(1)
    code = html.unescape(box.group(1))
    assert 'title="Talks &quot;at last&quot; &lt;b&gt;&amp;&lt;/b&gt;' in code


@pytest.mark.parametrize(("page", "embed"), PAGES.items())
def test_a_page_with_an_embed_links_its_oembed(client, embeds_data, page, embed):
    content = client.get(page).content.decode()
    link = re.search(
        r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)" '
        r'title="[^"]+">',
        content,
    )
    assert link
    oembed = client.get(html.unescape(link.group(1)))
    assert oembed.status_code == 200
    assert f"http://testserver{embed}" in oembed.json()["html"]


def test_a_drafts_preview_offers_no_embed(editor, country):
    factories.EventFactory(draft=True, slug="secret-talks")
    content = logged_in(editor).get("/events/secret-talks/").content.decode()
    assert "embed-code" not in content
    assert "json+oembed" not in content


# oEmbed ------------------------------------------------------------------------


def oembed(client, url, **params):
    return client.get("/oembed/", {"url": url, **params})


def test_oembed_answers_a_rich_embed_for_a_page(client, embeds_data):
    response = oembed(client, "http://testserver/countries/kazakhstan/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["version"] == "1.0"
    assert body["type"] == "rich"
    assert body["title"] == "Kazakhstan: Abraham Accords status timeline"
    assert body["provider_name"] == "Accords"
    assert body["provider_url"] == "http://testserver/"
    assert isinstance(body["width"], int)
    assert isinstance(body["height"], int)
    assert body["cache_age"] > 0
    assert body["html"] == (
        '<iframe src="http://testserver/embed/countries/kazakhstan/timeline/" '
        f'width="{body["width"]}" height="{body["height"]}" '
        'title="Kazakhstan: Abraham Accords status timeline" loading="lazy">'
        "</iframe>"
    )


def test_oembed_fits_the_embed_in_the_largest_size_asked(client, embeds_data):
    body = oembed(
        client, "http://testserver/", format="json", maxwidth="300", maxheight="200"
    ).json()
    assert (body["width"], body["height"]) == (300, 200)
    assert 'width="300" height="200"' in body["html"]
    roomy = oembed(client, "http://testserver/", maxwidth="99999").json()
    assert roomy["width"] < 99999


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("http://testserver", "/embed/map/"),
        ("http://testserver/countries/kazakhstan", "/embed/countries/kazakhstan/"),
        ("http://testserver/events/tokayev-meets-rubio/?ref=x#top", "/embed/events/"),
    ],
)
def test_oembed_takes_an_address_as_readers_copy_it(client, embeds_data, url, embed):
    response = oembed(client, url)
    assert response.status_code == 200
    assert f'src="http://testserver{embed}' in response.json()["html"]


def test_oembed_in_xml_is_not_implemented(client, embeds_data):
    response = oembed(client, "http://testserver/", format="xml")
    assert response.status_code == 501


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/countries/kazakhstan/",
        "http://testserver/no/such/page/",
        "http://testserver/events/",
        "http://testserver/countries/nowhere/",
        "http://testserver/events/secret-talks/",
        "javascript:alert(1)",
        "not a url at all",
        "http://[::1",
    ],
)
def test_oembed_of_an_address_with_no_embed_is_a_404(client, embeds_data, url):
    factories.EventFactory(draft=True, slug="secret-talks")
    response = oembed(client, url)
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"url": "http://testserver/", "maxwidth": "wide"},
        {"url": "http://testserver/", "maxheight": "-4"},
        {"url": "http://testserver/", "maxwidth": "0"},
        {"url": "http://testserver/", "maxwidth": "١٢٠"},
        {"url": "http://testserver/", "maxwidth": "9" * 5000},
    ],
)
def test_oembed_with_bad_parameters_is_a_400(client, embeds_data, params):
    response = client.get("/oembed/", params)
    assert response.status_code == 400
    assert response.json()["error"]


# Query counts ------------------------------------------------------------------


def grow(size: int):
    """``size`` countries, each with a cited step, and ``size`` steps of
    Kazakhstan's and events with places."""
    kazakhstan = factories.CountryFactory(name="Kazakhstan", slug="kazakhstan")
    for day in range(size):
        factories.cite(factories.StatusChangeFactory())
        step = factories.StatusChangeFactory(
            country=kazakhstan, date=datetime.date(2020, 1, 1 + day)
        )
        factories.cite(step)
    factories.EventFactory(slug="the-event", place_country=kazakhstan)


@query_counts(
    [2, 12],
    {
        "/embed/map/": 2,
        "/embed/countries/kazakhstan/timeline/": 2,
        "/embed/events/the-event/": 1,
        "/oembed/?url=http://testserver/countries/kazakhstan/": 1,
    },
)
def test_an_embed_takes_as_many_queries_whatever_the_rows(
    client, db, assert_queries, size, page, queries
):
    grow(size)
    assert_queries(client, page, queries)
