"""A fact the sources only report, or that is disputed, says so: a label and a
note on its pages, two fields in the API, a filter that leaves it out, and a
note required wherever it is edited."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import CONFIDENCE_NOTE_REQUIRED, Confidence
from countries.models import DiplomaticRelation, Position, StatusChange
from events.models import Event
from tests import factories
from tests.admin_forms import change_url, changelist_url, errors_of, form_data, post
from tests.conftest import patch_event, results
from tests.events.test_seed import SMALL_SEED
from tests.page_checks import assert_public_page, text

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent

NOTE = {
    Confidence.REPORTED: "Reported by Ynet, citing an official it does not name.",
    Confidence.DISPUTED: "Denied by the foreign ministry the next day.",
}
DOUBTED = pytest.mark.parametrize("confidence", [*NOTE])


def doubt(record, confidence):
    record.confidence = confidence
    record.confidence_note = NOTE[confidence]
    record.save()
    return record


def label_of(confidence) -> str:
    """The label and note as a reader reads them."""
    return f"{Confidence(confidence).label}: {NOTE[confidence]}"


def words(response) -> str:
    """The page's text as read: tags dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def has_label(response) -> bool:
    return 'class="confidence ' in response.content.decode()


@pytest.fixture
def relation(kazakhstan):
    return DiplomaticRelation.objects.get(country=kazakhstan)


@pytest.fixture
def position(kazakhstan, official):
    return Position.objects.get(official=official)


@pytest.fixture
def candidate(kazakhstan):
    return StatusChange.objects.get(country=kazakhstan, status="candidate")


# Pages -------------------------------------------------------------------------


@DOUBTED
def test_a_doubted_event_shows_its_label_and_note_on_its_page(
    client, event, confidence
):
    doubt(event, confidence)
    response = client.get(event.get_absolute_url())
    assert_public_page(response)
    assert label_of(confidence) in words(response)
    assert (
        f'<p class="confidence confidence--{confidence}"><strong '
        f'class="confidence__label">{Confidence(confidence).label}</strong>'
    ) in response.content.decode()


@DOUBTED
@pytest.mark.parametrize("path", ["/events/", "/", "/timeline/2020/"])
def test_a_doubted_event_shows_its_label_in_the_event_lists(
    client, event, confidence, path
):
    doubt(event, confidence)
    response = client.get(path)
    assert response.status_code == 200
    assert event.title in words(response)
    assert label_of(confidence) in words(response)


def test_the_timeline_of_a_year_labels_a_doubted_event(client, event):
    doubt(event, Confidence.DISPUTED)
    response = client.get("/timeline/2020/")
    assert f"{event.title} Meeting Disputed: {NOTE['disputed']}" in words(response)


@pytest.mark.parametrize(
    "path", ["/events/", "/", "/timeline/2020/", "/events/tokayev-meets-rubio/"]
)
def test_a_confirmed_event_shows_no_confidence_label(client, event, path):
    response = client.get(path)
    assert event.title in text(response)
    assert not has_label(response)


@DOUBTED
def test_a_doubted_status_change_is_labelled_in_the_country_timeline(
    client, candidate, confidence
):
    doubt(candidate, confidence)
    response = client.get("/countries/kazakhstan/")
    timeline = words(response).split("Accords status timeline", 1)[1]
    timeline = timeline.split("Officials", 1)[0]
    assert f"August 2025: Candidate {label_of(confidence)}" in timeline
    # Only the doubted change: the announcement stays unlabelled.
    assert response.content.decode().count('class="confidence__label"') == 1


@DOUBTED
def test_a_doubted_status_change_is_labelled_on_the_page_of_its_event(
    client, event, candidate, confidence
):
    event.status_changes.add(doubt(candidate, confidence))
    response = client.get(event.get_absolute_url())
    changes = words(response).split("Accords status changes", 1)[1]
    assert f"Candidate, August 2025 {label_of(confidence)}" in changes


@DOUBTED
def test_a_doubted_relation_is_labelled_on_the_country_page(
    client, relation, confidence
):
    doubt(relation, confidence)
    response = client.get("/countries/kazakhstan/")
    section = words(response).split("Relations with Israel", 1)[1]
    assert f"later that year. {label_of(confidence)}" in section


@DOUBTED
def test_a_doubted_position_is_labelled_on_the_officials_page(
    client, position, confidence
):
    doubt(position, confidence)
    response = client.get("/officials/kassym-jomart-tokayev/")
    assert_public_page(response)
    offices = words(response).split("Offices held", 1)[1].split("Events", 1)[0]
    assert f"20 March 2019 – present {label_of(confidence)}" in offices


