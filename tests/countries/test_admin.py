"""Every countries/ model in admin: list, search, add and change pages work for
an editor and show the record."""

import datetime

import pytest
from django.urls import reverse

from accordsite.partial_dates import Precision
from countries.models import AccordsStatus
from tests import factories


def admin_url(record, view: str, *args) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def kazakhstan():
    return factories.CountryFactory(
        name="Kazakhstan", slug="kazakhstan", iso2="KZ", iso3="KAZ"
    )


def tokayev():
    return factories.OfficialFactory(
        name="Kassym-Jomart Tokayev", slug="kassym-jomart-tokayev", country=kazakhstan()
    )


# (builder, search term, text the pages show)
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


def test_partial_dates_are_listed_at_their_precision(editor_client):
    factories.StatusChangeFactory(
        country=kazakhstan(),
        status=AccordsStatus.CANDIDATE,
        date=datetime.date(2025, 8, 1),
        date_precision=Precision.MONTH,
    )
    response = editor_client.get(reverse("admin:countries_statuschange_changelist"))
    assert "August 2025" in response.text
    assert "1 August 2025" not in response.text


def test_country_page_has_timeline_relation_and_mission_inlines(editor_client):
    country = kazakhstan()
    factories.StatusChangeFactory(country=country, status=AccordsStatus.ANNOUNCED)
    factories.DiplomaticRelationFactory(country=country)
    factories.MissionFactory(sending_country=country, city="Tel Aviv")
    response = editor_client.get(admin_url(country, "change", country.pk))
    formsets = {
        f.formset.prefix: f.formset.total_form_count()
        for f in response.context["inline_admin_formsets"]
    }
    assert formsets == {
        "status_changes": 1,
        "relation_with_israel": 1,
        "missions_sent": 1,
        "missions_hosted": 0,
    }
    assert "Accords status timeline" in response.text


def test_official_page_has_position_and_other_name_inlines(editor_client):
    official = tokayev()
    factories.OtherNameFactory(official=official, name="Tokaev")
    factories.PositionFactory(official=official)
    response = editor_client.get(admin_url(official, "change", official.pk))
    prefixes = [f.formset.prefix for f in response.context["inline_admin_formsets"]]
    assert prefixes == ["other_names", "positions"]
    assert 'value="Tokaev"' in response.text


def test_claims_pages_carry_a_sources_inline(editor_client):
    change = factories.StatusChangeFactory(country=kazakhstan())
    response = editor_client.get(admin_url(change, "change", change.pk))
    (inline,) = response.context["inline_admin_formsets"]
    assert inline.opts.checks_publication_sources
    assert "Sources (at least one before publishing)" in response.text


def test_foreign_keys_use_autocomplete(editor_client):
    position = factories.PositionFactory()
    response = editor_client.get(admin_url(position, "change", position.pk))
    form = response.context["adminform"].form
    for name in ("official", "office"):
        assert "admin-autocomplete" in form.fields[name].widget.render(name, None)


def test_country_status_column_shows_todays_status(editor_client):
    country = kazakhstan()
    factories.StatusChangeFactory(
        country=country, status=AccordsStatus.ANNOUNCED, date=datetime.date(2025, 11, 6)
    )
    response = editor_client.get(reverse("admin:countries_country_changelist"))
    assert "Announced" in response.text
