"""Content in English, Hebrew, Arabic and Russian (issue 12, parts 2 and 5):
the translated columns, their fallback to English, the seed's names, the admin
and the API."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.utils import translation

from countries.models import Country, Official
from events import seed
from tests import factories
from tests.admin_forms import change_url, errors_of, form_data, post
from tests.migrations import migrate

LANGUAGES = ["en", "he", "ar", "ru"]

# Migrations -------------------------------------------------------------------

BEFORE = [
    ("core", "0004_site_pages"),
    ("countries", "0005_country_last_checked"),
    ("events", "0010_dataset_versions"),
]
AFTER = [
    ("core", "0005_translations"),
    ("countries", "0006_translations"),
    ("events", "0011_translations"),
]


def old_records(apps):
    Country = apps.get_model("countries", "Country")
    HistoricalCountry = apps.get_model("countries", "HistoricalCountry")
    Event = apps.get_model("events", "Event")
    kazakhstan = Country.objects.create(
        iso2="KZ",
        iso3="KAZ",
        name="Kazakhstan",
        slug="kazakhstan",
        region="central-asia",
        summary="Central Asian country.",
    )
    HistoricalCountry.objects.create(
        id=kazakhstan.id,
        uuid=kazakhstan.uuid,
        iso2="KZ",
        iso3="KAZ",
        name="Kazakhstan",
        slug="kazakhstan",
        region="central-asia",
        summary="Central Asian country.",
        history_date=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        history_type="+",
        version=1,
        created_at=kazakhstan.created_at,
        updated_at=kazakhstan.updated_at,
        publication_status="draft",
        role="none",
    )
    Event.objects.create(
        title="Kazakhstan to join",
        slug="kazakhstan-to-join",
        kind="announcement",
        date=datetime.date(2025, 11, 6),
        date_precision="day",
        date_order=20251106,
        summary="Announced at the White House.",
        body="It was *announced*.",
        body_html="<p>It was <em>announced</em>.</p>",
    )


def test_the_migration_moves_existing_text_to_the_english_columns(old_apps):
    old_records(old_apps)
    apps = migrate(AFTER)
    country = apps.get_model("countries", "Country").objects.get()
    assert (country.name_en, country.summary_en) == (
        "Kazakhstan",
        "Central Asian country.",
    )
    assert country.name_he is None and country.name_ru is None
    version = apps.get_model("countries", "HistoricalCountry").objects.get()
    assert version.name_en == "Kazakhstan"
    event = apps.get_model("events", "Event").objects.get()
    assert event.title_en == "Kazakhstan to join"
    assert event.body_en == "It was *announced*."
    assert event.body_html_en == "<p>It was <em>announced</em>.</p>"


def test_the_migration_backwards_keeps_the_english_text(old_apps):
    old_records(old_apps)
    apps = migrate(AFTER)
    Country = apps.get_model("countries", "Country")
    Country.objects.update(name_en="Republic of Kazakhstan", name_he="קזחסטן")
    apps = migrate(BEFORE)
    country = apps.get_model("countries", "Country").objects.get()
    assert country.name == "Republic of Kazakhstan"
    assert apps.get_model("events", "Event").objects.get().title == (
        "Kazakhstan to join"
    )


# Models, history ----------------------------------------------------------------


def test_a_name_reads_in_the_active_language_and_falls_back_to_english(country):
    country.name_he = "קזחסטן"
    country.save()
    with translation.override("he"):
        assert Country.objects.get().name == "קזחסטן"
    with translation.override("ar"):
        assert Country.objects.get().name == "Kazakhstan"


def test_every_version_keeps_every_language(country):
    country.name_ru = "Казахстан"
    country.save()
    latest = country.history.latest()
    assert (latest.name_en, latest.name_ru) == ("Kazakhstan", "Казахстан")
    assert Country.history_links  # still a linked history (core.history)


def test_an_event_body_is_rendered_and_cleaned_in_each_language(event):
    event.body_en = "In *English*"
    event.body_he = "ב*עברית* <script>alert(1)</script>"
    event.save()
    event.refresh_from_db()
    assert event.body_html_en == "<p>In <em>English</em></p>"
    assert "<em>עברית</em>" in event.body_html_he
    assert "<script>" not in event.body_html_he
    assert event.body_html_ar == ""
    with translation.override("ar"):
        assert event.body_html == "<p>In <em>English</em></p>"


# Pages ------------------------------------------------------------------------


def test_the_country_page_in_hebrew_shows_the_hebrew_name(client, country):
    country.name_he = "קזחסטן"
    country.save()
    with translation.override("he"):
        page = client.get(country.get_absolute_url()).content.decode()
    assert "<h1>קזחסטן</h1>" in page


def test_a_missing_translation_shows_english_marked_as_english(client, country):
    with translation.override("he"):
        page = client.get(country.get_absolute_url()).content.decode()
    assert '<h1><span lang="en">Kazakhstan</span> <small class="in-english">' in page
    assert "(באנגלית)</small></h1>" in page  # "(in English)", in Hebrew


def test_an_event_page_in_arabic_marks_what_is_still_in_english(
    client, event, official
):
    factories.PositionFactory(
        official=official, office=factories.OfficeFactory(title="President")
    )
    event.body_en = "In *English*"
    event.save()
    factories.cite(event, quote="Kazakhstan will join the Abraham Accords.")
    with translation.override("ar"):
        page = client.get(event.get_absolute_url()).content.decode()
    # An office's title before a name: marked, without "(in English)" inside it.
    assert '<span lang="en">President</span> Kassym-Jomart Tokayev</a>' in page
    assert '<div lang="en"><p>In <em>English</em></p></div>' in page
    assert '<small class="in-english">(بالإنجليزية)</small></h2>' in page
    # A source keeps its own language, isolated from the Arabic around it.
    assert '<bdi lang="en"><cite><a href="https://www.ynetnews.com/' in page
    assert '<blockquote lang="en"' in page


def test_a_past_office_reads_then_in_the_pages_language(client, event, official):
    office = factories.OfficeFactory(title="President", title_he="נשיא")
    ended = factories.PositionFactory(official=official, office=office, end=event.date)
    factories.PositionFactory(
        official=official, start=ended.end + datetime.timedelta(days=1)
    )
    with translation.override("he"):
        page = client.get(event.get_absolute_url()).content.decode()
    assert ">נשיא דאז Kassym-Jomart Tokayev</a>" in page


def test_the_tag_renders_plain_text_when_translated_or_in_english(country):
    template = Template('{% load translated %}{% translated country "name" %}')
    assert template.render(Context({"country": country})) == "Kazakhstan"
    country.name_ar = "كازاخستان"
    with translation.override("ar"):
        assert template.render(Context({"country": country})) == "كازاخستان"
    country.name_en = "<Kazakhstan>"
    assert template.render(Context({"country": country})) == "&lt;Kazakhstan&gt;"


def test_alt_text_in_english_is_marked_on_the_image(event):
    photo = factories.PhotoFactory(event=event, alt_text="Two men shake hands")
    template = Template("{% load photos %}{% photo_img photo %}")
    with translation.override("ru"):
        html = template.render(Context({"photo": photo}))
    assert 'alt="Two men shake hands" lang="en"' in html
    photo.alt_text_ru = "Двое пожимают руки"
    with translation.override("ru"):
        html = template.render(Context({"photo": photo}))
    assert 'alt="Двое пожимают руки"' in html and 'lang="en"' not in html


# Admin ------------------------------------------------------------------------


def test_an_editor_writes_a_hebrew_name_beside_the_english_one(editor_client, country):
    page = editor_client.get(change_url(country))
    content = page.content.decode()
    # English under the field's own name, the other languages beside it.
    assert 'name="name"' in content
    for code in ("he", "ar", "ru"):
        assert f'name="name_{code}"' in content
    assert 'lang="he" dir="auto"' in content or 'dir="auto" lang="he"' in content
    data = form_data(page)
    response = post(editor_client, country, data, name_he="קזחסטן")
    assert response.status_code == 302, errors_of(response)
    country.refresh_from_db()
    assert (country.name_en, country.name_he) == ("Kazakhstan", "קזחסטן")


def test_two_editors_translating_different_languages_both_keep_theirs(
    alice_saves_after_eve_opened, editor_client, country
):
    eve_form = alice_saves_after_eve_opened(country, name_ar="كازاخستان")
    response = post(editor_client, country, eve_form, name_ru="Казахстан")
    assert response.status_code == 302, errors_of(response)
    country.refresh_from_db()
    assert (country.name_ar, country.name_ru) == ("كازاخستان", "Казахстан")


# Seed -------------------------------------------------------------------------


def test_the_seed_names_every_country_and_official_in_four_languages():
    data = seed.read(seed.default_path())
    for section in ("countries", "officials"):
        for record in data[section]:
            names = record["names"]
            assert set(names) == {"he", "ar", "ru"}, record["name"]
            assert all(name.strip() for name in names.values())
    kazakhstan = next(c for c in data["countries"] if c["iso2"] == "KZ")
    assert kazakhstan["names"] == {"he": "קזחסטן", "ar": "كازاخستان", "ru": "Казахстан"}
    lutnick = next(o for o in data["officials"] if o["key"] == "lutnick")
    assert lutnick["names"] == {
        "he": "הווארד לוטניק",
        "ar": "هوارد لوتنيك",
        "ru": "Говард Лютник",
    }


def test_the_loaded_seed_has_the_names_and_adds_them_to_an_older_database(seeded):
    for model in (Country, Official):
        for record in model.objects.all():
            for code in LANGUAGES:
                assert getattr(record, f"name_{code}"), (record, code)
    # A database loaded before the seed had the names: they are added, and
    # a translation an editor made is kept.
    Country.objects.update(name_he=None, name_ar=None)
    Country.objects.filter(iso2="KZ").update(name_ar="قازاقستان")
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    assert "names added in other languages to 16" in out.getvalue()
    kazakhstan = Country.objects.get(iso2="KZ")
    assert (kazakhstan.name_he, kazakhstan.name_ar) == ("קזחסטן", "قازاقستان")
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    assert "names added" not in out.getvalue()


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ('"Kazakhstan"', "must be a table"),
        ('{ he = "קזחסטן", ar = "كازاخستان" }', "the name in 'ru' is missing"),
        ('{ he = "א", ar = "ب", ru = "в", fr = "x" }', "'fr' is not a language"),
        ('{ he = "", ar = "ب", ru = "в" }', "he: must be text"),
    ],
)
def test_the_seed_refuses_names_it_cannot_use(tmp_path, names, message):
    text = seed.default_path().read_text()
    broken = text.replace(
        'names = { he = "קזחסטן", ar = "كازاخستان", ru = "Казахстан" }',
        f"names = {names}",
    )
    path = tmp_path / "seed.toml"
    path.write_text(broken)
    with pytest.raises(seed.SeedError, match=message):
        seed.read(path)


# API --------------------------------------------------------------------------


@pytest.fixture
def translated(country):
    country.name_he = "קזחסטן"
    country.name_ru = "Казахстан"
    country.save()
    return country


def country_detail(client, query="", **headers):
    return client.get(f"/api/v1/countries/KZ/{query}", headers=headers)


def test_the_api_answers_in_the_language_asked_for(api_client, translated):
    response = country_detail(api_client, "?lang=he")
    assert response.json()["name"] == "קזחסטן"
    assert response["Content-Language"] == "he"
    assert "Accept-Language" in response["Vary"]
    # Not translated into Arabic: the English name.
    assert country_detail(api_client, "?lang=ar").json()["name"] == "Kazakhstan"


def test_accept_language_chooses_unless_the_parameter_says_otherwise(
    api_client, translated
):
    response = country_detail(api_client, Accept_Language="ru-RU,ru;q=0.9,en;q=0.5")
    assert (response.json()["name"], response["Content-Language"]) == (
        "Казахстан",
        "ru",
    )
    response = country_detail(api_client, "?lang=he", Accept_Language="ru")
    assert response.json()["name"] == "קזחסטן"
    for header in ("fr-FR,de;q=0.8", "", "*", "x" * 300):
        response = country_detail(api_client, Accept_Language=header)
        assert (response.json()["name"], response["Content-Language"]) == (
            "Kazakhstan",
            "en",
        )


def test_every_language_at_once(api_client, translated):
    response = country_detail(api_client, "?lang=all")
    body = response.json()
    assert body["name"] == "Kazakhstan"
    assert body["name_translations"] == {
        "en": "Kazakhstan",
        "he": "קזחסטן",
        "ar": None,
        "ru": "Казахстан",
    }
    assert set(body["summary_translations"]) == set(LANGUAGES)
    assert response["Content-Language"] == "en, he, ar, ru"
    listed = api_client.get("/api/v1/countries/?lang=all").json()["results"][0]
    assert listed["name_translations"]["he"] == "קזחסטן"


def test_a_language_the_site_has_not_is_a_400(api_client, translated):
    response = country_detail(api_client, "?lang=fr")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "lang" in body["errors"]
    assert "he" in body["errors"]["lang"][0]


def test_each_language_has_its_own_etag(api_client, translated):
    tags = {country_detail(api_client, f"?lang={code}")["ETag"] for code in LANGUAGES}
    assert len(tags) == 4
    hebrew = country_detail(api_client, "?lang=he")["ETag"]
    response = country_detail(api_client, "?lang=he", If_None_Match=hebrew)
    assert response.status_code == 304
    response = country_detail(api_client, "?lang=ru", If_None_Match=hebrew)
    assert response.status_code == 200


def test_writes_take_each_language(writer_client, translated):
    response = writer_client.patch(
        "/api/v1/countries/KZ/",
        {"name_ar": "كازاخستان", "version": translated.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    translated.refresh_from_db()
    assert translated.name_ar == "كازاخستان"
    assert translated.name_en == "Kazakhstan"


def test_the_csv_list_has_a_column_per_language(api_client, translated):
    response = api_client.get("/api/v1/countries/?format=csv")
    header, row = response.content.decode("utf-8-sig").splitlines()[:2]
    columns = header.split(",")
    for code in LANGUAGES:
        assert f"name_{code}" in columns
    assert row.split(",")[columns.index("name_he")] == "קזחסטן"


def test_languages_add_no_queries(api_client, translated, django_assert_num_queries):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as english:
        api_client.get("/api/v1/events/")
    for query in ("?lang=he", "?lang=all"):
        with django_assert_num_queries(len(english.captured_queries)):
            api_client.get(f"/api/v1/events/{query}")


def test_the_site_has_the_four_languages():
    assert [code for code, _ in settings.LANGUAGES] == LANGUAGES


def test_name_is_written_in_the_requests_language(writer_client, translated):
    response = writer_client.patch(
        "/api/v1/countries/KZ/?lang=ar",
        {"name": "كازاخستان", "version": translated.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "كازاخستان"
    translated.refresh_from_db()
    assert (translated.name_en, translated.name_ar) == ("Kazakhstan", "كازاخستان")


def test_the_english_name_cannot_be_removed(writer_client, translated):
    response = writer_client.patch(
        "/api/v1/countries/KZ/",
        {"name_en": "", "name_he": None, "version": translated.version},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name_en"}
