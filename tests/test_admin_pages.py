"""The admin pages every model of both apps has: for an editor, the list, the
search, the add, change and history pages work and show the record."""

import datetime

import pytest

from countries.models import AccordsStatus
from tests import factories
from tests.admin_forms import admin_url


def kazakhstan():
    return factories.CountryFactory(
        name="Kazakhstan", slug="kazakhstan", iso2="KZ", iso3="KAZ"
    )


def tokayev():
    return factories.OfficialFactory(
        name="Kassym-Jomart Tokayev", slug="kassym-jomart-tokayev", country=kazakhstan()
    )


def signing():
    return factories.EventFactory(
        title="Abraham Accords signed at the White House",
        slug="abraham-accords-signed",
        date=datetime.date(2020, 9, 15),
    )


def lutnick():
    official = factories.OfficialFactory(name="Howard Lutnick", slug="howard-lutnick")
    factories.OtherNameFactory(official=official, name="Howard Lutnik")
    return official


# model: (builder, search term, text the pages show)
RECORDS = {
    "country": (kazakhstan, "KAZ", "Kazakhstan"),
    "statuschange": (
        lambda: factories.StatusChangeFactory(
            country=kazakhstan(),
            status=AccordsStatus.ANNOUNCED,
            date=datetime.date(2025, 11, 6),
        ),
        "Kazakhstan",
        "6 November 2025",
    ),
    "diplomaticrelation": (
        lambda: factories.DiplomaticRelationFactory(country=kazakhstan()),
        "Kazakhstan",
        "April 1992",
    ),
    "mission": (
        lambda: factories.MissionFactory(
            sending_country=kazakhstan(), city="Tel Aviv", kind="embassy"
        ),
        "Tel Aviv",
        "Tel Aviv",
    ),
    "official": (tokayev, "Tokayev", "Kassym-Jomart Tokayev"),
    "othername": (
        lambda: factories.OtherNameFactory(official=tokayev(), name="Tokaev"),
        "Tokaev",
        "Tokaev",
    ),
    "office": (
        lambda: factories.OfficeFactory(title="President", country=kazakhstan()),
        "President",
        "President",
    ),
    "position": (
        lambda: factories.PositionFactory(
            official=tokayev(),
            office=factories.OfficeFactory(title="President"),
            start=datetime.date(2019, 3, 20),
        ),
        "Tokayev",
        "20 March 2019",
    ),
    "event": (signing, "White House", "Abraham Accords signed at the White House"),
    "participant": (
        lambda: factories.ParticipantFactory(event=signing(), official=lutnick()),
        "Lutnick",
        "Howard Lutnick",
    ),
    "publication": (
        lambda: factories.PublicationFactory(
            publisher="Ynet", title="Kazakhstan joins the Abraham Accords"
        ),
        "Kazakhstan joins",
        "Kazakhstan joins the Abraham Accords",
    ),
    "photo": (
        lambda: factories.PhotoFactory(
            event=signing(),
            image=factories.jpeg_file(),
            caption="Leaders on the Truman Balcony",
        ),
        "Truman",
        "Leaders on the Truman Balcony",
    ),
}


@pytest.fixture(params=sorted(RECORDS))
def record_case(request, db):
    builder, term, text = RECORDS[request.param]
    return builder(), term, text


def test_changelist_lists_the_record(editor_client, record_case):
    record, _, text = record_case
    response = editor_client.get(admin_url(record, "changelist"))
    assert response.status_code == 200
    assert text in response.text


def test_search_finds_the_record(editor_client, record_case):
    record, term, text = record_case
    response = editor_client.get(admin_url(record, "changelist"), {"q": term})
    assert response.status_code == 200
    assert text in response.text
    assert response.context["cl"].result_count == 1
    missing = editor_client.get(admin_url(record, "changelist"), {"q": "zzqx"})
    assert missing.context["cl"].result_count == 0


def test_change_page_shows_the_record(editor_client, record_case):
    record, _, _ = record_case
    response = editor_client.get(admin_url(record, "change", record.pk))
    assert response.status_code == 200
    assert response.context["original"] == record
    assert str(record) in response.text


def test_add_page_opens(editor_client, record_case):
    record, _, _ = record_case
    assert editor_client.get(admin_url(record, "add")).status_code == 200


def test_history_page_lists_the_versions(editor_client, record_case):
    record, _, _ = record_case
    response = editor_client.get(admin_url(record, "history", record.pk))
    assert response.status_code == 200
    assert "Created" in response.text
