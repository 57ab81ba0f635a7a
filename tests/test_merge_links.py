"""Two people editing one record's many-to-many choices (an event's countries):
merged as sets against the version the editor opened, like any other field."""

import pytest
from django.contrib.messages import get_messages

from events.models import Event
from tests import factories
from tests.admin_forms import errors_of, form_data, post
from tests.conftest import patch_event


@pytest.fixture
def draft(sourced_draft):
    return sourced_draft


@pytest.fixture
def morocco(db):
    return factories.CountryFactory(iso2="MA", iso3="MAR", name="Morocco")


def codes(event) -> set[str]:
    return set(event.countries.values_list("iso2", flat=True))


def notes_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# Admin ------------------------------------------------------------------------


def test_a_country_another_editor_added_is_kept_when_a_stale_form_changes_the_title(
    editor_client, alice_saves_after_eve_opened, draft, country, israel
):
    eve_form = alice_saves_after_eve_opened(
        draft, countries=[str(country.pk), str(israel.pk)]
    )

    response = post(editor_client, draft, eve_form, title="Eve's title")

    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert draft.title == "Eve's title"
    assert codes(draft) == {"KZ", "IL"}
    assert any("their countries kept" in note for note in notes_of(response))


def test_countries_only_the_stale_form_changed_are_saved(
    editor_client, alice_saves_after_eve_opened, draft, country, israel
):
    eve_form = alice_saves_after_eve_opened(draft, title="Alice's title")

    response = post(
        editor_client, draft, eve_form, countries=[str(country.pk), str(israel.pk)]
    )

    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert draft.title == "Alice's title"
    assert codes(draft) == {"KZ", "IL"}


@pytest.fixture
def countries_conflict(
    editor_client, alice_saves_after_eve_opened, draft, country, israel, morocco
):
    """Alice adds Israel to the draft's countries; Eve, from the version
    before, adds Morocco and changes the title."""
    eve_form = alice_saves_after_eve_opened(
        draft, countries=[str(country.pk), str(israel.pk)]
    )
    return post(
        editor_client,
        draft,
        eve_form,
        title="Eve's title",
        countries=[str(country.pk), str(morocco.pk)],
    )


def test_countries_both_editors_changed_are_shown_side_by_side_and_nothing_is_saved(
    countries_conflict, draft
):
    response = countries_conflict
    assert response.status_code == 200
    message = errors_of(response)
    assert "Alice saved this event" in message and "They changed: countries." in message
    assert "You both changed: countries. Choose whose value" in message
    page = response.text
    assert "<legend>Countries</legend>" in page
    [group] = response.context["merge_conflicts"]
    [field] = group["fields"]
    assert (field["label"], field["theirs"], field["yours"]) == (
        "countries",
        "Israel, Kazakhstan",
        "Kazakhstan, Morocco",
    )
    assert 'type="radio" name="merge-countries"' in page
    draft.refresh_from_db()
    assert draft.title == "Witkoff speaks"
    assert codes(draft) == {"KZ", "IL"}


@pytest.mark.parametrize(
    "choice, chosen", [("theirs", {"KZ", "IL"}), ("yours", {"KZ", "MA"})]
)
def test_the_editors_choice_decides_the_countries_and_keeps_the_title(
    editor_client, countries_conflict, draft, choice, chosen
):
    data = form_data(countries_conflict)
    data["merge_against"] = countries_conflict.context["merge_conflicts"][0]["against"]
    response = post(editor_client, draft, data, **{"merge-countries": choice})

    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert draft.title == "Eve's title"
    assert codes(draft) == chosen
    kept = "your countries" if choice == "yours" else "their countries"
    assert any(f"you kept {kept}" in note for note in notes_of(response))


def test_countries_of_a_version_saved_before_links_were_recorded_are_a_conflict(
    editor_client, alice_saves_after_eve_opened, draft, country, israel
):
    # Without the opened version's links, who changed them cannot be told.
    opened = draft.version
    eve_form = alice_saves_after_eve_opened(
        draft, countries=[str(country.pk), str(israel.pk)]
    )
    draft.history.filter(version=opened).update(links=None)

    response = post(editor_client, draft, eve_form, title="Eve's title")

    assert response.status_code == 200
    assert "You both changed: countries." in errors_of(response)
    assert codes(draft) == {"KZ", "IL"}


# API --------------------------------------------------------------------------


@pytest.fixture
def opened(event):
    """The event as a client read it, before someone else saved it with Israel
    among its countries."""
    other = Event.objects.get(pk=event.pk)
    other.save()
    other.countries.add(factories.CountryFactory(iso2="IL", name="Israel"))
    return event


def test_a_stale_api_change_keeps_a_country_another_editor_added(writer_client, opened):
    response = patch_event(
        writer_client, opened, title="Tokayev and Rubio meet", countries=["KZ"]
    )

    assert response.status_code == 200, response.content
    assert sorted(response.json()["countries"]) == ["IL", "KZ"]
    event = Event.objects.get()
    assert event.title == "Tokayev and Rubio meet"
    assert codes(event) == {"KZ", "IL"}


def test_countries_both_changed_through_the_api_are_a_409_naming_them(
    writer_client, opened, morocco
):
    response = patch_event(writer_client, opened, countries=["KZ", "MA"])

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["conflicts"] == {
        "countries": {"theirs": ["IL", "KZ"], "yours": ["KZ", "MA"]}
    }
    assert "you both changed countries." in body["detail"]
    assert codes(Event.objects.get()) == {"KZ", "IL"}


def test_countries_only_the_client_changed_are_saved_over_another_save(
    writer_client, event, morocco
):
    other = Event.objects.get(pk=event.pk)
    other.summary = "Changed in the admin."
    other.save()

    response = patch_event(writer_client, event, countries=["KZ", "MA"])

    assert response.status_code == 200, response.content
    event = Event.objects.get()
    assert (event.summary, codes(event)) == ("Changed in the admin.", {"KZ", "MA"})


# The officials shown on a photo, an inline row of the event ----------------------


def test_officials_another_editor_tagged_on_a_photo_survive_a_stale_caption_edit(
    editor_client, alice_saves_after_eve_opened, draft, country
):
    photo = factories.PhotoFactory(event=draft)
    lutnick = factories.OfficialFactory(name="Howard Lutnick", country=country)
    rubio = factories.OfficialFactory(name="Marco Rubio", country=country)
    photo.officials.add(lutnick)
    eve_form = alice_saves_after_eve_opened(
        draft, **{"photos-0-officials": [str(lutnick.pk), str(rubio.pk)]}
    )

    response = post(
        editor_client, draft, eve_form, **{"photos-0-caption": "Eve's caption"}
    )

    assert response.status_code == 302, errors_of(response)
    photo.refresh_from_db()
    assert photo.caption == "Eve's caption"
    assert set(photo.officials.values_list("name", flat=True)) == {
        "Howard Lutnick",
        "Marco Rubio",
    }
