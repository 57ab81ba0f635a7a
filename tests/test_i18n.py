"""The interface in English, Hebrew, Arabic and Russian (issue 12).

The language comes from the address alone: English unprefixed at ``/`` (every
published link still works), the others under ``/he/``, ``/ar/``, ``/ru/``.
"""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

LOCALE = Path(settings.BASE_DIR) / "locale"
OTHER_LANGUAGES = {"he": "rtl", "ar": "rtl", "ru": "ltr"}
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


pytestmark = pytest.mark.usefixtures("compiled_messages", "english_afterwards")


@pytest.fixture
def pages(kazakhstan, event, official):
    """The address of every kind of public page, without a language prefix."""
    return {
        "home": "/",
        "country": f"/countries/{kazakhstan.slug}/",
        "event": f"/events/{event.slug}/",
        "official": f"/officials/{official.slug}/",
        "search": "/search/?q=Kazakhstan",
        "timeline": "/timeline/",
        "about": "/about/",
        "countries": "/countries/",
        "events": "/events/",
        "officials": "/officials/",
        "methodology": "/methodology/",
        "corrections": "/corrections/",
        "as of": "/as-of/2021-01-01/",
        "data": "/data/",
        "chart": "/timeline/chart/",
        "embed": f"/embed/events/{event.slug}/",
    }


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def alternates(response) -> dict[str, str]:
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">',
            response.content.decode(),
        )
    )


def switcher(response) -> list[str]:
    return re.findall(
        r'<a href="[^"]*" lang="[^"]*" hreflang="[^"]*"[^>]*>[^<]*</a>',
        response.content.decode(),
    )


def test_english_stays_at_the_root_with_every_old_address(client, pages):
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        assert '<html lang="en" dir="ltr">' in html_tag(response), name
        assert response["Content-Language"] == "en"


def test_the_feeds_and_files_keep_their_addresses(client, pages, kazakhstan):
    for path in (
        "/feeds/events/",
        f"/feeds/countries/{kazakhstan.slug}/",
        "/corrections/feed/",
        "/events.ics",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
    ):
        assert client.get(path).status_code == 200, path


def test_a_reader_at_the_root_gets_english_whatever_they_ask_for(client, pages):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="he,ar;q=0.9")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    cookie_response = client.get("/")
    for answer in (response, cookie_response):
        assert answer.status_code == 200
        assert html_tag(answer) == '<html lang="en" dir="ltr">'
        # So a shared cache keeps one copy of each page, whoever asked.
        assert "Accept-Language" not in answer.get("Vary", "")


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_page_in_each_language_says_its_language_and_direction(
    client, pages, language
):
    for name, path in pages.items():
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, name
        direction = OTHER_LANGUAGES[language]
        assert html_tag(response) == f'<html lang="{language}" dir="{direction}">', name
        assert response["Content-Language"] == language