def test_confirmed_facts_of_a_country_and_an_official_show_no_label(
    client, relation, candidate
):
    for path in ("/countries/kazakhstan/", "/officials/kassym-jomart-tokayev/"):
        response = client.get(path)
        assert response.status_code == 200
        assert not has_label(response)


def test_the_label_is_words_not_colour_and_prints_in_black():
    stylesheet = (
        Path(__file__).resolve().parent.parent / "static/css/site.css"
    ).read_text()
    on_screen, in_print = stylesheet.split("@media print", 1)
    label = on_screen.split(".confidence__label {", 1)[1].split("}", 1)[0]
    # A border around the word: a box that stays without colour.
    assert "border: 1px solid currentColor" in label
    assert ".confidence__label" in in_print
    assert "color: #000000" in in_print


def label_counts(client, paths: list[str]) -> list[int]:
    counts = []
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    return counts


def test_the_labels_add_no_query_to_any_page(
    client, event, relation, candidate, position
):
    event.status_changes.add(candidate)
    paths = [
        "/",
        "/events/",
        "/timeline/2020/",
        event.get_absolute_url(),
        "/countries/kazakhstan/",
        "/officials/kassym-jomart-tokayev/",
    ]
    label_counts(client, paths)  # Caches warmed, as a reader finds them.
    confirmed = label_counts(client, paths)
    for record in (event, relation, candidate, position):
        doubt(record, Confidence.REPORTED)
    assert label_counts(client, paths) == confirmed
    assert has_label(client.get("/countries/kazakhstan/"))


# API ---------------------------------------------------------------------------


def test_the_event_list_and_detail_give_the_confidence_fields(api_client, event):
    doubt(event, Confidence.REPORTED)
    expected = {"confidence": "reported", "confidence_note": NOTE["reported"]}
    (row,) = results(api_client.get("/api/v1/events/"))
    assert expected.items() <= row.items()
    detail = api_client.get(f"/api/v1/events/{event.slug}/").json()
    assert expected.items() <= detail.items()


def test_a_confirmed_event_says_so_in_the_api(api_client, event):
    (row,) = results(api_client.get("/api/v1/events/"))
    assert (row["confidence"], row["confidence_note"]) == ("confirmed", "")


def test_the_event_csv_has_the_confidence_columns(api_client, event):
    doubt(event, Confidence.DISPUTED)
    response = api_client.get("/api/v1/events/?format=csv")
    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["confidence"] == "disputed"
    assert row["confidence_note"] == NOTE["disputed"]


def test_a_country_gives_the_confidence_of_its_status_changes_and_relation(
    api_client, candidate, relation
):
    doubt(candidate, Confidence.REPORTED)
    doubt(relation, Confidence.DISPUTED)
    country = api_client.get("/api/v1/countries/KZ/").json()
    by_status = {
        change["status"]: (change["confidence"], change["confidence_note"])
        for change in country["status_timeline"]
    }
    assert by_status == {
        "candidate": ("reported", NOTE["reported"]),
        "announced": ("confirmed", ""),
    }
    relation_json = country["relation_with_israel"]
    assert relation_json["confidence"] == "disputed"
    assert relation_json["confidence_note"] == NOTE["disputed"]


def test_an_official_gives_the_confidence_of_each_position(api_client, position):
    doubt(position, Confidence.DISPUTED)
    expected = {"confidence": "disputed", "confidence_note": NOTE["disputed"]}
    detail = api_client.get("/api/v1/officials/kassym-jomart-tokayev/").json()
    (listed,) = detail["positions"]
    (current,) = detail["current_positions"]
    assert expected.items() <= listed.items()
    assert expected.items() <= current.items()


def test_an_event_gives_the_confidence_of_its_status_changes_and_positions(
    api_client, event, candidate, position
):
    event.status_changes.add(doubt(candidate, Confidence.REPORTED))
    doubt(position, Confidence.DISPUTED)
    detail = api_client.get(f"/api/v1/events/{event.slug}/").json()
    (change,) = detail["status_changes"]
    assert change["confidence"] == "reported"
    assert change["confidence_note"] == NOTE["reported"]
    (participant,) = detail["participants"]
    (held,) = participant["positions"]
    assert held["confidence"] == "disputed"


def test_an_api_client_marks_an_event_reported_with_its_note(writer_client, event):
    response = patch_event(
        writer_client, event, confidence="reported", confidence_note=NOTE["reported"]
    )
    assert response.status_code == 200, response.content
    assert response.json()["confidence"] == "reported"
    event.refresh_from_db()
    assert (event.confidence, event.confidence_note) == ("reported", NOTE["reported"])


