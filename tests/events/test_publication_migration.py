"""The migration from sources (a document and a passage each) to publications
and citations keeps every passage, link and version."""

import datetime
import uuid

from django.utils import timezone

from tests.migrations import migrate

BEFORE = [("events", "0007_event_confidence"), ("countries", "0004_confidence")]
AFTER = [("events", "0008_publications_and_citations")]
ARTICLE = "https://www.ynetnews.com/article/sy8oqic1zl"


def old_records(apps):
    """Two passages of one article, one of another, each supporting records."""
    Country = apps.get_model("countries", "Country")
    StatusChange = apps.get_model("countries", "StatusChange")
    Event = apps.get_model("events", "Event")
    Source = apps.get_model("events", "Source")
    HistoricalSource = apps.get_model("events", "HistoricalSource")
    HistoricalEvent = apps.get_model("events", "HistoricalEvent")
    kazakhstan = Country.objects.create(
        iso2="KZ",
        iso3="KAZ",
        name="Kazakhstan",
        slug="kazakhstan",
        region="central-asia",
    )
    change = StatusChange.objects.create(
        country=kazakhstan,
        status="announced",
        date=datetime.date(2025, 11, 6),
        date_precision="day",
    )
    event = Event.objects.create(
        title="Kazakhstan to join",
        slug="kazakhstan-to-join",
        kind="announcement",
        date=datetime.date(2025, 11, 6),
        date_precision="day",
        summary="Announced at the White House.",
    )
    first = Source.objects.create(
        publisher="Ynet",
        title="Kazakhstan poised to join",
        url=ARTICLE,
        quote="Kazakhstan is poised to become the latest nation to join.",
        accessed_on=datetime.date(2026, 11, 1),
    )
    second = Source.objects.create(
        publisher="Ynet",
        title="Kazakhstan poised to join",
        url=ARTICLE,
        quote="Kazakhstan has maintained formal diplomatic relations since 1992.",
        archive_url="https://web.archive.org/web/2025/" + ARTICLE,
        accessed_on=datetime.date(2026, 11, 20),
    )
    other = Source.objects.create(
        publisher="Wikipedia",
        title="Israel–Kazakhstan relations",
        url="https://en.wikipedia.org/wiki/Israel%E2%80%93Kazakhstan_relations",
        quote="Relations were established in 1992.",
    )
    orphan = Source.objects.create(
        publisher="Reuters",
        title="Unlinked",
        url="https://www.reuters.com/x",
        quote="A passage that supports nothing yet.",
    )
    first.events.add(event)
    first.status_changes.add(change)
    second.events.add(event)
    other.status_changes.add(change)
    for source, when in ((first, 1), (first, 2), (second, 1)):
        HistoricalSource.objects.create(
            id=source.pk,
            uuid=source.uuid,
            created_at=source.created_at,
            updated_at=source.updated_at,
            version=when,
            publisher=source.publisher,
            title=source.title,
            url=source.url,
            quote=f"{source.quote} (version {when})",
            published_on_precision="day",
            history_date=timezone.now() - datetime.timedelta(days=10 - when),
            history_type="+" if when == 1 else "~",
        )
    HistoricalEvent.objects.create(
        id=event.pk,
        uuid=event.uuid,
        created_at=event.created_at,
        updated_at=event.updated_at,
        title=event.title,
        slug=event.slug,
        kind=event.kind,
        date=event.date,
        date_precision="day",
        summary=event.summary,
        history_date=timezone.now(),
        history_type="~",
        links={
            "countries": [],
            "sources": [
                {"id": first.pk, "label": "Ynet: Kazakhstan poised to join"},
                {"id": other.pk, "label": "Wikipedia: Israel–Kazakhstan relations"},
            ],
        },
    )
    return {
        "event": event,
        "change": change,
        "first": first,
        "second": second,
        "other": other,
        "orphan": orphan,
    }


def test_sources_become_one_publication_per_document_and_a_citation_per_use(
    old_apps,
):
    old = old_records(old_apps)
    apps = migrate(AFTER)
    Publication = apps.get_model("events", "Publication")
    Citation = apps.get_model("events", "Citation")

    # The article (two passages), Wikipedia, and the unlinked passage's report.
    assert Publication.objects.count() == 3
    article = Publication.objects.get(url=ARTICLE)
    assert article.kind == "news"
    assert article.archive_url.startswith("https://web.archive.org/")
    assert article.accessed_on == datetime.date(2026, 11, 20)
    wikipedia = Publication.objects.get(publisher="Wikipedia")
    assert wikipedia.kind == "reference"
    assert wikipedia.language == "en"

    # Every passage is still there, once per record it supported.
    uses = {
        (c.quote, c.event_id, c.status_change_id)
        for c in Citation.objects.order_by("pk")
    }
    assert Citation.objects.count() == 5
    assert uses == {
        (old["first"].quote, old["event"].pk, None),
        (old["first"].quote, None, old["change"].pk),
        (old["second"].quote, old["event"].pk, None),
        (old["other"].quote, None, old["change"].pk),
        (old["orphan"].quote, None, None),
    }
    assert set(
        Citation.objects.filter(event=old["event"].pk).values_list(
            "publication", flat=True
        )
    ) == {article.pk}
    # A source's UUID lives on in its first citation.
    assert Citation.objects.filter(uuid=old["first"].uuid).exists()


def test_each_citation_keeps_the_history_of_its_source(old_apps):
    old = old_records(old_apps)
    apps = migrate(AFTER)
    Citation = apps.get_model("events", "Citation")
    HistoricalCitation = apps.get_model("events", "HistoricalCitation")
    citation = Citation.objects.get(event=old["event"].pk, quote=old["first"].quote)
    quotes = list(
        HistoricalCitation.objects.filter(id=citation.pk)
        .order_by("history_date")
        .values_list("quote", flat=True)
    )
    assert quotes[:2] == [
        f"{old['first'].quote} (version 1)",
        f"{old['first'].quote} (version 2)",
    ]
    latest = HistoricalCitation.objects.filter(id=citation.pk).latest("history_date")
    assert latest.history_change_reason == (
        "Sources split into publications and citations."
    )


def test_event_versions_name_their_citations_instead_of_sources(old_apps):
    old = old_records(old_apps)
    apps = migrate(AFTER)
    Citation = apps.get_model("events", "Citation")
    HistoricalEvent = apps.get_model("events", "HistoricalEvent")
    links = HistoricalEvent.objects.get(id=old["event"].pk).links
    assert "sources" not in links
    rows = links["citations"]
    cited = Citation.objects.get(event=old["event"].pk, quote=old["first"].quote)
    assert rows[0]["id"] == cited.pk
    assert rows[0]["label"] == "Ynet: Kazakhstan poised to join"
    assert rows[0]["fields"]["quote"] == old["first"].quote
    # The Wikipedia source was linked to the event in that version only: it
    # is kept to be restored as a new citation by a revert.
    assert rows[1]["id"] is None
    assert rows[1]["fields"]["quote"] == old["other"].quote
    uuid.UUID(rows[1]["fields"]["uuid"])


def test_the_migration_back_makes_a_source_of_every_citation(old_apps):
    old_records(old_apps)
    migrate(AFTER)
    apps = migrate(BEFORE)
    Source = apps.get_model("events", "Source")
    assert Source.objects.count() == 5
    assert Source.objects.filter(events__isnull=False).count() == 2
