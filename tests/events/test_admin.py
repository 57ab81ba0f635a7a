"""The events/ admin beyond the pages every model has (test_admin_pages.py)."""

import datetime

import pytest
from django.urls import reverse

from core.partial_dates import Precision
from tests import factories
from tests.admin_forms import admin_url
from tests.test_admin_pages import lutnick, signing


def test_event_search_finds_an_official_by_another_spelling(editor_client):
    event = signing()
    factories.ParticipantFactory(event=event, official=lutnick())
    response = editor_client.get(
        reverse("admin:events_event_changelist"), {"q": "Lutnik"}
    )
    assert list(response.context["cl"].result_list) == [event]


def test_event_list_shows_dates_at_their_precision(editor_client):
    factories.EventFactory(
        title="Netanyahu visits Astana",
        date=datetime.date(2016, 12, 1),
        date_precision=Precision.MONTH,
    )
    response = editor_client.get(reverse("admin:events_event_changelist"))
    assert "December 2016" in response.text
    assert "1 December 2016" not in response.text


def test_event_page_has_participant_source_and_photo_inlines(editor_client, event):
    factories.SourceFactory().events.add(event)
    factories.PhotoFactory(event=event)
    response = editor_client.get(admin_url(event, "change", event.pk))
    formsets = {
        f.formset.model._meta.model_name: f.formset.total_form_count()
        for f in response.context["inline_admin_formsets"]
    }
    assert formsets == {"participant": 1, "source_events": 1, "photo": 1}


def test_event_foreign_keys_use_autocomplete(editor_client, event):
    response = editor_client.get(admin_url(event, "change", event.pk))
    assert 'data-ajax--url="/admin/autocomplete/"' in response.text
    form = response.context["adminform"].form
    for name in ("place_country", "countries", "status_changes"):
        assert "admin-autocomplete" in form.fields[name].widget.render(name, None)


def test_event_list_filters_by_having_a_source(editor_client):
    sourced = factories.EventFactory(title="Sourced")
    factories.SourceFactory().events.add(sourced)
    factories.EventFactory(title="Unsourced")
    response = editor_client.get(
        reverse("admin:events_event_changelist"), {"sourced": "no"}
    )
    assert [e.title for e in response.context["cl"].result_list] == ["Unsourced"]


def test_source_list_filters_sources_missing_an_archive(editor_client):
    factories.SourceFactory(title="Archived", archive_url="https://web.archive.org/x")
    factories.SourceFactory(title="Not archived")
    response = editor_client.get(
        reverse("admin:events_source_changelist"), {"archived": "missing"}
    )
    assert [s.title for s in response.context["cl"].result_list] == ["Not archived"]


def test_participant_list_filters_unlinked_participants(editor_client, event):
    factories.ParticipantFactory(event=event, official=None, name="A spokesperson")
    response = editor_client.get(
        reverse("admin:events_participant_changelist"), {"official__isempty": "1"}
    )
    assert [p.name for p in response.context["cl"].result_list] == ["A spokesperson"]


def test_source_list_counts_the_claims_each_source_supports(editor_client):
    source = factories.SourceFactory(title="Counted")
    source.events.add(factories.EventFactory(), factories.EventFactory())
    source.status_changes.add(factories.StatusChangeFactory())
    response = editor_client.get(reverse("admin:events_source_changelist"))
    (listed,) = response.context["cl"].result_list
    assert listed.claim_count == 3


def queries_for(client, django_assert_max_num_queries, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "name, build",
    [
        ("events_event", lambda: factories.PhotoFactory().event),
        (
            "events_source",
            lambda: factories.SourceFactory().events.add(factories.EventFactory()),
        ),
        ("events_photo", lambda: factories.PhotoFactory()),
        ("events_participant", lambda: factories.ParticipantFactory()),
        ("countries_country", lambda: factories.StatusChangeFactory()),
        ("countries_official", lambda: factories.PositionFactory()),
        ("countries_position", lambda: factories.PositionFactory()),
        ("countries_statuschange", lambda: factories.StatusChangeFactory()),
        ("countries_mission", lambda: factories.MissionFactory()),
    ],
)
def test_changelists_cost_the_same_at_two_sizes(
    editor_client, django_assert_max_num_queries, name, build
):
    url = reverse(f"admin:{name}_changelist")
    build()
    small = queries_for(editor_client, django_assert_max_num_queries, url, 40)
    for _ in range(4):
        build()
    assert queries_for(editor_client, django_assert_max_num_queries, url, 40) == small