@pytest.mark.parametrize("note", [None, "", "   "])
def test_an_api_client_must_give_the_note_of_a_doubted_event(
    writer_client, event, note
):
    fields = {"confidence": "disputed"}
    if note is not None:
        fields["confidence_note"] = note
    response = patch_event(writer_client, event, **fields)
    assert response.status_code == 400
    assert response.json()["errors"] == {"confidence_note": [CONFIDENCE_NOTE_REQUIRED]}
    event.refresh_from_db()
    assert event.confidence == "confirmed"


def test_clearing_the_note_of_a_doubted_event_is_refused(writer_client, event):
    doubt(event, Confidence.REPORTED)
    response = patch_event(writer_client, event, confidence_note="")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["confidence_note"]
    # Confirming it and clearing the note together is fine.
    event.refresh_from_db()
    response = patch_event(
        writer_client, event, confidence="confirmed", confidence_note=""
    )
    assert response.status_code == 200, response.content


def test_an_unknown_confidence_is_a_400_naming_the_field(writer_client, event):
    response = patch_event(writer_client, event, confidence="rumoured")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["confidence"]


# Filters -----------------------------------------------------------------------


@pytest.fixture
def three_events(event):
    reported = factories.EventFactory(slug="reported-talks", title="Reported talks")
    disputed = factories.EventFactory(slug="disputed-visit", title="Disputed visit")
    doubt(reported, Confidence.REPORTED)
    doubt(disputed, Confidence.DISPUTED)
    return event, reported, disputed


@pytest.mark.parametrize(
    "query, slugs",
    [
        ("confidence=confirmed", {"tokayev-meets-rubio"}),
        (
            "confidence=confirmed&confidence=reported",
            {"tokayev-meets-rubio", "reported-talks"},
        ),
        ("confidence=disputed", {"disputed-visit"}),
        ("", {"tokayev-meets-rubio", "reported-talks", "disputed-visit"}),
    ],
)
def test_the_confidence_filter_leaves_out_the_others_on_page_and_api(
    client, api_client, three_events, query, slugs
):
    api = api_client.get(f"/api/v1/events/?{query}")
    assert {row["slug"] for row in results(api)} == slugs
    page = client.get(f"/events/?{query}")
    assert page.status_code == 200
    assert {event.slug for event in page.context["events"]} == slugs


def test_the_events_page_lets_readers_tick_the_confidences(client, three_events):
    response = client.get("/events/?confidence=confirmed&confidence=reported")
    content = response.content.decode()
    assert "<legend>Confidence</legend>" in content
    for value, checked in (
        ("confirmed", True),
        ("reported", True),
        ("disputed", False),
    ):
        box = content.split(f'value="{value}"', 1)[1].split(">", 1)[0]
        assert ("checked" in box) is checked
    assert "match these filters" in text(response)


def test_a_bad_confidence_is_a_400_naming_the_parameter_on_page_and_api(
    client, api_client, event
):
    message = "“sure” is not a confidence; use one of: confirmed, reported, disputed."
    api = api_client.get("/api/v1/events/?confidence=confirmed&confidence=sure")
    assert api.status_code == 400
    assert api.json()["errors"] == {"confidence": [message]}
    page = client.get("/events/?confidence=sure")
    assert page.status_code == 400
    assert f"Some filters need changing Confidence: {message}" in words(page)


def test_an_empty_confidence_is_refused_by_the_api_and_means_any_on_the_page(
    client, api_client, three_events
):
    api = api_client.get("/api/v1/events/?confidence=")
    assert api.status_code == 400
    assert "Empty value" in api.json()["errors"]["confidence"][0]
    page = client.get("/events/?confidence=")
    assert page.status_code == 200
    assert len(page.context["events"]) == 3


def test_other_parameters_still_may_not_be_repeated_with_the_confidence(
    api_client, event
):
    response = api_client.get(
        "/api/v1/events/?confidence=reported&confidence=disputed&kind=meeting"
        "&kind=signing"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]


def test_the_schema_documents_the_confidence_filter(api_client, db):
    schema = api_client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/events/"]["get"]["parameters"]
    (confidence,) = [p for p in parameters if p["name"] == "confidence"]
    assert confidence["schema"]["type"] == "array"
    assert sorted(confidence["schema"]["items"]["enum"]) == sorted(Confidence.values)


# Editors -----------------------------------------------------------------------


def test_a_record_doubted_without_a_note_fails_its_checks(event, candidate):
    for record in (event, candidate):
        record.confidence = Confidence.DISPUTED
        with pytest.raises(ValidationError) as raised:
            record.full_clean()
        assert raised.value.message_dict == {
            "confidence_note": [CONFIDENCE_NOTE_REQUIRED]
        }
        record.confidence_note = "Denied by the ministry."
        record.full_clean()


