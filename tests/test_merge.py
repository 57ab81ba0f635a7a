"""Two people editing one record: a save is merged with the saves made since
the editor opened it, in the admin and in the API; a field both changed is a
conflict the editor decides, never a silent overwrite."""

import pytest
from django.contrib.messages import get_messages

from core.partial_dates import Precision
from countries.models import AccordsStatus
from events.models import Event
from tests import factories
from tests.admin_forms import change_url, errors_of, form_data, post
from tests.conftest import grant, token_client


@pytest.fixture
def draft(db, country):
    return factories.EventFactory(
        draft=True,
        title="Witkoff speaks in Florida",
        slug="witkoff-speaks-in-florida",
        summary="Leaders met.",
        place_city="Miami",
        countries=[country],
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# Admin: different fields ----------------------------------------------------


def test_an_editor_saving_after_another_keeps_the_others_changes(
    editor_client, alice_saves_after_eve_opened, draft
):
    eve_form = alice_saves_after_eve_opened(draft, summary="Alice's summary.")

    response = post(editor_client, draft, eve_form, place_city="Palm Beach")

    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert (draft.summary, draft.place_city) == ("Alice's summary.", "Palm Beach")
    assert draft.version == 3
    shown = messages_of(editor_client.get(response.url))
    assert any("Alice saved" in m and "their summary kept" in m for m in shown)


def test_saving_the_same_stale_form_twice_never_overwrites_the_other_editor(
    editor_client, alice_saves_after_eve_opened, draft
):
    # The bug this fixes: a refused form still held the old summary, and
    # saving it again overwrote Alice's.
    eve_form = alice_saves_after_eve_opened(draft, summary="Alice's summary.")
    first = post(editor_client, draft, eve_form, place_city="Palm Beach")
    assert first.status_code == 302
    again = post(editor_client, draft, eve_form, place_city="Palm Beach")
    assert again.status_code == 302
    draft.refresh_from_db()
    assert (draft.summary, draft.place_city) == ("Alice's summary.", "Palm Beach")


def test_a_partial_date_another_editor_changed_keeps_its_precision(
    editor_client, alice_saves_after_eve_opened, draft
):
    eve_form = alice_saves_after_eve_opened(draft, date="2020-09")
    response = post(editor_client, draft, eve_form, summary="Eve's summary.")
    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert (str(draft.date_partial), draft.summary) == (
        "September 2020",
        "Eve's summary.",
    )
    assert draft.date_precision == Precision.MONTH


# Admin: the same field --------------------------------------------------------


@pytest.fixture
def conflict(editor_client, alice_saves_after_eve_opened, draft):
    """Alice changed the title and the summary; Eve, from the version before,
    the summary and the city: her save shows the summary side by side."""
    eve_form = alice_saves_after_eve_opened(
        draft, title="Alice's title", summary="Alice's summary."
    )
    response = post(
        editor_client, draft, eve_form, summary="Eve's summary.", place_city="Doral"
    )
    return response


def test_a_field_both_editors_changed_is_shown_side_by_side_and_nothing_is_saved(
    conflict, draft
):
    assert conflict.status_code == 200
    message = errors_of(conflict)
    assert "Alice saved this event" in message
    assert "Your changes have not been saved and are still in the form" in message
    assert "You both changed: summary. Choose whose value to keep" in message
    page = conflict.text
    assert '<section class="module merge-conflicts"' in page
    assert "<legend>Summary</legend>" in page
    assert "Alice&#x27;s summary." in page and "Eve&#x27;s summary." in page
    assert '<label for="id_merge-summary_theirs">Keep theirs (Alice):</label>' in page
    assert '<label for="id_merge-summary_yours">Keep mine:</label>' in page
    assert 'type="radio" name="merge-summary"' in page
    draft.refresh_from_db()
    assert (draft.title, draft.summary, draft.place_city) == (
        "Alice's title",
        "Alice's summary.",
        "Miami",
    )


@pytest.mark.parametrize(
    "choice, summary", [("yours", "Eve's summary."), ("theirs", "Alice's summary.")]
)
def test_the_editors_choice_decides_the_field_and_keeps_the_rest(
    editor_client, conflict, draft, choice, summary
):
    data = form_data(conflict)
    data["merge_against"] = conflict.context["merge_conflicts"][0]["against"]
    response = post(editor_client, draft, data, **{"merge-summary": choice})
    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert (draft.title, draft.summary, draft.place_city) == (
        "Alice's title",
        summary,
        "Doral",
    )
    kept = "your summary" if choice == "yours" else "their summary"
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(f"you kept {kept}" in note for note in notes), notes


def test_saving_again_without_choosing_shows_the_conflict_again(
    editor_client, conflict, draft
):
    data = form_data(conflict)
    response = post(editor_client, draft, data, merge_against=draft.version)
    assert response.status_code == 200
    assert "You both changed: summary." in errors_of(response)
    draft.refresh_from_db()
    assert draft.summary == "Alice's summary."


def test_a_choice_made_before_yet_another_save_is_asked_again(
    editor_client, conflict, draft
):
    data = form_data(conflict)
    against = conflict.context["merge_conflicts"][0]["against"]
    draft.refresh_from_db()
    draft.summary = "A script's summary."
    draft.save()
    response = post(
        editor_client, draft, data, merge_against=against, **{"merge-summary": "yours"}
    )
    assert response.status_code == 200
    assert "A script&#x27;s summary." in response.text
    draft.refresh_from_db()
    assert draft.summary == "A script's summary."


# Admin: inline rows ---------------------------------------------------------


@pytest.fixture
def row_edited_elsewhere(editor_client, country):
    """A status change row: the editor opens the country's form, then its note
    is saved elsewhere. Gives the row and the form's data as it was opened."""
    change = factories.StatusChangeFactory(
        country=country, status=AccordsStatus.CANDIDATE, draft=True, note="Talks."
    )
    data = form_data(editor_client.get(change_url(country)))
    change.note = "Edited elsewhere."
    change.save()
    return change, data


def test_an_inline_row_both_editors_changed_is_a_conflict_of_that_row(
    editor_client, country, row_edited_elsewhere
):
    change, data = row_edited_elsewhere
    data["status_changes-0-note"] = "Edited here."
    response = post(editor_client, country, data)

    assert response.status_code == 200
    assert "saved this status change" in errors_of(response)
    assert 'name="status_changes-0-merge-note"' in response.text
    change.refresh_from_db()
    assert change.note == "Edited elsewhere."

    again = form_data(response)
    again["status_changes-0-merge_against"] = change.version
    again["status_changes-0-merge-note"] = "yours"
    chosen = post(editor_client, country, again)
    assert chosen.status_code == 302, errors_of(chosen)
    change.refresh_from_db()
    assert change.note == "Edited here."


def test_an_inline_row_another_editor_changed_is_not_overwritten(
    editor_client, country, row_edited_elsewhere
):
    change, data = row_edited_elsewhere
    data["status_changes-0-date"] = "2025-08"
    response = post(editor_client, country, data)

    assert response.status_code == 302, errors_of(response)
    change.refresh_from_db()
    assert (change.note, str(change.date_partial)) == (
        "Edited elsewhere.",
        "August 2025",
    )


# API ------------------------------------------------------------------------


@pytest.fixture
def api_event(event):
    return event


def detail(event) -> str:
    return f"/api/v1/events/{event.slug}/"


def test_a_change_without_a_version_is_a_428_saying_what_to_send(writer_client, event):
    for method in (writer_client.patch, writer_client.put):
        response = method(detail(event), {"summary": "New."}, format="json")
        assert response.status_code == 428
        body = response.json()
        assert body["code"] == "precondition_required"
        assert "`version`" in body["detail"] and "`If-Match`" in body["detail"]
    event.refresh_from_db()
    assert event.summary == "Leaders met."


def test_a_stale_change_to_other_fields_is_merged(writer_client, event):
    loaded = event.version
    event.place_city = "Washington"
    event.save()
    response = writer_client.patch(
        detail(event), {"summary": "Mine.", "version": loaded}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == loaded + 2
    event.refresh_from_db()
    assert (event.summary, event.place_city) == ("Mine.", "Washington")


def test_a_stale_put_of_the_whole_record_keeps_fields_only_the_other_changed(
    writer_client, event
):
    read = writer_client.get(detail(event)).json()
    event.summary = "Changed in the admin."
    event.save()
    sent = {
        key: read[key]
        for key in ("title", "kind", "date", "place_city", "summary", "version")
    }
    sent["countries"] = [
        c["iso2"] if isinstance(c, dict) else c for c in read["countries"]
    ]
    response = writer_client.put(
        detail(event), {**sent, "title": "Tokayev and Rubio meet"}, format="json"
    )
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert (event.title, event.summary) == (
        "Tokayev and Rubio meet",
        "Changed in the admin.",
    )


def test_a_field_both_changed_is_a_409_naming_it_with_both_values(writer_client, event):
    loaded = event.version
    event.summary = "Theirs."
    event.date, event.date_precision = event.date.replace(day=1), Precision.MONTH
    event.save()
    response = writer_client.patch(
        detail(event),
        {"summary": "Yours.", "date": "2020", "version": loaded},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["conflicts"] == {
        "summary": {"theirs": "Theirs.", "yours": "Yours."},
        "date": {"theirs": "2020-09", "yours": "2020"},
    }
    assert "have not been saved: you both changed date, summary." in body["detail"]
    event.refresh_from_db()
    assert event.summary == "Theirs."


def test_the_detail_etag_carries_the_version_and_if_match_writes_with_it(
    writer_client, event
):
    etag = writer_client.get(detail(event))["ETag"]
    assert etag.startswith(f'"v{event.version}-')
    response = writer_client.patch(
        detail(event), {"summary": "With If-Match."}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert Event.objects.get().summary == "With If-Match."


def test_a_stale_if_match_is_a_412_naming_who_saved(writer_client, event):
    etag = writer_client.get(detail(event))["ETag"]
    event.place_city = "Washington"
    event.save()
    response = writer_client.patch(
        detail(event), {"summary": "Late."}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 412
    body = response.json()
    assert body["code"] == "stale"
    assert "Someone (a script or import) saved this event" in body["detail"]
    event.refresh_from_db()
    assert event.summary == "Leaders met."


@pytest.mark.parametrize(
    "header, status", [('"not-ours"', 412), ("W/", 412), ("*", 428)]
)
def test_an_if_match_that_names_no_version_is_refused(
    writer_client, event, header, status
):
    response = writer_client.patch(
        detail(event), {"summary": "x"}, format="json", HTTP_IF_MATCH=header
    )
    assert response.status_code == status
    assert Event.objects.get().summary == "Leaders met."


def test_a_write_without_the_permission_is_a_403_before_any_version_check(
    django_user_model, event
):
    reader = grant(django_user_model.objects.create_user("reader"), "view_event")
    response = token_client(reader).patch(
        detail(event), {"summary": "x"}, format="json"
    )
    assert response.status_code == 403


@pytest.fixture
def meeting(draft, official):
    factories.ParticipantFactory(event=draft, official=official, role="guest")
    return draft


@pytest.fixture
def participant_edited_elsewhere(editor_client, meeting):
    """The editor opens the meeting's form; then its participant's role is saved
    elsewhere as host. Gives the participant, the form's data as opened and the
    participants' inline prefix."""
    participant = meeting.participants.get()
    data = form_data(editor_client.get(change_url(meeting)))
    prefix = next(k for k in data if k.endswith("-0-role")).removesuffix("-0-role")
    participant.role = "host"
    participant.save()
    return participant, data, prefix


def test_a_participant_row_both_changed_is_a_conflict_though_rows_have_no_version(
    editor_client, meeting, participant_edited_elsewhere
):
    event = meeting
    participant, data, prefix = participant_edited_elsewhere
    data[f"{prefix}-0-role"] = "visitor"
    response = post(editor_client, event, data)

    assert response.status_code == 200
    assert "saved this participant" in errors_of(response)
    assert f'name="{prefix}-0-merge-role"' in response.text
    participant.refresh_from_db()
    assert participant.role == "host"

    again = form_data(response)
    group = response.context["merge_conflicts"][0]
    again[group["against_name"]] = group["against"]
    again[f"{prefix}-0-merge-role"] = "yours"
    chosen = post(editor_client, event, again)
    assert chosen.status_code == 302, errors_of(chosen)
    participant.refresh_from_db()
    assert participant.role == "visitor"


def test_a_participant_row_another_editor_changed_keeps_their_change(
    editor_client, meeting, participant_edited_elsewhere
):
    event = meeting
    participant, data, prefix = participant_edited_elsewhere
    data[f"{prefix}-0-order"] = "3"
    response = post(editor_client, event, data)

    assert response.status_code == 302, errors_of(response)
    participant.refresh_from_db()
    assert (participant.role, participant.order) == ("host", 3)


def test_an_untouched_row_another_editor_changed_is_left_alone(editor_client, meeting):
    event = meeting
    participant = event.participants.get()
    data = form_data(editor_client.get(change_url(event)))
    participant.role = "host"
    participant.save()
    saves = participant.history.count()

    response = post(editor_client, event, data, summary="Only the summary.")

    assert response.status_code == 302, errors_of(response)
    participant.refresh_from_db()
    assert participant.role == "host"
    assert participant.history.count() == saves
