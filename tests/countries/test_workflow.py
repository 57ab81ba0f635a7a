"""The editorial workflow on countries, officials and their claims."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.partial_dates import Precision
from countries.models import AccordsStatus, Official, Position, StatusChange
from events.quality import timeline_problems
from tests import factories
from tests.admin_forms import add, change_url, errors_of, form_data, save

# Publishing claims ----------------------------------------------------------


def save_with_a_status_change_row(client, country, **row):
    """Save the country page with an announcement typed in a new timeline row."""
    # As a browser sends the row: its confidence select at the default.
    typed = {"status": "announced", "note": "", "confidence": "confirmed"}
    return save(client, country, ("status_changes", {**typed, **row}))


def test_a_status_change_typed_on_the_country_page_needs_a_source_to_be_published(
    editor_client, country
):
    response = save_with_a_status_change_row(
        editor_client, country, date="2025-11-06", publication_status="published"
    )
    errors = errors_of(response)
    assert "Add at least one source before publishing this status change" in errors
    assert "add its source on its own page, then publish it" in errors
    assert not StatusChange.objects.exists()


def test_a_draft_status_change_is_saved_from_the_country_page(editor_client, country):
    response = save_with_a_status_change_row(
        editor_client, country, date="2025-11", publication_status="draft"
    )
    assert response.status_code == 302, errors_of(response)
    change = StatusChange.objects.get()
    assert (change.date, change.date_precision) == (
        datetime.date(2025, 11, 1),
        Precision.MONTH,
    )


def test_a_status_change_is_published_with_the_source_picked_on_its_page(
    editor_client, country
):
    change = factories.StatusChangeFactory(country=country, draft=True)
    source = factories.PublicationFactory()
    response = save(
        editor_client,
        change,
        ("citations", {"publication": str(source.pk), "quote": "It signed."}),
        publication_status="published",
    )
    assert response.status_code == 302, errors_of(response)
    change.refresh_from_db()
    assert change.is_published
    assert [c.publication for c in change.citations.all()] == [source]
    assert change.citations.get().quote == "It signed."


def test_a_position_cannot_be_published_without_a_source(editor_client, official):
    position = factories.PositionFactory(official=official, draft=True)
    response = save(editor_client, position, publication_status="published")
    assert "Add at least one source before publishing this position" in errors_of(
        response
    )


def test_bulk_publish_of_status_changes_checks_each_for_a_source(
    editor_client, country
):
    sourced = factories.StatusChangeFactory(country=country, draft=True)
    factories.cite(sourced)
    unsourced = factories.StatusChangeFactory(
        country=country, draft=True, status=AccordsStatus.CANDIDATE
    )
    editor_client.post(
        reverse("admin:countries_statuschange_changelist"),
        {"action": "publish_selected", "_selected_action": [sourced.pk, unsourced.pk]},
    )
    sourced.refresh_from_db()
    unsourced.refresh_from_db()
    assert (sourced.is_published, unsourced.is_published) == (True, False)


def test_countries_and_officials_publish_without_sources(editor_client, country):
    country.publication_status = "draft"
    country.save()
    editor_client.post(
        reverse("admin:countries_country_changelist"),
        {"action": "publish_selected", "_selected_action": [country.pk]},
    )
    country.refresh_from_db()
    assert country.is_published


# Validation -----------------------------------------------------------------


def test_overlapping_positions_in_one_office_are_refused(editor_client, official):
    held = factories.PositionFactory(
        official=official, start=datetime.date(2019, 3, 20), draft=True
    )
    response = add(
        editor_client,
        Position,
        official=str(official.pk),
        office=str(held.office.pk),
        start="2022",
        end="",
        publication_status="draft",
    )
    assert "already held this office 20 March 2019 – present" in errors_of(response)


def test_overlapping_rows_typed_together_on_the_official_page_are_refused(
    editor_client, official
):
    office = factories.OfficeFactory(title="President", country=official.country)
    row = {"office": str(office.pk), "publication_status": "draft"}
    response = save(
        editor_client,
        official,
        ("positions", {**row, "start": "2019-03-20", "end": ""}),
        ("positions", {**row, "start": "2022", "end": "2023"}),
    )
    assert "Two rows give President" in errors_of(response)
    assert not Position.objects.exists()


def test_a_position_ending_before_it_starts_is_refused(editor_client, official):
    position = factories.PositionFactory(official=official, draft=True)
    response = save(editor_client, position, start="2019-03", end="2019-02-28")
    assert "The end (28 February 2019) is before the start (March 2019)" in errors_of(
        response
    )


def test_a_mission_closing_before_it_opened_is_refused(editor_client):
    mission = factories.MissionFactory(draft=True)
    response = save(editor_client, mission, closed="1991")
    assert "The end (1991) is before the start (1992)" in errors_of(response)


def test_a_new_country_gets_its_slug_from_its_name(editor_client):
    response = add(
        editor_client,
        factories.countries.Country,
        name="Azerbaijan",
        slug="",
        iso2="az",
        iso3="aze",
        region="south-caucasus",
        role="none",
        publication_status="draft",
    )
    assert response.status_code == 302, errors_of(response)
    country = factories.countries.Country.objects.get(name="Azerbaijan")
    assert (country.slug, country.iso2, country.iso3) == ("azerbaijan", "AZ", "AZE")


def test_a_portrait_must_be_an_image_of_a_usable_size(editor_client, official):
    response = save(editor_client, official, portrait=factories.png_file(size=(40, 40)))
    assert "it must be at least 320×200" in errors_of(response)


def test_a_stale_status_change_row_on_the_country_page_is_refused(
    editor_client, country
):
    change = factories.StatusChangeFactory(country=country, draft=True)
    data = form_data(editor_client.get(change_url(country)))
    change.note = "Edited elsewhere."
    change.save()
    data["status_changes-0-note"] = "Edited here."
    response = editor_client.post(change_url(country), {**data, "_save": "Save"})
    assert "saved this status change" in errors_of(response)
    change.refresh_from_db()
    assert change.note == "Edited elsewhere."


def test_an_untouched_unsourced_claim_does_not_block_its_countrys_page(
    editor_client, country
):
    # Legacy data: the data-quality page lists it; editing the country works.
    factories.StatusChangeFactory(country=country)
    response = save(editor_client, country, summary="Updated.")
    assert response.status_code == 302, errors_of(response)


def test_officials_are_found_by_another_spelling(editor_client):
    official = factories.OfficialFactory(name="Howard Lutnick")
    factories.OtherNameFactory(official=official, name="Howard Lutnik")
    response = editor_client.get(
        reverse("admin:countries_official_changelist"), {"q": "Lutnik"}
    )
    assert list(response.context["cl"].result_list) == [official]


# Timeline checks ------------------------------------------------------------


def change(status, date, precision=Precision.DAY):
    return StatusChange(status=status, date=date, date_precision=precision)


def test_a_timeline_in_order_has_no_problem():
    assert (
        timeline_problems(
            [
                change(AccordsStatus.CANDIDATE, datetime.date(2025, 8, 1), "month"),
                change(AccordsStatus.ANNOUNCED, datetime.date(2025, 11, 6)),
                change(AccordsStatus.SIGNATORY, datetime.date(2026, 1, 1), "year"),
            ]
        )
        == []
    )


def test_signatory_before_announced_is_a_contradiction():
    problems = timeline_problems(
        [
            change(AccordsStatus.SIGNATORY, datetime.date(2020, 9, 15)),
            change(AccordsStatus.ANNOUNCED, datetime.date(2020, 10, 1)),
        ]
    )
    assert problems == [
        "Signatory (15 September 2020) before announced (1 October 2020): the "
        "status goes backwards."
    ]


def test_a_signatory_without_announcement_is_a_gap():
    problems = timeline_problems(
        [change(AccordsStatus.SIGNATORY, datetime.date(2020, 9, 15))]
    )
    assert problems == [
        "Signatory (15 September 2020) with no announcement recorded: add the "
        "announced step, with its source."
    ]


def test_imprecise_dates_in_the_same_period_do_not_contradict():
    # Announced "December 2020" may well precede a signing on 22 December.
    assert (
        timeline_problems(
            [
                change(AccordsStatus.SIGNATORY, datetime.date(2020, 12, 22)),
                change(AccordsStatus.ANNOUNCED, datetime.date(2020, 12, 1), "month"),
            ]
        )
        == []
    )


def test_the_same_status_twice_in_a_row_is_flagged():
    problems = timeline_problems(
        [
            change(AccordsStatus.CANDIDATE, datetime.date(2021, 1, 1), "year"),
            change(AccordsStatus.CANDIDATE, datetime.date(2024, 1, 1), "year"),
        ]
    )
    assert problems == ["Candidate twice in a row (2021, then 2024)."]


def test_the_data_quality_page_lists_a_contradictory_timeline(editor_client, country):
    factories.StatusChangeFactory(
        country=country,
        status=AccordsStatus.SIGNATORY,
        date=datetime.date(2020, 9, 15),
    )
    factories.StatusChangeFactory(
        country=country,
        status=AccordsStatus.ANNOUNCED,
        date=datetime.date(2021, 1, 6),
    )
    page = editor_client.get(reverse("admin:data_quality"))
    timelines = {c.title: c for c in page.context["checks"]}[
        "Status timelines with gaps or contradictions"
    ]
    assert [(f.record, f.detail) for f in timelines.findings] == [
        (
            country,
            "Signatory (15 September 2020) before announced (6 January 2021): the "
            "status goes backwards.",
        )
    ]
    assert "the status goes backwards" in page.text


# Editors --------------------------------------------------------------------


def test_add_editor_makes_a_user_staff_in_the_editors_group(django_user_model):
    user = django_user_model.objects.create_user("sam", password="x-long-password")
    out = io.StringIO()
    call_command("add_editor", "sam", stdout=out)
    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.has_perm("events.add_event")
    assert not user.has_perm("auth.add_user")
    assert "“sam” is an editor." in out.getvalue()


def test_add_editor_refuses_an_unknown_user_unless_asked_to_create_it(db):
    with pytest.raises(CommandError, match="No user “nobody”"):
        call_command("add_editor", "nobody", stdout=io.StringIO())
    call_command("add_editor", "nobody", "--create", stdout=io.StringIO())
    assert Group.objects.get(name="Editors").user_set.get().username == "nobody"


def test_an_editor_can_edit_an_official(editor_client, official):
    response = save(editor_client, official, bio="President since 2019.")
    assert response.status_code == 302, errors_of(response)
    assert Official.objects.get().bio == "President since 2019."
