"""The events/ admin beyond the pages every model has (test_admin_pages.py)."""

import datetime

import pytest
from django.urls import reverse

from core.partial_dates import Precision
from tests import factories
from tests.admin_forms import add_inline_row, admin_url, errors_of, form_data
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


def test_event_page_has_participant_citation_and_photo_inlines(editor_client, event):
    factories.cite(event)
    factories.PhotoFactory(event=event)
    response = editor_client.get(admin_url(event, "change", event.pk))
    formsets = {
        f.formset.model._meta.model_name: f.formset.total_form_count()
        for f in response.context["inline_admin_formsets"]
    }
    assert formsets == {"participant": 1, "citation": 1, "photo": 1}


def test_event_foreign_keys_use_autocomplete(editor_client, event):
    response = editor_client.get(admin_url(event, "change", event.pk))
    assert 'data-ajax--url="/admin/autocomplete/"' in response.text
    form = response.context["adminform"].form
    for name in ("place_country", "countries", "status_changes"):
        assert "admin-autocomplete" in form.fields[name].widget.render(name, None)


def test_event_list_filters_by_having_a_source(editor_client):
    sourced = factories.EventFactory(title="Sourced")
    factories.cite(sourced)
    factories.EventFactory(title="Unsourced")
    response = editor_client.get(
        reverse("admin:events_event_changelist"), {"sourced": "no"}
    )
    assert [e.title for e in response.context["cl"].result_list] == ["Unsourced"]


def test_publication_list_filters_publications_missing_an_archive(editor_client):
    factories.PublicationFactory(
        title="Archived", archive_url="https://web.archive.org/x"
    )
    factories.PublicationFactory(title="Not archived")
    response = editor_client.get(
        reverse("admin:events_publication_changelist"), {"archived": "missing"}
    )
    assert [s.title for s in response.context["cl"].result_list] == ["Not archived"]


def test_participant_list_filters_unlinked_participants(editor_client, event):
    factories.ParticipantFactory(event=event, official=None, name="A spokesperson")
    response = editor_client.get(
        reverse("admin:events_participant_changelist"), {"official__isempty": "1"}
    )
    assert [p.name for p in response.context["cl"].result_list] == ["A spokesperson"]


def test_publication_list_counts_the_citations_of_each_publication(editor_client):
    publication = factories.PublicationFactory(title="Counted")
    for record in (
        factories.EventFactory(),
        factories.EventFactory(),
        factories.StatusChangeFactory(),
    ):
        factories.cite(record, publication)
    response = editor_client.get(reverse("admin:events_publication_changelist"))
    (listed,) = response.context["cl"].result_list
    assert listed.citation_count == 3
    assert '<td class="field-cited">3</td>' in response.text


def queries_for(client, django_assert_max_num_queries, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "name, build",
    [
        ("events_event", lambda: factories.PhotoFactory().event),
        (
            "events_publication",
            lambda: factories.cite(factories.EventFactory()).publication,
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


# Publications and citations --------------------------------------------------


def autocomplete(client, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "events",
            "model_name": "citation",
            "field_name": "publication",
            "term": term,
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_the_citation_picker_finds_publications_by_title_or_publisher_with_dates(
    editor_client,
):
    factories.PublicationFactory(
        publisher="Ynet", title="Kazakhstan joins the Abraham Accords"
    )
    factories.PublicationFactory(
        publisher="Ynet",
        title="Kazakhstan joins the Abraham Accords",
        url="https://www.ynetnews.com/article/later",
        published_on=datetime.date(2025, 11, 1),
        published_on_precision=Precision.MONTH,
    )
    factories.PublicationFactory(
        publisher="Reuters", title="A statement", published_on=None
    )
    expected = [
        "Ynet: Kazakhstan joins the Abraham Accords (6 November 2025)",
        "Ynet: Kazakhstan joins the Abraham Accords (November 2025)",
    ]
    assert sorted(autocomplete(editor_client, "joins the abraham")) == expected
    assert autocomplete(editor_client, "reuters") == ["Reuters: A statement (no date)"]


def test_a_chosen_publication_reads_as_in_the_picker(editor_client, event):
    factories.cite(event, title="Kazakhstan joins")
    page = editor_client.get(admin_url(event, "change", event.pk))
    assert ">Ynet: Kazakhstan joins (6 November 2025)</option>" in page.text


SUPPORTED = {
    "event": lambda: factories.EventFactory(),
    "status change": lambda: factories.StatusChangeFactory(),
    "position": lambda: factories.PositionFactory(),
    "mission": lambda: factories.MissionFactory(),
    "relation": lambda: factories.DiplomaticRelationFactory(),
}


@pytest.mark.parametrize("build", SUPPORTED.values(), ids=SUPPORTED.keys())
def test_citations_are_added_inline_on_each_record_they_support(editor_client, build):
    record = build()
    publication = factories.PublicationFactory(title="The declaration")
    url = admin_url(record, "change", record.pk)
    page = editor_client.get(url)
    assert '<div id="sources">' in page.text
    for name in ("publication", "quote", "locator", "supports"):
        assert f'name="citations-__prefix__-{name}"' in page.text
    data = form_data(page)
    add_inline_row(
        data,
        "citations",
        publication=str(publication.pk),
        quote="The parties agree to normalise relations.",
        locator="Article 1",
        supports="date",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    citation = publication.citations.get()
    assert citation.record == record
    assert (citation.quote, citation.locator, citation.supports) == (
        "The parties agree to normalise relations.",
        "Article 1",
        "date",
    )
