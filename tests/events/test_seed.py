"""The seed data: loading it is safe to repeat, and it holds every fact of the
Ynet article of 6 November 2025 (and the public record it refers to), each
asserted on its own."""

import datetime
import io
import re
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client, override_settings
from PIL import Image

from core.models import PublicationStatus
from core.partial_dates import PartialDate, Precision
from countries import models as countries
from events import seed
from events.management.commands.load_seed import seed_uuid
from events.models import Citation, Event, Participant, Photo, Publication
from tests import factories

YNET_URL = "https://www.ynetnews.com/article/sy8oqic1zl"
SEEDED_MODELS = [
    countries.Country,
    countries.StatusChange,
    countries.DiplomaticRelation,
    countries.Mission,
    countries.Official,
    countries.OtherName,
    countries.Office,
    countries.Position,
    Event,
    Participant,
    Publication,
    Citation,
    Photo,
]
CLAIM_MODELS = [
    Event,
    countries.StatusChange,
    countries.Position,
    countries.Mission,
    countries.DiplomaticRelation,
]
CLAIM_SECTIONS = ["positions", "relations", "missions", "events", "status_changes"]

# A seed file small enough to break one line at a time.
SMALL_SEED = """
accessed = 2026-11-26

[[documents]]
key = "ynet"
publisher = "Ynet"
title = "Kazakhstan poised to join the Abraham Accords"
url = "https://www.ynetnews.com/article/sy8oqic1zl"
published_on = "2025-11-06"

[[documents.passages]]
key = "consular-ties"
quote = "The two countries established consular-level ties in April 1992"

[[countries]]
iso2 = "KZ"
iso3 = "KAZ"
name = "Kazakhstan"
slug = "kazakhstan"
region = "central-asia"
wikidata_id = "Q232"
summary = "Central Asian country."

[[relations]]
key = "kazakhstan-israel"
country = "KZ"
established = "1992-04"
summary = "Consular-level ties in April 1992."
sources = ["consular-ties"]
"""
SMALL_SEED_COUNTRY = SMALL_SEED[
    SMALL_SEED.index("[[countries]]") : SMALL_SEED.index("[[relations]]")
]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def seed_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seed loaded once for a class of read-only tests; yields its media root.

    It is loaded in a transaction of its own, rolled back after the class, so
    other tests never see it; each test's own transaction nests inside it.
    """
    media_root = tmp_path_factory.mktemp("seed-media")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=media_root):
                load_seed()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield media_root
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def load_seed(**options) -> str:
    out = io.StringIO()
    call_command("load_seed", stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict:
    """Every seeded row, its version and change time, its links and its history."""
    state = {}
    for model in SEEDED_MODELS:
        fields = ["pk"]
        if any(f.name == "version" for f in model._meta.fields):
            fields += ["version", "updated_at"]
        state[model._meta.label] = list(
            model.objects.order_by("pk").values_list(*fields)
        )
        state[f"{model._meta.label} history"] = model.history.count()
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            state[through._meta.label] = list(
                through.objects.order_by("pk").values_list()
            )
    return state


def table(text: str) -> list[tuple[str, ...]]:
    """The rows of a table typed one a line, its cells parted by "|"."""
    return [
        tuple(cell.strip() for cell in line.split("|"))
        for line in text.strip().splitlines()
    ]


def event(slug: str) -> Event:
    return Event.objects.get(slug=slug)


def official(slug: str) -> countries.Official:
    return countries.Official.objects.get(slug=slug)


def participants(event: Event) -> dict[str, str]:
    return {p.official.name: p.role for p in event.participants.all()}


def partial(value: str) -> PartialDate:
    return PartialDate.parse(value)


def cited(record, passage: str, url: str = YNET_URL) -> bool:
    return record.citations.filter(
        publication__url=url, quote__contains=passage
    ).exists()


# Loading ----------------------------------------------------------------------


def test_loading_the_seed_reports_what_it_created():
    assert "already present 0." in load_seed()
    assert Event.objects.exists()


def test_loading_the_seed_twice_creates_nothing_and_changes_no_row():
    load_seed()
    before = snapshot()

    output = load_seed()

    assert "Seed data: created 0," in output
    assert snapshot() == before


def test_an_editors_new_event_title_and_slug_survive_a_second_run(seeded):
    signing = event("abraham-accords-signing-2020")
    signing.title = "The Abraham Accords are signed"
    signing.slug = "abraham-accords-signed"
    signing.save()

    load_seed()

    signing.refresh_from_db()
    assert signing.title == "The Abraham Accords are signed"
    assert not Event.objects.filter(slug="abraham-accords-signing-2020").exists()
    assert not Event.objects.filter(
        title="Abraham Accords signed at the White House"
    ).exists()


def test_an_editors_corrected_status_date_survives_a_second_run(seeded):
    change = countries.StatusChange.objects.get(country__iso2="KZ", status="announced")
    change.date = datetime.date(2025, 11, 7)
    change.save()

    load_seed()

    change.refresh_from_db()
    assert change.date == datetime.date(2025, 11, 7)
    assert (
        countries.StatusChange.objects.filter(
            country__iso2="KZ", status="announced"
        ).count()
        == 1
    )


def test_a_participant_an_editor_removed_is_not_added_back(seeded):
    meeting = event("tokayev-meets-rubio-in-washington-2025")
    meeting.participants.filter(official__slug="howard-lutnick").delete()

    load_seed()

    assert "Howard Lutnick" not in participants(meeting)


def test_a_citation_an_editor_deleted_is_not_added_again(seeded):
    remarks = event("witkoff-new-country-to-join-2025")
    remarks.citations.all().delete()

    load_seed()

    assert not remarks.citations.exists()


def test_a_seeded_event_an_editor_deleted_is_created_again_with_its_sources(seeded):
    event("witkoff-new-country-to-join-2025").delete()

    load_seed()

    remarks = event("witkoff-new-country-to-join-2025")
    assert remarks.uuid == seed_uuid(Event, "witkoff-new-country-to-join")
    assert cited(remarks, "declined to name it")
    assert participants(remarks) == {"Steve Witkoff": "speaker"}


def test_the_seed_uses_a_country_an_editor_created_before_it():
    editors = factories.CountryFactory(
        iso2="KZ", iso3="KAZ", name="Republic of Kazakhstan", slug="kazakhstan"
    )

    load_seed()

    assert countries.Country.objects.get(iso2="KZ") == editors
    assert countries.Country.objects.get(iso2="KZ").name == "Republic of Kazakhstan"
    assert official("kassym-jomart-tokayev").country == editors


def test_seeded_records_have_stable_uuids_derived_from_their_keys(seeded):
    assert countries.Country.objects.get(iso2="KZ").uuid == seed_uuid(
        countries.Country, "KZ"
    )
    assert official("howard-lutnick").uuid == seed_uuid(countries.Official, "lutnick")


def test_the_history_says_the_seed_created_each_record(seeded):
    signing = event("abraham-accords-signing-2020")
    created = signing.history.get()
    assert created.history_type == "+"
    assert created.history_change_reason == "Loaded from the seed data"


# The seed file ------------------------------------------------------------------


def test_every_claim_in_the_seed_file_cites_a_quoted_passage_of_a_document():
    data = seed.read(seed.default_path())
    documents = {
        passage["key"]: (document, passage)
        for document in data["documents"]
        for passage in document["passages"]
    }
    for section in CLAIM_SECTIONS:
        assert data[section], section
        for claim in data[section]:
            cited = [documents[key] for key in claim["sources"]]
            assert cited, claim["key"]
            assert any(passage["quote"] for _, passage in cited), claim["key"]
            for document, _ in cited:
                assert document["publisher"] and document["title"], claim["key"]
                # A URL not seen in a stored copy is left empty, never guessed.
                assert document["url"].startswith(("https://", "http://")) or (
                    document["url"] == ""
                ), claim["key"]


def test_each_passage_of_the_article_is_in_the_copy_of_the_article_word_for_word():
    data = seed.read(seed.default_path())
    article = seed.default_path().with_name("ynet-kazakhstan-abraham-accords.txt")
    text = article.read_text(encoding="utf-8")
    (ynet,) = [d for d in data["documents"] if d["url"] == YNET_URL]
    assert len(ynet["passages"]) == 18
    for passage in ynet["passages"]:
        assert passage["quote"] in text, passage["key"]


def test_a_small_seed_file_named_on_the_command_line_is_loaded(tmp_path):
    path = tmp_path / "small.toml"
    path.write_text(SMALL_SEED, encoding="utf-8")

    # The publication, the country, the relation and its citation.
    assert "Seed data: created 4, already present 0." in load_seed(file=path)

    relation = countries.DiplomaticRelation.objects.get(country__iso2="KZ")
    assert str(relation.established_partial) == "April 1992"
    assert cited(relation, "consular-level ties in April 1992")


@pytest.mark.parametrize(
    "line, slip, words",
    [
        ('iso3 = "KAZ"', "iso3 = KAZ", ["not a valid TOML file", "line 17"]),
        ("accessed = 2026-11-26", "", ["the required key 'accessed' is missing"]),
        (
            '[[relations]]\nkey = "kazakhstan-israel"',
            "[[relation]]\nkey = 'kazakhstan-israel'",
            ["unknown key 'relation'"],
        ),
        (
            'established = "1992-04"',
            'established = "1992-13"',
            [
                "[[relations]] 'kazakhstan-israel': established:",
                "the month must be between 01 and 12",
            ],
        ),
        (
            'established = "1992-04"',
            "established = 1992-04-01",
            ["established: must be text in quotes"],
        ),
        (
            'country = "KZ"',
            'country = "XZ"',
            [
                "[[relations]] 'kazakhstan-israel': country:",
                "no [[countries]] record has the key 'XZ'",
            ],
        ),
        (
            'summary = "Consular-level ties in April 1992."',
            "",
            [
                "[[relations]] 'kazakhstan-israel':",
                "the required key 'summary' is missing",
            ],
        ),
        (
            'summary = "Central Asian country."',
            'sumary = "Central Asian country."',
            ["[[countries]] 'KZ': unknown key 'sumary'"],
        ),
        (
            'sources = ["consular-ties"]',
            'sources = ["consular-tie"]',
            ["no [[documents.passages]] record has the key 'consular-tie'"],
        ),
        (
            'sources = ["consular-ties"]',
            "sources = []",
            ["[[relations]] 'kazakhstan-israel': sources: needs at least one passage"],
        ),
        (
            'quote = "The two countries established consular-level ties in April 1992"',
            'quote = ""',
            ["sources: needs at least one passage with a quote"],
        ),
        (
            'key = "consular-ties"',
            "key = 7",
            [
                "[[documents]] 'ynet': [[documents.passages]] number 1:",
                "key: must be text in quotes, not 7",
            ],
        ),
    ],
)
def test_a_slip_in_the_seed_file_stops_the_load_naming_the_file_and_record(
    tmp_path, line, slip, words
):
    assert line in SMALL_SEED
    path = tmp_path / "slip.toml"
    path.write_text(SMALL_SEED.replace(line, slip, 1), encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        load_seed(file=path)

    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message
    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    "text, refused",
    [
        (
            SMALL_SEED + SMALL_SEED_COUNTRY,
            "[[countries]] 'KZ': another [[countries]] record has the key 'KZ'",
        ),
        (
            SMALL_SEED.replace('"central-asia"', '"atlantis"'),
            "[[countries]] 'KZ': region: Value 'atlantis' is not a valid choice.",
        ),
        (
            # Kazakhstan's slug again: the database refuses it.
            SMALL_SEED
            + SMALL_SEED_COUNTRY.replace('"KZ"', '"IL"').replace('"KAZ"', '"ISR"'),
            "[[countries]] 'IL': ",
        ),
    ],
)
def test_a_record_that_clashes_or_is_refused_stops_the_load_leaving_nothing(
    tmp_path, text, refused
):
    path = tmp_path / "refused.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        load_seed(file=path)

    assert str(raised.value).startswith(f"{path}: {refused}")
    assert not Publication.objects.exists()
    assert not countries.Country.objects.exists()


def test_a_missing_seed_file_is_reported_not_a_traceback(tmp_path):
    path = tmp_path / "nowhere.toml"
    with pytest.raises(CommandError, match="nowhere.toml: cannot read the seed file"):
        load_seed(file=path)


class TestTheSeedHoldsEveryFact:
    """Read-only checks of the seeded facts, one by one, on one shared load."""

    @pytest.fixture(autouse=True)
    def _facts(self, seed_once, db):
        self.media = seed_once

    # Sources ------------------------------------------------------------------

    def test_every_seeded_record_is_published(self):
        for model in [countries.Country, countries.Official, *CLAIM_MODELS]:
            assert not model.objects.exclude(
                publication_status=PublicationStatus.PUBLISHED
            ).exists(), model
            assert not model.objects.filter(published_at__isnull=True).exists(), model

    def test_every_published_claim_has_at_least_one_source(self):
        for model in CLAIM_MODELS:
            assert model.objects.published().exists(), model
            assert not (
                model.objects.published().filter(citations__isnull=True).exists()
            ), model

    def test_the_article_is_one_publication_ynet_published_on_6_november_2025(self):
        article = Publication.objects.get(url=YNET_URL)
        assert article.publisher == "Ynet"
        assert article.kind == "news"
        assert article.published_on_partial == partial("2025-11-06")
        assert article.accessed_on is not None
        assert article.title
        assert article.citations.count() >= 18
        assert all(citation.quote for citation in article.citations.all())

    def test_the_article_s_18_passages_are_all_cited(self):
        quotes = set(
            Citation.objects.filter(publication__url=YNET_URL).values_list(
                "quote", flat=True
            )
        )
        assert len(quotes) == 18

    def test_there_is_one_publication_per_distinct_url(self):
        urls = list(Publication.objects.exclude(url="").values_list("url", flat=True))
        assert len(urls) == len(set(urls))

    def test_the_2020_signing_cites_a_primary_document_first(self):
        signing = event("abraham-accords-signing-2020")
        documents = (
            Publication.objects.filter(citations__event=signing)
            .primary_first()
            .distinct()
        )
        assert documents[0].is_primary
        primary = [d.title for d in documents if d.is_primary]
        assert "The Abraham Accords Declaration" in primary
        assert not any(d.is_primary for d in documents[len(primary) :])
        assert {d.kind for d in documents} >= {"declaration", "treaty", "transcript"}

    def test_the_2020_signing_page_lists_its_primary_documents_first(self):
        page = Client().get(event("abraham-accords-signing-2020").get_absolute_url())
        assert page.status_code == 200
        html = page.content.decode()
        notes = html[html.index('id="notes-title"') :]
        kinds = re.findall(r'class="notes__kind( notes__kind--primary)?"', notes)
        assert kinds[0], "the first publication listed is a primary document"
        assert kinds.index("") == sum(1 for kind in kinds if kind)
        assert "Primary source: Declaration" in notes
        assert notes.index("The Abraham Accords Declaration") < notes.index(
            "Kazakhstan poised to join the Abraham Accords"
        )

    @pytest.mark.parametrize(
        "slug, passage",
        [
            (
                "kazakhstan-israel-consular-ties-1992",
                "consular-level ties in April 1992",
            ),
            ("kazakhstan-israel-embassies-1992", "embassies in both capitals later"),
            ("netanyahu-visits-kazakhstan-2016", "first Israeli leader to visit"),
            ("abraham-accords-signing-2020", "after signing the Abraham Accords"),
            ("hamas-led-attack-on-israel-2023", "October 7 Hamas-led attack on Israel"),
            ("reuters-report-abraham-accords-expansion-2025", "A Reuters report in"),
            ("witkoff-new-country-to-join-2025", "business forum in Florida"),
            ("tokayev-meets-rubio-in-washington-2025", "Marco Rubio and other members"),
            (
                "tokayev-meets-rubio-in-washington-2025",
                "political dialogue at multiple",
            ),
            (
                "kazakhstan-to-join-abraham-accords-2025",
                "confirmed to Ynet on Thursday",
            ),
            ("kazakhstan-to-join-abraham-accords-2025", "meeting at the White House"),
        ],
    )
    def test_an_event_of_the_article_cites_the_passage_that_supports_it(
        self, slug, passage
    ):
        assert cited(event(slug), passage)

    def test_the_morocco_declaration_cites_xinhua_via_news_ghana(self):
        source = (
            event("morocco-us-israel-joint-declaration-2020")
            .citations.get(quote__contains="The declaration was signed by")
            .publication
        )
        assert source.publisher == "News Ghana (Xinhua)"
        assert source.url.startswith("https://newsghana.com.gh/")
        assert source.published_on_partial == partial("2020-12-23")

    def test_the_sudan_signing_cites_ap_via_ynetnews(self):
        source = (
            event("sudan-signs-abraham-accords-declaration-2021")
            .citations.get(quote__contains="Nasredeen Abdulbari signed the accord")
            .publication
        )
        assert source.url == "https://www.ynetnews.com/article/rk0YOV7Rv"
        assert source.published_on_partial == partial("2021-01-06")
        assert "Associated Press" in source.publisher

    # Countries ----------------------------------------------------------------

    @pytest.mark.parametrize(
        "iso2, iso3, name, region",
        [
            ("KZ", "KAZ", "Kazakhstan", "central-asia"),
            ("IL", "ISR", "Israel", "mena"),
            ("US", "USA", "United States", "north-america"),
            ("AE", "ARE", "United Arab Emirates", "mena"),
            ("BH", "BHR", "Bahrain", "mena"),
            ("MA", "MAR", "Morocco", "mena"),
            ("SD", "SDN", "Sudan", "mena"),
            ("AZ", "AZE", "Azerbaijan", "south-caucasus"),
            ("UZ", "UZB", "Uzbekistan", "central-asia"),
            ("TM", "TKM", "Turkmenistan", "central-asia"),
            ("TJ", "TJK", "Tajikistan", "central-asia"),
            ("KG", "KGZ", "Kyrgyzstan", "central-asia"),
            ("LB", "LBN", "Lebanon", "mena"),
            ("SY", "SYR", "Syria", "mena"),
            ("YE", "YEM", "Yemen", "mena"),
            ("IR", "IRN", "Iran", "mena"),
        ],
    )
    def test_a_country_the_article_names_has_its_codes_region_and_summary(
        self, iso2, iso3, name, region
    ):
        country = countries.Country.objects.get(iso2=iso2)
        assert (country.iso3, country.name, country.region) == (iso3, name, region)
        assert country.summary
        assert country.is_published

    def test_israel_is_the_party_and_the_united_states_the_broker(self):
        assert countries.Country.objects.get(iso2="IL").role == "party"
        assert countries.Country.objects.get(iso2="US").role == "broker"
        assert countries.Country.objects.get(iso2="KZ").role == "none"

    # The accords status timeline ----------------------------------------------

    @pytest.mark.parametrize(
        "iso2, status, date, event_slug",
        table(
            """
            AE | signatory | 2020-09-15 | abraham-accords-signing-2020
            BH | signatory | 2020-09-15 | abraham-accords-signing-2020
            SD | announced | 2020-10-23 | sudan-israel-normalisation-announced-2020
            MA | announced | 2020-12-10 | morocco-israel-normalisation-announced-2020
            MA | signatory | 2020-12-22 | morocco-us-israel-joint-declaration-2020
            SD | signatory | 2021-01-06 | sudan-signs-abraham-accords-declaration-2021
            KZ | candidate | 2025-08    | reuters-report-abraham-accords-expansion-2025
            AZ | candidate | 2025-08    | reuters-report-abraham-accords-expansion-2025
            UZ | candidate | 2025-08    | reuters-report-abraham-accords-expansion-2025
            TM | candidate | 2025-08    | reuters-report-abraham-accords-expansion-2025
            TJ | candidate | 2025-08    | reuters-report-abraham-accords-expansion-2025
            KG | candidate | 2025-08    | reuters-report-abraham-accords-expansion-2025
            KZ | announced | 2025-11-06 | kazakhstan-to-join-abraham-accords-2025
            """
        ),
    )
    def test_a_status_change_has_its_date_precision_source_and_causing_event(
        self, iso2, status, date, event_slug
    ):
        change = countries.StatusChange.objects.get(country__iso2=iso2, status=status)
        assert change.date_partial == partial(date)
        assert list(change.events.values_list("slug", flat=True)) == [event_slug]
        assert change.citations.exists()

    def test_the_timeline_holds_only_the_status_changes_the_sources_give(self):
        assert set(
            countries.StatusChange.objects.values_list("country__iso2", "status")
        ) == {
            ("AE", "signatory"),
            ("BH", "signatory"),
            ("MA", "announced"),
            ("MA", "signatory"),
            ("SD", "announced"),
            ("SD", "signatory"),
            ("KZ", "candidate"),
            ("KZ", "announced"),
            ("AZ", "candidate"),
            ("UZ", "candidate"),
            ("TM", "candidate"),
            ("TJ", "candidate"),
            ("KG", "candidate"),
        }

    def test_kazakhstan_was_a_candidate_from_august_2025_and_announced_on_6_november(
        self,
    ):
        def status_on(day):
            return countries.Country.objects.with_status_on(day).get(iso2="KZ").status

        assert status_on(datetime.date(2025, 7, 31)) is None
        assert status_on(datetime.date(2025, 8, 20)) == "candidate"
        assert status_on(datetime.date(2025, 11, 5)) == "candidate"
        assert status_on(datetime.date(2025, 11, 6)) == "announced"

    def test_the_current_signatories_are_the_uae_bahrain_morocco_and_sudan(self):
        groups = countries.Country.objects.grouped_by_status(datetime.date(2025, 11, 6))
        assert [c.name for c in groups["signatory"]] == [
            "Bahrain",
            "Morocco",
            "Sudan",
            "United Arab Emirates",
        ]

    def test_the_uae_and_bahrain_were_the_only_signatories_in_september_2020(self):
        groups = countries.Country.objects.grouped_by_status(datetime.date(2020, 9, 30))
        assert [c.name for c in groups["signatory"]] == [
            "Bahrain",
            "United Arab Emirates",
        ]

    # Relations with Israel and missions ---------------------------------------

    def test_kazakhstan_relations_with_israel_were_established_in_april_1992(self):
        relation = countries.DiplomaticRelation.objects.get(country__iso2="KZ")
        assert relation.established_partial == PartialDate(
            datetime.date(1992, 4, 1), Precision.MONTH
        )
        assert str(relation.established_partial) == "April 1992"
        assert "Consular-level ties in April 1992" in relation.summary
        assert "embassies in both capitals later in 1992" in relation.summary
        assert cited(relation, "diplomatic relations with Israel since 1992")

    def test_kazakhstan_has_an_embassy_in_tel_aviv_opened_in_1992(self):
        embassy = countries.Mission.objects.get(
            sending_country__iso2="KZ", host_country__iso2="IL"
        )
        assert embassy.kind == "embassy"
        assert embassy.city == "Tel Aviv"
        assert embassy.opened_partial == partial("1992")
        assert embassy.opened_partial.precision == Precision.YEAR
        assert embassy.closed is None
        assert cited(embassy, "operates an embassy in Tel Aviv")

    def test_israels_embassy_in_kazakhstan_opened_in_1992_in_a_city_left_unnamed(self):
        embassy = countries.Mission.objects.get(
            sending_country__iso2="IL", host_country__iso2="KZ"
        )
        assert embassy.kind == "embassy"
        assert embassy.city == ""
        assert str(embassy.opened_partial) == "1992"
        assert cited(embassy, "embassies in both capitals")

    # Officials and their positions --------------------------------------------

    @pytest.mark.parametrize(
        "slug, name, iso2",
        [
            ("donald-trump", "Donald Trump", "US"),
            ("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "KZ"),
            ("nursultan-nazarbayev", "Nursultan Nazarbayev", "KZ"),
            ("benjamin-netanyahu", "Benjamin Netanyahu", "IL"),
            ("steve-witkoff", "Steve Witkoff", "US"),
            ("marco-rubio", "Marco Rubio", "US"),
            ("howard-lutnick", "Howard Lutnick", "US"),
            ("abdullatif-al-zayani", "Abdullatif al-Zayani", "BH"),
            ("abdullah-bin-zayed-al-nahyan", "Abdullah bin Zayed Al Nahyan", "AE"),
            ("saad-dine-el-otmani", "Saad Dine El Otmani", "MA"),
            ("jared-kushner", "Jared Kushner", "US"),
            ("meir-ben-shabbat", "Meir Ben-Shabbat", "IL"),
            ("nasredeen-abdulbari", "Nasredeen Abdulbari", "SD"),
            ("steven-mnuchin", "Steven Mnuchin", "US"),
        ],
    )
    def test_an_official_has_a_published_record_with_a_country(self, slug, name, iso2):
        person = official(slug)
        assert (person.name, person.country.iso2) == (name, iso2)
        assert person.bio
        assert person.is_published

    @pytest.mark.parametrize(
        "slug, title, iso2, start, end",
        table(
            """
            donald-trump                 | President                        | US | 2017-01-20 | 2021-01-20
            donald-trump                 | President                        | US | 2025-01-20 |
            kassym-jomart-tokayev        | President                        | KZ | 2019-03-20 |
            nursultan-nazarbayev         | President                        | KZ | 1990-04-24 | 2019-03-19
            benjamin-netanyahu           | Prime Minister                   | IL | 2009-03-31 | 2021-06-13
            benjamin-netanyahu           | Prime Minister                   | IL | 2022-12-29 |
            steve-witkoff                | Special Envoy to the Middle East | US | 2025-01-20 |
            marco-rubio                  | Secretary of State               | US | 2025-01-21 |
            howard-lutnick               | Secretary of Commerce            | US | 2025-02-21 |
            abdullatif-al-zayani         | Foreign Minister                 | BH | 2020-02    |
            abdullah-bin-zayed-al-nahyan | Foreign Minister                 | AE | 2006-02-09 |
            saad-dine-el-otmani          | Prime Minister                   | MA | 2017-04-05 | 2021-10-07
            jared-kushner                | Senior Advisor to the President  | US | 2017-01-20 | 2021-01-20
            meir-ben-shabbat             | National Security Adviser        | IL | 2017-08    | 2021-07
            nasredeen-abdulbari          | Minister of Justice              | SD | 2019-09    | 2021-10
            steven-mnuchin               | Secretary of the Treasury        | US | 2017-02-13 | 2021-01-20
            """  # noqa: E501
        ),
    )
    def test_a_position_has_its_office_dates_at_their_precision_and_a_source(
        self, slug, title, iso2, start, end
    ):
        position = countries.Position.objects.get(
            official__slug=slug,
            office__title=title,
            office__country__iso2=iso2,
            start=partial(start).date,
        )
        assert position.start_partial == partial(start)
        assert position.end_partial == (partial(end) if end else None)
        assert position.citations.exists()
        assert position.is_published

    def test_nazarbayev_was_president_in_december_2016_but_not_in_november_2025(self):
        nazarbayev = official("nursultan-nazarbayev")
        in_2016 = nazarbayev.positions_on(datetime.date(2016, 12, 15))
        assert [str(p.office) for p in in_2016] == ["President, Kazakhstan"]
        assert nazarbayev.positions_on(datetime.date(2025, 11, 6)) == []

    def test_tokayev_was_president_of_kazakhstan_on_6_november_2025(self):
        tokayev = official("kassym-jomart-tokayev")
        held = tokayev.positions_on(datetime.date(2025, 11, 6))
        assert [str(p.office) for p in held] == ["President, Kazakhstan"]
        assert tokayev.positions_on(datetime.date(2016, 12, 15)) == []

    def test_trump_was_president_at_the_2020_signing_and_in_2025_but_not_in_2022(self):
        trump = official("donald-trump")
        assert trump.positions_on(datetime.date(2020, 9, 15))
        assert trump.positions_on(datetime.date(2025, 11, 6))
        assert trump.positions_on(datetime.date(2022, 6, 1)) == []

    def test_netanyahu_was_prime_minister_at_the_visit_and_signing_not_in_2022(self):
        netanyahu = official("benjamin-netanyahu")
        assert netanyahu.positions_on(datetime.date(2016, 12, 15))
        assert netanyahu.positions_on(datetime.date(2020, 9, 15))
        assert netanyahu.positions_on(datetime.date(2022, 6, 1)) == []
        assert netanyahu.positions_on(datetime.date(2025, 11, 6))

    def test_the_2016_visit_shows_nazarbayev_as_then_president(self):
        visit = event("netanyahu-visits-kazakhstan-2016")
        roles = {
            p.display_name: [position.title_then for position in p.positions_then]
            for p in visit.participants_with_positions()
        }
        assert roles["Nursultan Nazarbayev"] == ["then-President"]

    def test_howard_lutnik_is_an_other_name_of_howard_lutnick_spelled_so_by_ynet(self):
        other = countries.OtherName.objects.get(name="Howard Lutnik")
        assert other.official == official("howard-lutnick")
        assert other.note == "spelling in Ynet"
        assert list(countries.Official.objects.search("Lutnik")) == [
            official("howard-lutnick")
        ]

    @pytest.mark.parametrize(
        "text, slug",
        [
            ("Abdullatif bin Rashid Al Zayani", "abdullatif-al-zayani"),
            ("Sheikh Abdullah bin Zayed", "abdullah-bin-zayed-al-nahyan"),
            ("Қасым-Жомарт Тоқаев", "kassym-jomart-tokayev"),
            ("Назарбаев", "nursultan-nazarbayev"),
            ("Saadeddine Othmani", "saad-dine-el-otmani"),
            ("Abdelbari", "nasredeen-abdulbari"),
        ],
    )
    def test_search_finds_an_official_under_another_spelling_or_script(
        self, text, slug
    ):
        # Any word of the text finds; the official it names ranks first.
        found = countries.Official.objects.search(text).order_by("search_rank")
        assert found[0] == official(slug)

    # Events -------------------------------------------------------------------

    @pytest.mark.parametrize(
        "slug, kind, date, place",
        table(
            """
            kazakhstan-israel-consular-ties-1992          | diplomatic-relations | 1992-04    |
            kazakhstan-israel-embassies-1992              | diplomatic-relations | 1992       |
            netanyahu-visits-kazakhstan-2016              | state-visit          | 2016-12    | Kazakhstan
            abraham-accords-signing-2020                  | signing              | 2020-09-15 | Washington, United States
            sudan-israel-normalisation-announced-2020     | announcement         | 2020-10-23 |
            morocco-israel-normalisation-announced-2020   | announcement         | 2020-12-10 |
            morocco-us-israel-joint-declaration-2020      | signing              | 2020-12-22 | Rabat, Morocco
            sudan-signs-abraham-accords-declaration-2021  | signing              | 2021-01-06 | Khartoum, Sudan
            hamas-led-attack-on-israel-2023               | conflict             | 2023-10-07 | Israel
            reuters-report-abraham-accords-expansion-2025 | report               | 2025-08    |
            witkoff-new-country-to-join-2025              | statement            | 2025-11-06 | Florida, United States
            tokayev-meets-rubio-in-washington-2025        | meeting              | 2025-11-06 | Washington, United States
            kazakhstan-to-join-abraham-accords-2025       | announcement         | 2025-11-06 | Washington, United States
            """  # noqa: E501
        ),
    )
    def test_an_event_has_its_kind_date_at_its_precision_and_place(
        self, slug, kind, date, place
    ):
        found = event(slug)
        assert found.kind == kind
        assert found.date_partial == partial(date)
        assert found.place == place
        assert found.summary
        assert found.body_html.startswith("<p>")
        assert found.is_published

    def test_consular_ties_were_in_april_1992_and_embassies_later_that_year(self):
        consular = event("kazakhstan-israel-consular-ties-1992")
        embassies = event("kazakhstan-israel-embassies-1992")
        assert str(consular.date_partial) == "April 1992"
        assert str(embassies.date_partial) == "1992"
        assert set(consular.countries.values_list("iso2", flat=True)) == {"KZ", "IL"}
        assert set(embassies.countries.values_list("iso2", flat=True)) == {"KZ", "IL"}

    def test_netanyahus_visit_is_december_2016_and_meets_nazarbayev(self):
        visit = event("netanyahu-visits-kazakhstan-2016")
        assert str(visit.date_partial) == "December 2016"
        assert visit.date_precision == Precision.MONTH
        assert participants(visit) == {
            "Benjamin Netanyahu": "visitor",
            "Nursultan Nazarbayev": "host",
        }
        assert "first Israeli leader to visit Kazakhstan" in visit.summary

    def test_the_2020_signing_has_exactly_its_four_signers(self):
        signing = event("abraham-accords-signing-2020")
        assert str(signing.date_partial) == "15 September 2020"
        assert participants(signing) == {
            "Benjamin Netanyahu": "signer",
            "Donald Trump": "signer",
            "Abdullatif al-Zayani": "signer",
            "Abdullah bin Zayed Al Nahyan": "signer",
        }
        assert set(signing.countries.values_list("iso2", flat=True)) == {
            "IL",
            "US",
            "AE",
            "BH",
        }

    @pytest.mark.parametrize(
        "slug, order, credit, caption, alt_words, officials",
        [
            (
                "abraham-accords-signing-2020",
                1,
                "Alex Brandon/AP",
                "Prime Minister Benjamin Netanyahu, US President Donald Trump, "
                "Bahraini Foreign Minister Abdullatif al-Zayani and Emirati Foreign "
                "Minister Sheikh Abdullah bin Zayed Al Nahyan wave from the White "
                "House balcony after signing the Abraham Accords, normalizing "
                "relations between Israel and the two Gulf states, in Washington, "
                "Sept. 15, 2020",
                "White House balcony",
                {
                    "benjamin-netanyahu",
                    "donald-trump",
                    "abdullatif-al-zayani",
                    "abdullah-bin-zayed-al-nahyan",
                },
            ),
            (
                "netanyahu-visits-kazakhstan-2016",
                2,
                "GPO",
                "Prime Minister Benjamin Netanyahu meets with then-Kazakh president "
                "Nursultan Nazarbayev, 2016",
                "Nursultan Nazarbayev",
                {"benjamin-netanyahu", "nursultan-nazarbayev"},
            ),
            (
                "tokayev-meets-rubio-in-washington-2025",
                3,
                "Kazakhstan Embassy in Israel",
                "US Secretary of Commerce Howard Lutnik, Kazakh President "
                "Kassym-Jomart Tokayev and US Secretary of State Marco Rubio",
                "Marco Rubio",
                {"howard-lutnick", "kassym-jomart-tokayev", "marco-rubio"},
            ),
        ],
    )
    def test_an_event_has_the_articles_photo_with_its_credit_caption_and_people(
        self, slug, order, credit, caption, alt_words, officials
    ):
        photo = event(slug).photos.get()
        assert photo.credit == credit
        assert photo.caption == caption
        assert photo.alt_text
        assert alt_words in photo.alt_text
        assert set(photo.officials.values_list("slug", flat=True)) == officials
        assert photo.order == order

    def test_photos_are_generated_placeholder_images_not_shipped_files(self):
        for photo in Photo.objects.all():
            with Image.open(self.media / photo.image.name) as image:
                assert image.format == "PNG"
                assert image.size == (1200, 800)

    def test_sudan_announced_normalisation_on_23_october_2020(self):
        announcement = event("sudan-israel-normalisation-announced-2020")
        assert set(announcement.countries.values_list("iso2", flat=True)) == {
            "SD",
            "IL",
            "US",
        }
        assert cited(
            announcement,
            "took place on October 23, 2020",
            url="https://en.wikipedia.org/wiki/Israel%E2%80%93Sudan_normalization_agreement",
        )

    def test_morocco_announced_normalisation_on_10_december_2020(self):
        announcement = event("morocco-israel-normalisation-announced-2020")
        assert set(announcement.countries.values_list("iso2", flat=True)) == {
            "MA",
            "IL",
            "US",
        }
        assert announcement.citations.filter(
            quote__contains="agreed on Dec. 10"
        ).exists()

    def test_the_rabat_declaration_was_signed_by_el_otmani_kushner_and_ben_shabbat(
        self,
    ):
        declaration = event("morocco-us-israel-joint-declaration-2020")
        assert participants(declaration) == {
            "Saad Dine El Otmani": "signer",
            "Jared Kushner": "signer",
            "Meir Ben-Shabbat": "signer",
        }
        assert set(declaration.countries.values_list("iso2", flat=True)) == {
            "MA",
            "US",
            "IL",
        }

    def test_sudan_signed_in_khartoum_through_abdulbari_and_mnuchin(self):
        signing = event("sudan-signs-abraham-accords-declaration-2021")
        assert participants(signing) == {
            "Nasredeen Abdulbari": "signer",
            "Steven Mnuchin": "signer",
        }

    def test_the_7_october_attack_involves_israel_lebanon_syria_yemen_and_iran(self):
        attack = event("hamas-led-attack-on-israel-2023")
        assert str(attack.date_partial) == "7 October 2023"
        assert set(attack.countries.values_list("iso2", flat=True)) == {
            "IL",
            "LB",
            "SY",
            "YE",
            "IR",
        }
        assert "Iran-backed groups" in attack.body

    def test_the_reuters_report_is_august_2025_and_names_the_candidates(self):
        report = event("reuters-report-abraham-accords-expansion-2025")
        assert str(report.date_partial) == "August 2025"
        assert {"AZ", "KZ", "UZ", "TM", "TJ", "KG"} <= set(
            report.countries.values_list("iso2", flat=True)
        )
        assert "Azerbaijan" in report.summary
        assert "Kazakhstan" in report.summary
        assert set(report.status_changes.values_list("country__iso2", flat=True)) == {
            "AZ",
            "KZ",
            "UZ",
            "TM",
            "TJ",
            "KG",
        }

    def test_witkoff_spoke_in_florida_without_naming_the_country(self):
        remarks = event("witkoff-new-country-to-join-2025")
        assert (remarks.place_city, remarks.place_country.iso2) == ("Florida", "US")
        assert participants(remarks) == {"Steve Witkoff": "speaker"}
        assert "without naming it" in remarks.summary
        assert "return to Washington for the announcement" in remarks.body

    def test_tokayev_met_rubio_and_other_members_of_the_trump_administration(self):
        meeting = event("tokayev-meets-rubio-in-washington-2025")
        assert participants(meeting) == {
            "Kassym-Jomart Tokayev": "visitor",
            "Marco Rubio": "host",
            "Howard Lutnick": "member of the Trump administration",
        }
        assert "official website of Kazakhstan's embassy in Israel" in meeting.body
        assert "deepening economic ties" in meeting.body
        assert "political dialogue at multiple levels" in meeting.body

    def test_the_white_house_announced_that_kazakhstan_will_join(self):
        announcement = event("kazakhstan-to-join-abraham-accords-2025")
        assert str(announcement.date_partial) == "6 November 2025"
        assert participants(announcement) == {
            "Donald Trump": "host",
            "Kassym-Jomart Tokayev": "visitor",
        }
        assert list(
            announcement.status_changes.values_list("country__iso2", "status")
        ) == [("KZ", "announced")]
        assert "senior White House official confirmed to Ynet" in announcement.body


def test_the_shared_seed_is_gone_after_its_class():
    # Runs after TestTheSeedHoldsEveryFact: its load must not leak into others.
    assert not countries.Country.objects.exists()
    assert not Event.objects.exists()
