"""The event endpoint and the removed-records feed: shapes, filters, CSV,
writes and publishing, permissions (query counts: tests/test_api.py)."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from core.models import PublicationStatus
from core.partial_dates import Precision
from countries.models import Role
from events.models import Event, EventKind
from tests import factories
from tests.conftest import clock_at, grant, results, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def usa(db):
    return factories.CountryFactory(
        iso2="US", iso3="USA", name="United States", role=Role.BROKER
    )


@pytest.fixture
def white_house_meeting(event, official, country, usa):
    """Tokayev meets Rubio in Washington, on 6 November 2025, as the article says."""
    event.date = datetime.date(2025, 11, 6)
    event.place_city = "Washington"
    event.place_country = usa
    event.countries.add(usa)
    event.save()
    factories.PositionFactory(
        official=official,
        office=factories.OfficeFactory(title="President", country=country),
        start=datetime.date(2019, 3, 20),
    )
    factories.PositionFactory(
        official=official,
        office=factories.OfficeFactory(title="Prime Minister", country=country),
        start=datetime.date(1999, 10, 1),
        end=datetime.date(2002, 1, 28),
    )
    rubio = factories.OfficialFactory(
        name="Marco Rubio", slug="marco-rubio", country=usa
    )
    factories.ParticipantFactory(event=event, official=rubio, role="host", order=1)
    factories.ParticipantFactory(
        event=event, official=None, name="Aides", role="", order=2
    )
    factories.cite(event, quote="Tokayev met Secretary of State Marco Rubio")
    photo = factories.PhotoFactory(
        event=event,
        caption="Tokayev and Rubio at the State Department",
        credit="Kazakhstan Embassy in Israel",
        alt_text="Two men shaking hands in front of flags.",
    )
    photo.officials.add(rubio)
    return event


def slugs(response) -> list[str]:
    return [event["slug"] for event in results(response)]


def dated(text: str, **kwargs) -> Event:
    event = factories.EventFactory(
        slug=f"event-{text}", title=f"Event {text}", **kwargs
    )
    event.date_partial = text
    event.save()
    return event


# Reading ------------------------------------------------------------------------


def test_an_event_in_the_list_has_its_own_fields(api_client, white_house_meeting):
    [row] = results(api_client.get("/api/v1/events/"))
    assert row == {
        "uuid": str(white_house_meeting.uuid),
        "url": "http://testserver/api/v1/events/tokayev-meets-rubio/",
        "slug": "tokayev-meets-rubio",
        "title": "Tokayev meets Rubio",
        "kind": "meeting",
        "date": "2025-11-06",
        "date_precision": "day",
        "end_date": None,
        "end_date_precision": None,
        "place_city": "Washington",
        "place_country": "US",
        "place": "Washington, United States",
        "countries": ["KZ", "US"],
        "summary": "Leaders met.",
        "confidence": "confirmed",
        "confidence_note": "",
        "publication_status": "published",
        "published_at": row["published_at"],
        "updated_at": row["updated_at"],
        "version": white_house_meeting.version,
    }


def test_an_event_detail_has_participants_with_their_offices_at_the_time(
    api_client, white_house_meeting
):
    body = api_client.get("/api/v1/events/tokayev-meets-rubio/").json()
    tokayev, rubio, aides = body["participants"]
    assert (tokayev["name"], tokayev["role"], tokayev["official"]) == (
        "Kassym-Jomart Tokayev",
        "guest",
        "kassym-jomart-tokayev",
    )
    assert [(p["title"], p["country"], p["start"]) for p in tokayev["positions"]] == [
        ("President", "KZ", "2019-03-20")
    ]
    assert (rubio["name"], rubio["role"], rubio["positions"]) == (
        "Marco Rubio",
        "host",
        [],
    )
    assert aides == {"name": "Aides", "role": "", "official": None, "positions": []}


def test_an_event_detail_has_citations_and_photos_with_absolute_urls(
    api_client, white_house_meeting
):
    body = api_client.get("/api/v1/events/tokayev-meets-rubio/").json()
    [citation] = body["citations"]
    publication = white_house_meeting.citations.get().publication
    assert citation["quote"] == "Tokayev met Secretary of State Marco Rubio"
    assert citation["publication"] == str(publication.uuid)
    assert citation["publication_url"].startswith("https://www.ynetnews.com/article/")
    assert citation["publication_api_url"] == (
        f"http://testserver/api/v1/publications/{publication.uuid}/"
    )
    assert (citation["publisher"], citation["kind"], citation["primary"]) == (
        "Ynet",
        "news",
        False,
    )
    [photo] = body["photos"]
    assert photo["image"].startswith("http://testserver/media/photos/")
    assert photo | {"uuid": None, "image": None} == {
        "uuid": None,
        "image": None,
        "caption": "Tokayev and Rubio at the State Department",
        "credit": "Kazakhstan Embassy in Israel",
        "alt_text": "Two men shaking hands in front of flags.",
        "officials": ["marco-rubio"],
    }
    stored = white_house_meeting.photos.get().image
    assert photo["image"] == f"http://testserver{stored.url}"
    assert stored.storage.exists(stored.name)


def test_an_event_detail_has_its_body_as_sanitised_html(api_client, event):
    event.body = "**Signed.** <script>alert(1)</script>"
    event.save()
    body = api_client.get(f"/api/v1/events/{event.slug}/").json()
    assert body["body"] == "**Signed.** <script>alert(1)</script>"
    assert "<strong>Signed.</strong>" in body["body_html"]
    assert "<script>" not in body["body_html"]


def test_an_event_detail_names_the_status_changes_it_caused(api_client, event, country):
    change = factories.StatusChangeFactory(country=country, status="announced")
    event.status_changes.add(change)
    body = api_client.get(f"/api/v1/events/{event.slug}/").json()
    assert [(c["country"], c["status"], c["date"]) for c in body["status_changes"]] == [
        ("KZ", "announced", "2020-09-15")
    ]


def test_an_old_event_slug_redirects(api_client, event):
    event.slug = "tokayev-meets-rubio-2025"
    event.save()
    response = api_client.get("/api/v1/events/tokayev-meets-rubio/")
    assert response.status_code == 301
    assert response["Location"].endswith("/api/v1/events/tokayev-meets-rubio-2025/")


# Filters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("date_after=2020-12-05", ["event-2021", "event-2020-12"]),
        ("date_after=2020-12-05&date_before=2020-12-05", ["event-2020-12"]),
        ("date_before=2020-11-30", ["event-2020-09-15", "event-1992"]),
        ("date_after=1992-06&date_before=1992-06", ["event-1992"]),
        ("date_after=2021-01", ["event-2021"]),
        ("date_after=2020&date_before=2020", ["event-2020-12", "event-2020-09-15"]),
        ("date_after=2022", []),
    ],
)
def test_date_filters_treat_partial_dates_as_periods(api_client, db, query, expected):
    for text in ("1992", "2020-09-15", "2020-12", "2021"):
        dated(text)
    assert slugs(api_client.get(f"/api/v1/events/?{query}")) == expected


def test_an_event_with_an_end_date_is_found_until_it_ends(api_client, db):
    talks = dated("2020-09-13")
    talks.end_date_partial = "2020-10"
    talks.save()
    assert slugs(api_client.get("/api/v1/events/?date_after=2020-10-31")) == [
        talks.slug
    ]
    assert slugs(api_client.get("/api/v1/events/?date_after=2020-11-01")) == []


def test_events_are_filtered_by_kind_country_official_and_text(
    api_client, white_house_meeting, usa
):
    other = factories.EventFactory(
        title="Accords signed", kind=EventKind.SIGNING, summary="At the White House."
    )
    other.countries.add(usa)
    assert slugs(api_client.get("/api/v1/events/?kind=signing")) == [other.slug]
    assert set(slugs(api_client.get("/api/v1/events/?country=US"))) == {
        other.slug,
        white_house_meeting.slug,
    }
    assert slugs(api_client.get("/api/v1/events/?country=KZ")) == [
        white_house_meeting.slug
    ]
    assert slugs(api_client.get("/api/v1/events/?country=kz")) == [
        white_house_meeting.slug
    ]
    assert slugs(api_client.get("/api/v1/events/?official=marco-rubio")) == [
        white_house_meeting.slug
    ]
    assert slugs(api_client.get("/api/v1/events/?q=white%20house")) == [other.slug]


def test_events_are_ordered_latest_first_unless_asked(api_client, db):
    for text in ("2020-12-22", "2020-12", "2021-01-06", "2020"):
        dated(text)
    assert slugs(api_client.get("/api/v1/events/")) == [
        "event-2021-01-06",
        "event-2020",
        "event-2020-12",
        "event-2020-12-22",
    ]
    assert slugs(api_client.get("/api/v1/events/?ordering=date")) == [
        "event-2020-12-22",
        "event-2020-12",
        "event-2020",
        "event-2021-01-06",
    ]
    assert (
        slugs(api_client.get("/api/v1/events/?ordering=-title"))[0]
        == "event-2021-01-06"
    )


@pytest.mark.parametrize("part", ["citation", "publication"])
def test_updated_after_finds_events_whose_sources_changed(
    api_client, white_house_meeting, part
):
    later = timezone.now() + datetime.timedelta(minutes=5)
    cutoff = (later - datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert slugs(api_client.get(f"/api/v1/events/?updated_after={cutoff}")) == []
    citation = white_house_meeting.citations.get()
    with clock_at(later):
        if part == "citation":
            citation.locator = "paragraph 4"
            citation.save()
        else:
            # The event shows its publication's fields: an archive link added
            # to the document is news to a copy of the event.
            citation.publication.archive_url = "https://web.archive.org/web/2025/ynet"
            citation.publication.save()
    assert slugs(api_client.get(f"/api/v1/events/?updated_after={cutoff}")) == [
        white_house_meeting.slug
    ]


@pytest.mark.parametrize(
    "query, field, words",
    [
        ("date_after=2020-13", "date_after", "the month must be between 01 and 12"),
        ("date_after=2021-02-30", "date_after", "February 2021 has days 01 to 28"),
        ("date_after=0000", "date_after", "there is no year 0000"),
        ("date_before=2020-1", "date_before", "is not a date"),
        ("date_before=%202020", "date_before", "is not a date"),
        ("date_before=yesterday", "date_before", "is not a date"),
        ("date_after=%25", "date_after", "“%” is not a date"),
        ("date_after=%25(value)s", "date_after", "“%(value)s” is not a date"),
        ("date_before=%D9%A2%D9%A0%D9%A2%D9%A0", "date_before", "is not a date"),
        ("kind=party", "kind", "“party” is not a kind of event"),
        ("country=kaz", "country", "“kaz” is malformed; give a country's ISO"),
        ("date_after=2021&date_before=2020", "date_before", "swap the two dates"),
        ("official=no%20body", "official", "“no body” is malformed; give an official"),
        ("ordering=place", "ordering", "“place” is not a sort order"),
    ],
)
def test_bad_event_filters_are_a_400_with_a_message(
    api_client, event, query, field, words
):
    response = api_client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field]
    assert words in body["detail"]


def test_draft_events_are_hidden_from_anonymous_clients_everywhere(api_client, event):
    draft = factories.EventFactory(
        title="Secret talks", slug="secret-talks", draft=True
    )
    assert slugs(api_client.get("/api/v1/events/")) == [event.slug]
    assert slugs(
        api_client.get("/api/v1/events/?updated_after=2000-01-01T00:00:00Z")
    ) == [event.slug]
    assert (
        "Secret talks"
        not in api_client.get("/api/v1/events/?format=csv").content.decode()
    )
    assert api_client.get(f"/api/v1/events/{draft.slug}/").status_code == 404


def test_drafts_linked_to_a_published_event_are_hidden(api_client, event, official):
    hidden = factories.CountryFactory(iso2="QQ", iso3="QQQ", draft=True)
    event.countries.add(hidden)
    event.place_country = hidden
    event.save()
    official.publication_status = PublicationStatus.DRAFT
    official.save()
    listed = results(api_client.get("/api/v1/events/"))[0]
    assert listed["countries"] == ["KZ"]
    assert listed["place_country"] is None
    [participant] = api_client.get(f"/api/v1/events/{event.slug}/").json()[
        "participants"
    ]
    assert (participant["name"], participant["official"]) == (
        "Kassym-Jomart Tokayev",
        None,
    )


def test_an_editor_who_may_view_events_sees_drafts(django_user_model, event):
    factories.EventFactory(slug="secret-talks", draft=True)
    viewer = grant(django_user_model.objects.create_user("viewer"), "view_event")
    assert set(slugs(token_client(viewer).get("/api/v1/events/"))) == {
        event.slug,
        "secret-talks",
    }


# CSV ------------------------------------------------------------------------------


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_keeps_hebrew_and_arabic_intact(api_client, db):
    factories.EventFactory(
        title="הסכמי אברהם",
        summary="اتفاقيات أبراهام: توقيع في البيت الأبيض",
        place_city="וושינגטון",
    )
    [row] = csv_rows(api_client.get("/api/v1/events/?format=csv"))
    assert row["title"] == "הסכמי אברהם"
    assert row["summary"] == "اتفاقيات أبراهام: توقيع في البيت الأبيض"
    assert row["place_city"] == "וושינגטון"
    assert (
        "attachment"
        in api_client.get("/api/v1/events/?format=csv")["Content-Disposition"]
    )


def test_csv_is_also_served_for_an_accept_header(api_client, event):
    rows = csv_rows(api_client.get("/api/v1/events/", HTTP_ACCEPT="text/csv"))
    assert [row["slug"] for row in rows] == [event.slug]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "kind=meeting",
        "date_after=2020-06&date_before=2021",
        "country=KZ&ordering=title",
        "page_size=3&page=2",
        "q=event",
    ],
)
def test_csv_has_exactly_the_rows_of_the_json_page(api_client, country, query):
    for n, text in enumerate(("1992", "2020-09-15", "2020-12", "2021", "2021-01-06")):
        dated(
            text,
            kind=EventKind.MEETING if n % 2 else EventKind.SIGNING,
            countries=[country],
        )
    dated("2020-10-01")
    as_json = results(api_client.get(f"/api/v1/events/?{query}"))
    as_csv = csv_rows(api_client.get(f"/api/v1/events/?{query}&format=csv"))
    assert [row["uuid"] for row in as_csv] == [event["uuid"] for event in as_json]
    for row, event in zip(as_csv, as_json, strict=True):
        assert row["date"] == event["date"]
        assert row["countries"] == "; ".join(event["countries"])
        assert row["end_date"] == (event["end_date"] or "")


def test_csv_cells_cannot_start_a_spreadsheet_formula(api_client, db):
    factories.EventFactory(title='=HYPERLINK("http://example.org")')
    [row] = csv_rows(api_client.get("/api/v1/events/?format=csv"))
    assert row["title"] == '\'=HYPERLINK("http://example.org")'


# Writes -----------------------------------------------------------------------

NEW_EVENT = {
    "title": "Kazakhstan joins the Abraham Accords",
    "kind": "announcement",
    "date": "2025-11",
    "place_city": "Washington",
    "place_country": "US",
    "countries": ["KZ", "US"],
    "summary": "Kazakhstan's joining was announced at the White House.",
    "body": "A senior White House official **confirmed** it.",
}


def test_an_editor_adds_a_draft_event(writer_client, country, usa):
    response = writer_client.post("/api/v1/events/", NEW_EVENT, format="json")
    assert response.status_code == 201, response.content
    stored = Event.objects.get(slug="kazakhstan-joins-the-abraham-accords")
    assert (stored.date, stored.date_precision) == (
        datetime.date(2025, 11, 1),
        Precision.MONTH,
    )
    assert set(stored.countries.values_list("iso2", flat=True)) == {"KZ", "US"}
    assert stored.place_country == usa
    assert stored.publication_status == PublicationStatus.DRAFT
    assert "<strong>confirmed</strong>" in stored.body_html
    body = response.json()
    assert (body["date"], body["date_precision"], body["publication_status"]) == (
        "2025-11",
        "month",
        "draft",
    )


def test_a_new_event_cannot_be_published_before_it_has_a_source(
    writer_client, country, usa
):
    response = writer_client.post(
        "/api/v1/events/",
        {**NEW_EVENT, "publication_status": "published"},
        format="json",
    )
    assert response.status_code == 400
    assert "add at least one source" in response.json()["detail"]
    assert not Event.objects.exists()


def test_publishing_an_event_without_a_source_is_a_400(writer_client, country):
    draft = factories.EventFactory(slug="unsourced", draft=True)
    response = writer_client.patch(
        "/api/v1/events/unsourced/",
        {"publication_status": "published", "version": draft.version},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unsourced"
    assert list(body["errors"]) == ["publication_status"]
    assert "Add at least one source before publishing this event" in body["detail"]
    draft.refresh_from_db()
    assert draft.publication_status == PublicationStatus.DRAFT


def test_publishing_an_event_with_a_source_stamps_it(writer_client, country):
    draft = factories.EventFactory(slug="sourced", draft=True)
    factories.cite(draft)
    response = writer_client.patch(
        "/api/v1/events/sourced/",
        {"publication_status": "published", "version": draft.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None


def test_an_editor_replaces_an_event_with_put(writer_client, event, country):
    response = writer_client.put(
        f"/api/v1/events/{event.slug}/",
        {
            **NEW_EVENT,
            "countries": ["KZ"],
            "place_country": None,
            "version": event.version,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert (event.title, event.place_country, event.slug) == (
        NEW_EVENT["title"],
        None,
        "tokayev-meets-rubio",
    )


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"date": "2025-13"}, "date", "the month must be between 01 and 12"),
        ({"date": "6 November 2025"}, "date", "is not a date"),
        ({"date": 2025}, "date", "Give the date as a string"),
        ({"date": None}, "date", "may not be null"),
        ({"end_date": "2025-10"}, "end_date", "is before the start"),
        ({"kind": "party"}, "kind", "is not a valid choice"),
        ({"countries": "KZ"}, "countries", "Expected a list"),
        ({"countries": {"KZ": 1}}, "countries", "Expected a list"),
        ({"countries": ["ZZ"]}, "countries", "There is no country with the code “ZZ”"),
        ({"place_country": 7}, "place_country", "Give a country code as a string"),
        ({"title": ""}, "title", "may not be blank"),
        ({"title": ["x"]}, "title", "Not a valid string"),
        ({"summary": "x" * 601}, "summary", "no more than 600 characters"),
        ({"slug": "tokayev-meets-rubio"}, "slug", "belongs, or once belonged"),
    ],
)
def test_bad_event_writes_are_refused_with_a_message(
    writer_client, event, usa, change, field, words
):
    response = writer_client.post(
        "/api/v1/events/", {**NEW_EVENT, **change}, format="json"
    )
    assert response.status_code in (400, 409)
    body = response.json()
    assert list(body["errors"]) == [field]
    assert words in body["detail"]
    assert Event.objects.count() == 1


def test_a_taken_slug_is_a_conflict(writer_client, event, usa):
    response = writer_client.post(
        "/api/v1/events/", {**NEW_EVENT, "slug": event.slug}, format="json"
    )
    assert response.status_code == 409


def test_event_writes_need_the_event_permissions(django_user_model, event, usa):
    user = grant(django_user_model.objects.create_user("country-editor"), "add_country")
    client = token_client(user)
    assert client.post("/api/v1/events/", NEW_EVENT, format="json").status_code == 403
    assert (
        client.patch(
            f"/api/v1/events/{event.slug}/", {"title": "x"}, format="json"
        ).status_code
        == 403
    )
    assert client.delete(f"/api/v1/events/{event.slug}/").status_code == 403
    assert Event.objects.get().title == "Tokayev meets Rubio"


def test_anonymous_event_writes_are_refused(api_client, event, usa):
    assert (
        api_client.post("/api/v1/events/", NEW_EVENT, format="json").status_code == 401
    )
    assert (
        api_client.put(
            f"/api/v1/events/{event.slug}/", NEW_EVENT, format="json"
        ).status_code
        == 401
    )
    assert api_client.delete(f"/api/v1/events/{event.slug}/").status_code == 401
    assert Event.objects.count() == 1


def test_an_editor_deletes_an_event(writer_client, white_house_meeting):
    assert (
        writer_client.delete("/api/v1/events/tokayev-meets-rubio/").status_code == 204
    )
    assert not Event.objects.exists()
    assert writer_client.get("/api/v1/events/tokayev-meets-rubio/").status_code == 404


# Removed records ---------------------------------------------------------------


def removed(response) -> list[tuple]:
    return [(r["model"], r["uuid"], r["reason"]) for r in results(response)]


def test_deleted_published_records_are_reported_to_everyone(
    api_client, event, writer_client
):
    uuid = str(event.uuid)
    writer_client.delete(f"/api/v1/events/{event.slug}/")
    assert removed(api_client.get("/api/v1/deleted/")) == [("event", uuid, "deleted")]
    row = results(api_client.get("/api/v1/deleted/?model=event"))[0]
    assert row["removed_at"].endswith("Z")


def test_deleted_drafts_are_reported_only_to_editors_who_saw_them(
    api_client, writer_client, db
):
    draft = factories.EventFactory(draft=True)
    uuid = str(draft.uuid)
    draft.delete()
    assert removed(api_client.get("/api/v1/deleted/")) == []
    assert removed(writer_client.get("/api/v1/deleted/")) == [
        ("event", uuid, "deleted")
    ]


def test_unpublished_records_are_reported_to_anonymous_clients(
    api_client, writer_client, country
):
    writer_client.patch(
        "/api/v1/countries/KZ/",
        {"publication_status": "draft", "version": country.version},
        format="json",
    )
    assert removed(api_client.get("/api/v1/deleted/")) == [
        ("country", str(country.uuid), "unpublished")
    ]
    assert removed(writer_client.get("/api/v1/deleted/")) == []


def test_removed_records_since_a_time(api_client, db):
    old, new = factories.EventFactory(), factories.OfficialFactory()
    old.delete()
    cutoff = timezone.now()
    later = cutoff + datetime.timedelta(seconds=1)
    with clock_at(later):
        new_uuid = str(new.uuid)
        new.delete()
    since = cutoff.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert removed(api_client.get(f"/api/v1/deleted/?since={since}")) == [
        ("official", new_uuid, "deleted")
    ]
    assert len(results(api_client.get("/api/v1/deleted/"))) == 2
    rows = csv_rows(api_client.get("/api/v1/deleted/?format=csv"))
    assert [row["model"] for row in rows] == ["event", "official"]


@pytest.mark.parametrize(
    "query, field",
    [("since=2025", "since"), ("model=photo", "model"), ("since=", "since")],
)
def test_bad_removed_record_filters_are_a_400(api_client, db, query, field):
    response = api_client.get(f"/api/v1/deleted/?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]
