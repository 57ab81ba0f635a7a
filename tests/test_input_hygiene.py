"""Text editors store is text readers and feeds can carry (core/text.py), and
API bodies have a shape a record can have (core/api_policies.py)."""

import json
import time
import xml.etree.ElementTree as ET

import icalendar
import pytest

from countries.models import Country, Official
from events.models import Event, Participant
from tests import factories
from tests.admin_forms import form_data
from tests.conftest import patch_event

ATOM = "{http://www.w3.org/2005/Atom}"
VERTICAL_TAB = "\u000b"
RIGHT_TO_LEFT_OVERRIDE = "\u202e"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def change_url(record) -> str:
    opts = record._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/change/"


def post_change(client, record, **changes):
    """Post the record's admin change form as a browser would, with ``changes``."""
    data = form_data(client.get(change_url(record)))
    data.update(changes)
    return client.post(change_url(record), data)


def field_errors(response, field: str) -> list[str]:
    assert response.status_code == 200, "the form was saved"
    return list(response.context["adminform"].form.errors.get(field, []))


# Admin -------------------------------------------------------------------------


@pytest.fixture
def event(event):
    # The admin saves a published event only with a source.
    factories.cite(event)
    return event


def test_admin_refuses_a_control_character_in_an_event_title(admin_client, event):
    response = post_change(
        admin_client, event, title=f"Tokayev{VERTICAL_TAB} meets Rubio"
    )
    (message,) = field_errors(response, "title")
    assert "control character (U+000B at character 8)" in message
    event.refresh_from_db()
    assert event.title == "Tokayev meets Rubio"


def test_admin_refuses_a_control_character_in_a_multi_line_summary(admin_client, event):
    response = post_change(admin_client, event, summary=f"One.\n\nTwo{VERTICAL_TAB}.")
    assert "control character (U+000B" in field_errors(response, "summary")[0]


def test_admin_refuses_a_direction_override_in_a_country_name(admin_client, country):
    response = post_change(
        admin_client, country, name=f"Kazakh{RIGHT_TO_LEFT_OVERRIDE}natsi"
    )
    (message,) = field_errors(response, "name")
    assert "writing-direction character (U+202E at character 7)" in message
    assert Country.objects.get().name == "Kazakhstan"


def test_admin_refuses_a_title_of_only_zero_width_characters(admin_client, event):
    response = post_change(admin_client, event, title=ZERO_WIDTH)
    (message,) = field_errors(response, "title")
    assert "only spaces and invisible characters" in message


def test_admin_refuses_a_control_character_in_an_inline_row(admin_client, event):
    data = form_data(admin_client.get(change_url(event)))
    participant = "participants-0-name"
    assert participant in data
    data[participant] = f"Some{VERTICAL_TAB}one"
    data["participants-0-official"] = ""
    response = admin_client.post(change_url(event), data)
    assert response.status_code == 200
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "participants"
    ]
    assert "control character (U+000B" in formset.forms[0].errors["name"][0]
    assert Participant.objects.get().name == ""


def test_admin_refuses_a_control_character_in_another_name_of_an_official(
    admin_client, official
):
    data = form_data(admin_client.get(change_url(official)))
    prefix = next(
        key.removesuffix("-TOTAL_FORMS")
        for key in data
        if key.endswith("-TOTAL_FORMS") and "other" in key
    )
    data[f"{prefix}-TOTAL_FORMS"] = "1"
    data[f"{prefix}-0-name"] = f"Tok{VERTICAL_TAB}aev"
    response = admin_client.post(change_url(official), data)
    assert response.status_code == 200
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    ]
    assert "control character (U+000B" in formset.forms[0].errors["name"][0]
    assert not official.other_names.exists()


def test_admin_keeps_right_to_left_text_tabs_and_newlines(admin_client, event):
    arabic = "لقاء توكاييف وروبيو"
    response = post_change(
        admin_client, event, title=arabic, summary="First line.\n\tSecond line."
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.title, event.summary) == (arabic, "First line.\n\tSecond line.")


