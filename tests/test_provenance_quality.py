"""Provenance on the data-quality page, and merging duplicate publications:
what editors are told to fix about the documents behind the facts."""

import datetime

import pytest
from django.urls import reverse

from core.models import AuditEntry
from core.partial_dates import Precision
from events import quality
from events.models import Citation, Publication, PublicationKind
from tests import factories
from tests.admin_forms import admin_url

pytestmark = pytest.mark.django_db

SIGNING = datetime.date(2020, 9, 15)


def found(check) -> list[tuple[str, str]]:
    return [(str(finding.record), finding.detail) for finding in check.findings]


def report_of(client) -> dict:
    page = client.get(reverse("admin:data_quality"))
    assert page.status_code == 200
    return {check.title: check for check in page.context["checks"]}


# Facts supported only by later secondary sources -------------------------------

LATE = (
    "Facts supported only by secondary sources published more than a year after "
    "the fact"
)


@pytest.fixture
def signing():
    return factories.EventFactory(title="Abraham Accords signed", date=SIGNING)


def test_a_fact_cited_only_by_a_news_report_years_later_is_flagged(
    editor_client, signing
):
    factories.cite(signing, published_on=datetime.date(2025, 11, 6))
    check = report_of(editor_client)[LATE]
    assert found(check) == [
        (
            "Abraham Accords signed",
            "Event of 15 September 2020; the earliest source is from 6 November 2025",
        )
    ]
    assert check.findings[0].admin_url == admin_url(signing, "change", signing.pk) + (
        "#sources"
    )


@pytest.mark.parametrize(
    "second",
    [
        {"kind": PublicationKind.DECLARATION, "published_on": SIGNING},
        {"kind": PublicationKind.TRANSCRIPT, "published_on": None},
        {"kind": PublicationKind.NEWS, "published_on": datetime.date(2020, 9, 16)},
        {"kind": PublicationKind.NEWS, "published_on": datetime.date(2021, 9, 15)},
    ],
    ids=["primary", "undated-primary", "report-the-next-day", "within-a-year"],
)
def test_a_primary_or_timely_source_clears_the_fact(signing, second):
    factories.cite(signing, published_on=datetime.date(2025, 11, 6))
    factories.cite(signing, **second)
    assert found(quality.late_secondary_only()) == []


def test_a_secondary_source_without_a_date_is_not_counted_as_later(signing):
    factories.cite(signing, kind=PublicationKind.REFERENCE, published_on=None)
    assert found(quality.late_secondary_only()) == []


def test_partial_dates_count_as_later_only_when_surely_more_than_a_year(db):
    # Any day of 1992, reported in some day of 1993: perhaps within the year.
    year = factories.EventFactory(
        title="Embassies open",
        date=datetime.date(1992, 1, 1),
        date_precision=Precision.YEAR,
    )
    factories.cite(
        year,
        published_on=datetime.date(1993, 1, 1),
        published_on_precision=Precision.YEAR,
    )
    assert found(quality.late_secondary_only()) == []
    Publication.objects.update(published_on=datetime.date(1994, 1, 1))
    assert [name for name, _ in found(quality.late_secondary_only())] == [
        "Embassies open"
    ]


def test_drafts_and_undated_records_are_not_flagged(db):
    draft = factories.EventFactory(title="Draft", date=SIGNING, draft=True)
    factories.cite(draft)
    relation = factories.DiplomaticRelationFactory(established=None)
    factories.cite(relation)
    assert found(quality.late_secondary_only()) == []


@pytest.mark.parametrize(
    "build, kind",
    [
        (lambda: factories.StatusChangeFactory(), "Status change"),
        (lambda: factories.PositionFactory(), "Position"),
        (lambda: factories.MissionFactory(), "Mission"),
        (lambda: factories.DiplomaticRelationFactory(), "Diplomatic relation"),
    ],
    ids=["status change", "position", "mission", "relation"],
)
def test_every_dated_claim_is_checked_by_its_own_date(build, kind):
    record = build()
    factories.cite(record, kind=PublicationKind.REFERENCE)
    [(name, detail)] = found(quality.late_secondary_only())
    assert name == str(record)
    assert detail.startswith(f"{kind} of ")
    assert detail.endswith("the earliest source is from 6 November 2025")