def test_an_unknown_language_prefix_is_not_found(client, db):
    for path in ("/xx/", "/xx/countries/", "/fr/", "/en/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert html_tag(response) == '<html lang="en" dir="ltr">'


def test_a_page_not_found_in_hebrew_is_in_hebrew(client, db):
    response = client.get("/he/countries/nowhere/")
    assert response.status_code == 404
    assert html_tag(response) == '<html lang="he" dir="rtl">'
    assert "הדף לא נמצא" in response.content.decode()


def test_the_switcher_links_the_same_page_in_each_language(client, pages):
    response = client.get("/he/search/?q=Kazakhstan")
    links = switcher(response)
    assert links == [
        '<a href="/search/?q=Kazakhstan" lang="en" hreflang="en">English</a>',
        '<a href="/he/search/?q=Kazakhstan" lang="he" hreflang="he"'
        ' aria-current="true">עברית</a>',
        '<a href="/ar/search/?q=Kazakhstan" lang="ar" hreflang="ar">العربية</a>',
        '<a href="/ru/search/?q=Kazakhstan" lang="ru" hreflang="ru">Русский</a>',
    ]
    english = switcher(client.get(pages["country"]))
    assert 'aria-current="true">English</a>' in english[0]
    assert english[1].startswith(f'<a href="/he{pages["country"]}"')


def test_each_page_lists_its_alternates_and_its_canonical(client, pages):
    for path in (pages["home"], pages["event"], pages["about"]):
        for prefix in ("", "/ar"):
            response = client.get(prefix + path)
            assert alternates(response) == {
                "en": f"http://testserver{path}",
                "x-default": f"http://testserver{path}",
                "he": f"http://testserver/he{path}",
                "ar": f"http://testserver/ar{path}",
                "ru": f"http://testserver/ru{path}",
            }
            canonical = re.search(
                r'<link rel="canonical" href="([^"]+)">', response.content.decode()
            )
            assert canonical.group(1) == f"http://testserver{prefix}{path}"


@pytest.mark.parametrize(
    "language, words",
    [
        ("en", ["Countries", "Officials", "Events", "Timeline", "Abraham Accords"]),
        ("he", ["מדינות", "בעלי תפקידים", "אירועים", "ציר זמן", "הסכמי אברהם"]),
        ("ar", ["الدول", "المسؤولون", "الأحداث", "الخط الزمني", "اتفاقيات أبراهام"]),
        ("ru", ["Страны", "Официальные лица", "События", "Хронология"]),
    ],
)
def test_the_interface_is_in_the_pages_language(client, kazakhstan, language, words):
    prefix = "" if language == "en" else f"/{language}"
    body = client.get(f"{prefix}/").content.decode()
    for word in words:
        assert word in body, word


def test_dates_are_written_in_the_pages_language(client, kazakhstan):
    # The announcement of 6 November 2025 and the talks of August 2025.
    english = client.get("/countries/kazakhstan/").content.decode()
    assert "6 November 2025" in english
    assert "August 2025" in english
    russian = client.get("/ru/countries/kazakhstan/").content.decode()
    assert "6 ноября 2025" in russian
    assert "с 6 ноября 2025" in russian
    assert "августа 2025" in russian
    hebrew = client.get("/he/countries/kazakhstan/").content.decode()
    assert "נובמבר" in hebrew
    arabic = client.get("/ar/countries/kazakhstan/").content.decode()
    assert "نوفمبر" in arabic


def test_the_search_box_follows_what_is_typed(client, db):
    body = client.get("/ar/").content.decode()
    assert re.search(r'<input id="site-search-q"[^>]* dir="auto"', body)


def test_each_language_has_its_feed(client, event):
    for language in OTHER_LANGUAGES:
        response = client.get(f"/{language}/feeds/events/")
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        link = root.find(f"{ATOM}link").get("href")
        assert f"/{language}/" in link
        entry = root.find(f"{ATOM}entry").find(f"{ATOM}link").get("href")
        assert f"/{language}/events/{event.slug}/" in entry
    english = ET.fromstring(client.get("/feeds/events/").content)
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_the_sitemap_lists_every_page_in_every_language(client, event, kazakhstan):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = {url.findtext(f"{SITEMAP}loc") for url in root}
    for prefix in ("", "/he", "/ar", "/ru"):
        assert f"http://testserver{prefix}/events/{event.slug}/" in locations
        assert f"http://testserver{prefix}/countries/{kazakhstan.slug}/" in locations
        assert f"http://testserver{prefix}/about/" in locations
    event_entry = next(
        url
        for url in root
        if url.findtext(f"{SITEMAP}loc") == f"http://testserver/he/events/{event.slug}/"
    )
    links = {
        link.get("hreflang"): link.get("href")
        for link in event_entry.findall(f"{XHTML}link")
    }
    assert links["x-default"] == f"http://testserver/events/{event.slug}/"
    assert links["ru"] == f"http://testserver/ru/events/{event.slug}/"


def test_admin_and_api_stay_unprefixed(client, db):
    assert client.get("/he/admin/").status_code == 404
    assert client.get("/he/api/v1/").status_code == 404
    assert client.get("/api/v1/").status_code == 200
    assert client.get("/robots.txt").status_code == 200


def test_pages_in_another_language_cost_no_more_queries(client, pages):
    for path in (pages["home"], pages["country"], pages["event"]):
        client.get(path)  # warm whatever is cached per process
        with CaptureQueriesContext(connection) as english:
            client.get(path)
        with CaptureQueriesContext(connection) as hebrew:
            client.get(f"/he{path}")
        assert len(hebrew) == len(english), path


def catalogue(path: Path) -> list[dict]:
    """The entries of a .po file: each one's msgid, its msgstr values and
    whether it is marked fuzzy (the header, msgid "", is left out)."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry and entry["msgid"]:
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry or {"msgid": "", "msgstr": {}, "fuzzy": False}
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif match := re.match(
            r'(msgid|msgid_plural|msgctxt|msgstr(?:\[\d+\])?) "(.*)"$', line
        ):
            field, value = match.groups()
            if field.startswith("msgstr"):
                entry["msgstr"][field] = value
            elif field == "msgid":
                entry["msgid"] = value
        elif line.startswith('"') and field:
            value = line[1:-1]
            if field.startswith("msgstr"):
                entry["msgstr"][field] += value
            elif field == "msgid":
                entry["msgid"] += value
    return entries


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_message_is_translated(language):
    entries = catalogue(LOCALE / language / "LC_MESSAGES" / "django.po")
    untranslated = [
        entry["msgid"] for entry in entries if not all(entry["msgstr"].values())
    ]
    fuzzy = [entry["msgid"] for entry in entries if entry["fuzzy"]]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:5]}"
    assert len(entries) > 100


# The admin ------------------------------------------------------------------


def admin_page(client, user, path: str, language: str) -> str:
    """An admin page as an editor whose browser asks for ``language`` sees it."""
    client.force_login(user)
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    return response.text


def test_the_admin_follows_the_editors_browser_and_stays_unprefixed(client, superuser):
    client.force_login(superuser)
    english = client.get("/admin/")
    assert english["Content-Language"] == "en"
    assert "Countries, officials, events and their sources" in english.text
    hebrew = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="he,en;q=0.5")
    assert '<html lang="he" dir="rtl"' in hebrew.text
    # The public pages keep the language of their address.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="he")["Content-Language"] == "en"


def test_the_admin_names_our_records_and_columns_in_hebrew(
    client, superuser, kazakhstan
):
    page = admin_page(client, superuser, "/admin/countries/country/", "he")
    assert "מדינות" in page  # the model's plural name, "countries"
    assert "המעמד בהסכמים היום" in page  # the column "accords status today"
    assert "פרסום ה" in page  # the action "Publish the selected countries"
    assert "accords status today" not in page
    index = admin_page(client, superuser, "/admin/", "he")
    assert "מדינות, בעלי תפקידים, אירועים ומקורותיהם" in index
    assert "השולחן שלך" in index  # "Your desk"
    # The app list names each kind of record.
    for plural in ("אירועים", "בעלי תפקידים", "שינויי מעמד", "פרסומים"):
        assert f'">{plural}</a>' in index, plural


def test_the_admin_form_explains_its_fields_in_russian(client, superuser, kazakhstan):
    page = admin_page(
        client, superuser, f"/admin/countries/country/{kazakhstan.pk}/change/", "ru"
    )
    assert "Две заглавные буквы по ISO 3166-1, например KZ." in page
    assert "Для читателей" in page  # the fieldset "For readers"
    assert "Two capital letters" not in page


def test_the_admin_form_labels_its_fields_in_hebrew(client, superuser, kazakhstan):
    path = f"/admin/countries/country/{kazakhstan.pk}/change/"
    page = admin_page(client, superuser, path, "he")
    for label in (
        '"id_name">שם [en]:',
        '"id_slug">מזהה בכתובת:',
        '"id_region">אזור:',
        '"id_summary_he">תקציר [he]:',
        '"id_version">גרסה:',
        "<label>פורסם ב־:</label>",  # published at
        '"id_relation_with_israel-0-confidence">רמת ודאות:',
    ):
        assert label in page, label
    assert "Region:" not in page


def test_the_english_admin_form_keeps_its_labels(client, superuser, kazakhstan):
    client.force_login(superuser)
    response = client.get(f"/admin/countries/country/{kazakhstan.pk}/change/")
    assert response["Content-Language"] == "en"
    for label in (
        '"id_name">Name [en]:',
        '"id_slug">Slug:',
        '"id_region">Region:',
        '"id_iso2">ISO alpha-2 code:',
        '"id_version">Version:',
        "<label>Published at:</label>",
        '"id_relation_with_israel-0-confidence">Confidence:',
    ):
        assert label in response.text, label


# Lists, the map and former offices ------------------------------------------


def test_arabic_lists_are_separated_by_the_arabic_comma(client, official):
    for name in ("Касым-Жомарт Токаев", "قاسم جومارت توكاييف"):
        factories.OtherNameFactory(official=official, name=name)
    url = f"/officials/{official.slug}/"
    arabic = client.get(f"/ar{url}").content.decode()
    assert "<bdi>Касым-Жомарт Токаев</bdi>، <bdi>قاسم جومارت توكاييف</bdi>" in arabic
    english = client.get(url).content.decode()
    assert "<bdi>Касым-Жомарт Токаев</bdi>, <bdi>قاسم جومارت توكاييف</bdi>" in english


def test_the_map_lists_disputed_territories_with_the_arabic_comma(client, kazakhstan):
    body = client.get("/ar/").content.decode()
    assert "<bdi>الصحراء الغربية</bdi>" in body
    assert "</bdi>، <bdi>" in body
    assert "</bdi>, <bdi>" not in body


def test_the_map_names_disputed_territories_in_hebrew(client, kazakhstan):
    body = client.get("/he/").content.decode()
    assert "<bdi>הגדה המערבית ועזה (השטחים הפלסטיניים)</bdi>" in body
    assert "<bdi>רמת הגולן (ישראל)</bdi>" in body
    assert "הגדה המערבית ועזה (השטחים הפלסטיניים): שטח שנוי במחלוקת" in body
    for english in ("West Bank and Gaza", "Golan Heights", "Western Sahara"):
        assert english not in body, english
    assert "West Bank and Gaza (Palestinian territories)" in client.get("/").text


def test_a_former_office_is_named_in_the_pages_language(client, country):
    former = factories.nazarbayev(country)
    office = former.positions.get().office
    office.title_he = "נשיא"
    office.save()
    hebrew = client.get("/he/officials/").content.decode()
    assert "<p>לשעבר נשיא</p>" in hebrew
    # Untranslated, the English title stands in.
    russian = client.get("/ru/officials/").content.decode()
    assert "President" in russian
    assert "Former President" in client.get("/officials/").text


def test_menu_and_footer_follow_each_pages_language_and_place(client, db):
    """The main menu and the footer are drawn once per language and page kind
    (core/templatetags/fixed.py): each page still gets its own language's
    words and links, and the menu marks the page it is on."""

    def parts(path):
        html = client.get(path).text
        nav = html.split('<nav class="site-nav"')[1].split("</nav>")[0]
        footer = html.split('<footer class="site-footer">')[1]
        return nav, footer

    nav, footer = parts("/events/")
    assert '<a href="/events/" aria-current="page">Events</a>' in nav
    assert '<a href="/about/">About</a>' in footer
    nav, footer = parts("/he/countries/")
    assert '<a href="/he/countries/" aria-current="page">מדינות</a>' in nav
    assert 'aria-current="page">Events' not in nav
    assert '<a href="/he/about/">אודות</a>' in footer
    nav, footer = parts("/ar/events/")
    assert '<a href="/ar/about/">عن الموقع</a>' in footer
    nav, footer = parts("/countries/")
    assert '<a href="/countries/" aria-current="page">Countries</a>' in nav
    assert '<a href="/about/">About</a>' in footer