# API ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("title", f"Tokayev{VERTICAL_TAB}meets Rubio", "U+000B at character 8"),
        ("title", f"Tokayev{RIGHT_TO_LEFT_OVERRIDE}meets", "writing-direction"),
        ("title", ZERO_WIDTH, "only spaces and invisible characters"),
        ("summary", f"Met.{VERTICAL_TAB}", "control character (U+000B"),
        ("body", f"**Met**{chr(0x1F)}", "control character (U+001F"),
        ("place_city", f"Washington{chr(0x85)}", "control character (U+0085"),
    ],
)
def test_api_refuses_bad_characters_in_event_text(
    writer_client, event, field, value, words
):
    response = writer_client.patch(
        f"/api/v1/events/{event.slug}/",
        {field: value, "version": event.version},
        format="json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body["errors"]) == [field]
    assert words in body["detail"]
    assert Event.objects.get().title == "Tokayev meets Rubio"


def test_api_refuses_a_lone_surrogate(writer_client, event):
    # Escaped, as JSON may carry it; the parsed string cannot be stored.
    body = json.dumps({"summary": "Met.\ud800", "version": event.version})
    response = writer_client.patch(
        f"/api/v1/events/{event.slug}/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "U+D800" in response.json()["detail"]


def test_api_refuses_an_official_name_of_only_invisible_characters(
    writer_client, official
):
    response = writer_client.patch(
        f"/api/v1/officials/{official.slug}/",
        {"name": f" {ZERO_WIDTH} ", "version": official.version},
        format="json",
    )
    assert response.status_code == 400
    assert "only spaces and invisible characters" in response.json()["detail"]
    assert Official.objects.get().name == official.name


def test_api_refuses_a_direction_override_in_a_country_name(writer_client, country):
    response = writer_client.patch(
        "/api/v1/countries/KZ/",
        {"name": f"{RIGHT_TO_LEFT_OVERRIDE}Kazakhstan", "version": country.version},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["name"][0].startswith(
        "Contains an invisible writing-direction character (U+202E at character 1)"
    )


def test_api_keeps_right_to_left_text_tabs_and_newlines(writer_client, event):
    response = patch_event(
        writer_client,
        event,
        title="لقاء توكاييف وروبيو",
        summary="First line.\n\tSecond line.",
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "لقاء توكاييف وروبيو"


# Request bodies ----------------------------------------------------------------


def post_raw(client, body: str):
    started = time.monotonic()
    response = client.post("/api/v1/events/", body, content_type="application/json")
    return response, time.monotonic() - started


def test_a_body_nested_ten_thousand_deep_is_a_quick_json_400(writer_client, db):
    response, seconds = post_raw(writer_client, "[" * 10_000 + "]" * 10_000)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "parse_error"
    assert "nested more than 32 levels deep" in body["detail"]
    assert seconds < 2


def nested_body(depth: int) -> str:
    """A JSON object whose containers are ``depth`` levels deep."""
    value: list = []
    for _ in range(depth - 2):
        value = [value]
    return json.dumps({"countries": value})


def test_a_body_nested_just_too_deep_is_refused(writer_client, db):
    response, _ = post_raw(writer_client, nested_body(33))
    assert response.status_code == 400
    assert "nested more than 32 levels" in response.json()["detail"]
    response, _ = post_raw(writer_client, nested_body(32))
    assert response.status_code == 400
    assert response.json()["code"] != "parse_error"


def test_sixty_thousand_country_codes_are_a_quick_400(writer_client, country):
    body = json.dumps({"title": "Many", "countries": ["KZ"] * 60_000})
    response, seconds = post_raw(writer_client, body)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "parse_error"
    assert "has 60000 items; at most 500" in body["detail"]
    assert seconds < 2
    assert not Event.objects.exists()


def test_a_list_of_five_hundred_items_is_parsed(writer_client, country):
    body = json.dumps({"title": "Many", "countries": ["KZ"] * 500})
    response, _ = post_raw(writer_client, body)
    # Parsed, then refused for what is missing, not for its size.
    assert response.status_code == 400
    assert response.json()["code"] != "parse_error"


# Feeds: text stored before these checks ---------------------------------------


@pytest.fixture
def stored_control_characters(event, country):
    Event.objects.update(
        title=f"Tokayev{VERTICAL_TAB} meets Rubio", summary=f"Met{chr(0x1B)}."
    )
    Country.objects.update(name=f"Kazakh{chr(0x0C)}stan")
    return event


@pytest.mark.parametrize("path", ["/feeds/events/", "/feeds/countries/kazakhstan/"])
def test_atom_feeds_answer_with_bad_characters_left_out(
    client, stored_control_characters, path
):
    response = client.get(path)
    assert response.status_code == 200
    (entry,) = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title").startswith("Tokayev meets Rubio (")
    assert entry.findtext(f"{ATOM}summary") == "Met."
    categories = [c.get("term") for c in entry.findall(f"{ATOM}category")]
    assert "Kazakhstan" in categories


def test_calendar_answers_with_bad_characters_left_out(
    client, stored_control_characters
):
    response = client.get("/events.ics?from=2000-01-01")
    assert response.status_code == 200
    (entry,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["summary"]) == "Tokayev meets Rubio"
    assert str(entry["description"]) == "Met."


def test_feeds_still_answer_when_a_title_holds_a_direction_override(client, event):
    Event.objects.update(title=f"{RIGHT_TO_LEFT_OVERRIDE}Tokayev meets Rubio")
    assert client.get("/feeds/events/").status_code == 200
    factories.EventFactory(title="Another")
    assert client.get("/feeds/events/").status_code == 200