# Publications without an archive copy ------------------------------------------

ARCHIVE = "Publications without an archive copy or an access date"


def test_a_publication_without_an_archive_is_one_item_however_often_cited(
    editor_client,
):
    article = factories.PublicationFactory(title="Often cited", archive_url="")
    for _ in range(3):
        factories.cite(factories.EventFactory(), article)
    factories.PublicationFactory(
        title="Unread", archive_url="", accessed_on=None, publisher="Reuters"
    )
    factories.PublicationFactory(
        title="Archived", archive_url="https://web.archive.org/x"
    )
    check = report_of(editor_client)[ARCHIVE]
    assert found(check) == [
        ("Reuters: Unread", "No archive URL and no access date"),
        ("Ynet: Often cited", "No archive URL"),
    ]
    assert check.findings[1].admin_url == admin_url(article, "change", article.pk)
    assert check.routine


# Duplicate publications --------------------------------------------------------

DUPLICATES = "Duplicate publications"


def test_duplicate_publications_are_one_item_per_group_linking_to_the_merge(
    editor_client,
):
    first = factories.PublicationFactory(url="https://example.org/a")
    same_url = factories.PublicationFactory(url="https://EXAMPLE.org/a/", title="A")
    same_title = factories.PublicationFactory(
        publisher="  reuters", title="Deal  signed", url=""
    )
    other_title = factories.PublicationFactory(
        publisher="Reuters", title="deal signed", url="https://reuters.com/deal"
    )
    factories.PublicationFactory(title="Unrelated")
    check = report_of(editor_client)[DUPLICATES]
    assert [finding.detail for finding in check.findings] == [
        f"2 records of one document: #{first.pk}, #{same_url.pk}",
        f"2 records of one document: #{same_title.pk}, #{other_title.pk}",
    ]
    link = check.findings[0].admin_url
    assert link == (
        reverse("admin:events_publication_changelist")
        + f"?id__in={first.pk},{same_url.pk}"
    )
    listed = editor_client.get(link)
    assert listed.status_code == 200
    assert {p.pk for p in listed.context["cl"].result_list} == {first.pk, same_url.pk}


# Citations of no record --------------------------------------------------------


def test_a_citation_of_no_record_links_to_its_publication(editor_client):
    orphan = factories.CitationFactory(quote="A passage about nothing in particular")
    factories.cite(factories.EventFactory())
    check = report_of(editor_client)["Citations of no record"]
    assert found(check) == [
        (str(orphan), "“A passage about nothing in particular”"),
    ]
    assert check.findings[0].admin_url == admin_url(
        orphan.publication, "change", orphan.publication.pk
    )
    page = editor_client.get(check.findings[0].admin_url)
    assert "A passage about nothing in particular" in page.text


# Publications without a URL ----------------------------------------------------


def test_a_publication_without_a_url_is_listed(editor_client):
    factories.PublicationFactory(
        kind=PublicationKind.DECLARATION,
        publisher="U.S. Department of State",
        title="Abraham Accords Declaration",
        url="",
    )
    factories.PublicationFactory(title="Online")
    check = report_of(editor_client)["Publications without a URL"]
    assert found(check) == [
        ("U.S. Department of State: Abraham Accords Declaration", "Declaration")
    ]


# Merging duplicates ------------------------------------------------------------


@pytest.fixture
def duplicates(country):
    """The same article twice: the second cited more, the first with more facts."""
    first = factories.PublicationFactory(
        title="Kazakhstan joins",
        url="",
        archive_url="https://web.archive.org/first",
        published_on=datetime.date(2025, 11, 1),
        published_on_precision=Precision.MONTH,
    )
    second = factories.PublicationFactory(
        title="Kazakhstan  joins",
        url="https://www.ynetnews.com/article/kz",
        archive_url="",
        published_on=None,
    )
    factories.cite(factories.EventFactory(title="Joining"), first, quote="First.")
    for n, record in enumerate(
        [factories.EventFactory(title="Signing"), factories.StatusChangeFactory()]
    ):
        factories.cite(record, second, quote=f"Second {n}.")
    return first, second


def merge(client, *publications):
    return client.post(
        reverse("admin:events_publication_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [publication.pk for publication in publications],
        },
        follow=True,
    )


