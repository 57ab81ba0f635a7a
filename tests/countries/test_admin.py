"""The countries/ admin beyond the pages every model has (test_admin_pages.py)."""

import datetime

from django.urls import reverse

from core.partial_dates import Precision
from countries.models import AccordsStatus
from tests import factories
from tests.admin_forms import admin_url
from tests.test_admin_pages import kazakhstan, tokayev


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


def test_claims_pages_carry_a_citations_inline(editor_client):
    change = factories.StatusChangeFactory(country=kazakhstan())
    response = editor_client.get(admin_url(change, "change", change.pk))
    (inline,) = response.context["inline_admin_formsets"]
    assert inline.opts.checks_publication_sources
    assert "Citations (at least one before publishing)" in response.text


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
