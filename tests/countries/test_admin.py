"""Every countries/ model in admin: list, search, add and change pages work for
an editor and show the record."""

import datetime

from django.urls import reverse

from core.partial_dates import Precision
from countries.models import AccordsStatus
from tests import factories
from tests.admin_forms import admin_url
from tests.admin_pages import AdminPages, record_case_fixture


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


class TestAdminPages(AdminPages):
    record_case = record_case_fixture(RECORDS)


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