def messages_of(page) -> list[str]:
    return [str(message) for message in page.context["messages"]]


def test_merging_moves_every_citation_to_the_most_cited_and_loses_nothing(
    editor_client, editor, duplicates
):
    first, second = duplicates
    quotes = sorted(Citation.objects.values_list("quote", flat=True))
    page = merge(editor_client, first, second)
    [message] = messages_of(page)
    assert message.startswith(
        f'Merged into <a href="{admin_url(second, "change", second.pk)}">'
    )
    assert "1 citation(s) moved, 1 duplicate(s) deleted." in message
    [kept] = Publication.objects.all()
    assert kept.pk == second.pk
    assert sorted(kept.citations.values_list("quote", flat=True)) == quotes
    # Its own values stay; what it lacked comes from the duplicate.
    assert kept.url == "https://www.ynetnews.com/article/kz"
    assert kept.archive_url == "https://web.archive.org/first"
    assert str(kept.published_on_partial) == "November 2025"


def test_a_merge_is_in_the_history_of_the_moved_citations_and_the_kept_publication(
    editor_client, editor, duplicates
):
    first, second = duplicates
    moved = first.citations.get()
    merge(editor_client, first, second)
    latest = moved.history.first()
    assert latest.publication_id == second.pk
    assert latest.history_change_reason == (
        f"Moved from the duplicate publication “Ynet: Kazakhstan joins” (#{first.pk})."
    )
    assert latest.history_user == editor
    kept = Publication.objects.get().history.first()
    assert kept.history_change_reason == (
        f"Merged with “Ynet: Kazakhstan joins” (#{first.pk})."
    )
    deleted = Publication.history.filter(id=first.pk).first()
    assert deleted.history_type == "-"
    assert deleted.history_change_reason == (
        f"Merged into “Ynet: Kazakhstan  joins” (#{second.pk})."
    )
    entry = AuditEntry.objects.get(action="merge")
    assert (entry.username, entry.object_id) == ("eve", str(second.pk))
    assert "1 citation(s) moved" in entry.detail


def test_publications_that_are_not_duplicates_are_not_merged(editor_client, db):
    one = factories.PublicationFactory(title="One")
    other = factories.PublicationFactory(title="Another")
    factories.cite(factories.EventFactory(), one)
    page = merge(editor_client, one, other)
    [message] = messages_of(page)
    assert message.startswith(
        "Not merged: these publications are not the same document."
    )
    assert Publication.objects.count() == 2
    assert one.citations.count() == 1


def test_merging_one_publication_alone_is_refused(editor_client, duplicates):
    page = merge(editor_client, duplicates[0])
    assert messages_of(page) == ["Select two or more publications to merge."]
    assert Publication.objects.count() == 2


def test_merging_needs_the_right_to_delete_publications(contributor_client, duplicates):
    # Contributors change publications but delete nothing: no merge for them.
    listed = contributor_client.get(reverse("admin:events_publication_changelist"))
    assert "merge_selected" not in listed.text
    merge(contributor_client, *duplicates)
    assert Publication.objects.count() == 2
    assert not AuditEntry.objects.filter(action="merge").exists()


def test_the_merge_is_offered_in_the_publication_list(editor_client, duplicates):
    listed = editor_client.get(reverse("admin:events_publication_changelist"))
    assert (
        '<option value="merge_selected">Merge the selected publications into one'
        in listed.text
    )


# Cost --------------------------------------------------------------------------


def queries_for_report(client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(20) as captured:
        assert client.get(reverse("admin:data_quality")).status_code == 200
    return len(captured.captured_queries)


def test_the_provenance_checks_cost_the_same_whatever_the_number_of_records(
    editor_client, django_assert_max_num_queries
):
    def build():
        late = factories.EventFactory()
        factories.cite(late, url="")
        factories.cite(factories.StatusChangeFactory(), archive_url="")
        factories.cite(factories.PositionFactory(), kind=PublicationKind.REFERENCE)
        factories.cite(factories.DiplomaticRelationFactory())
        factories.cite(factories.MissionFactory())
        factories.CitationFactory()

    build()
    small = queries_for_report(editor_client, django_assert_max_num_queries)
    for _ in range(3):
        build()
    assert queries_for_report(editor_client, django_assert_max_num_queries) == small