@pytest.mark.parametrize(
    "record_fixture", ["event", "candidate", "relation", "position"]
)
def test_the_admin_asks_for_the_note_of_a_doubted_record(
    request, superuser, client, record_fixture
):
    record = request.getfixturevalue(record_fixture)
    # A draft: saving it asks for no source, only for the note.
    record.publication_status = "draft"
    record.save()
    client.force_login(superuser)
    data = form_data(client.get(change_url(record)))
    refused = post(client, record, data, confidence="reported")
    assert refused.status_code == 200
    assert CONFIDENCE_NOTE_REQUIRED in errors_of(refused)
    record.refresh_from_db()
    assert record.confidence == "confirmed"

    saved = post(
        client, record, data, confidence="reported", confidence_note=NOTE["reported"]
    )
    assert saved.status_code == 302, errors_of(saved)
    record.refresh_from_db()
    assert (record.confidence, record.confidence_note) == (
        "reported",
        NOTE["reported"],
    )


def test_the_admin_inlines_of_a_country_ask_for_the_note(
    superuser, client, candidate, relation
):
    client.force_login(superuser)
    country = candidate.country
    data = form_data(client.get(change_url(country)))
    row = next(
        key.removesuffix("-status")
        for key, value in data.items()
        if key.endswith("-status") and value == "candidate"
    )
    refused = post(client, country, data, **{f"{row}-confidence": "disputed"})
    assert refused.status_code == 200
    assert CONFIDENCE_NOTE_REQUIRED in errors_of(refused)
    candidate.refresh_from_db()
    assert candidate.confidence == "confirmed"


@pytest.mark.parametrize("model", [Event, StatusChange, DiplomaticRelation, Position])
def test_each_changelist_filters_by_confidence(superuser, client, model):
    client.force_login(superuser)
    response = client.get(changelist_url(model) + "?confidence__exact=reported")
    assert response.status_code == 200
    assert "By confidence" in response.content.decode()


# Seed --------------------------------------------------------------------------


def test_the_seed_marks_only_what_its_passages_report(seeded):
    kazakhstan = StatusChange.objects.get(country__iso2="KZ", status="candidate")
    assert kazakhstan.confidence == "reported"
    assert "“early-stage consultations were said to be underway" in (
        kazakhstan.confidence_note
    )
    # The announcement is confirmed: President Trump made it in his own name.
    announced = StatusChange.objects.get(country__iso2="KZ", status="announced")
    assert (announced.confidence, announced.confidence_note) == ("confirmed", "")
    assert announced.citations.filter(publication__kind="statement").exists()
    # What the signing's passages state as fact stays confirmed.
    uae = StatusChange.objects.get(country__iso2="AE", status="signatory")
    assert (uae.confidence, uae.confidence_note) == ("confirmed", "")
    assert not Position.objects.exclude(confidence="confirmed").exists()
    assert not DiplomaticRelation.objects.exclude(confidence="confirmed").exists()
    assert not Event.objects.exclude(confidence="confirmed").exists()
    # Every doubted fact says who reports it, quoting the passage.
    for model in (StatusChange, Event):
        for record in model.objects.exclude(confidence="confirmed"):
            assert "“" in record.confidence_note, record


def load_small_seed(tmp_path, extra: str) -> None:
    path = tmp_path / "small.toml"
    path.write_text(
        SMALL_SEED.replace(
            'sources = ["consular-ties"]', f'{extra}\nsources = ["consular-ties"]'
        ),
        encoding="utf-8",
    )
    call_command("load_seed", file=path, stdout=io.StringIO())


def test_a_seed_record_may_say_it_is_reported_and_by_whom(tmp_path):
    load_small_seed(
        tmp_path,
        'confidence = "reported"\nconfidence_note = "Ynet, from an unnamed official."',
    )
    relation = DiplomaticRelation.objects.get()
    assert relation.confidence == "reported"
    assert relation.confidence_note == "Ynet, from an unnamed official."


@pytest.mark.parametrize(
    "extra, words",
    [
        (
            'confidence = "rumoured"',
            "[[relations]] 'kazakhstan-israel': confidence: must be one of "
            "confirmed, reported, disputed, not 'rumoured'",
        ),
        (
            'confidence = "disputed"',
            f"[[relations]] 'kazakhstan-israel': confidence_note: "
            f"{CONFIDENCE_NOTE_REQUIRED}",
        ),
    ],
)
def test_a_seed_record_with_a_bad_confidence_stops_the_load(tmp_path, extra, words):
    with pytest.raises(CommandError) as raised:
        load_small_seed(tmp_path, extra)
    assert words in str(raised.value)
    assert not DiplomaticRelation.objects.exists()
