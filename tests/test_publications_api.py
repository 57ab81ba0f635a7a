"""/api/v1/publications/: the documents records cite, each with the records
citing it that the reader may see; read only (publications are edited in the
admin)."""

import csv
import datetime
import io
import re
import uuid
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.http import http_date

from core.partial_dates import Precision
from events.models import PublicationKind
from tests import factories
from tests.conftest import clock_at, grant, logged_in, query_counts, results

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parent.parent / "README.md"
LIST = "/api/v1/publications/"
DECLARATION_URL = "https://www.state.gov/the-abraham-accords/"


def detail(publication) -> str:
    return f"{LIST}{publication.uuid}/"


def titles(response) -> list[str]:
    return [row["title"] for row in results(response)]


@pytest.fixture
def declaration(event):
    """The declaration the signing event cites, by the U.S. Department of State."""
    return factories.cite(
        event,
        quote="We encourage efforts to promote interfaith dialogue",
        locator="paragraph 3",
        supports="summary",
        kind=PublicationKind.DECLARATION,
        title="The Abraham Accords Declaration",
        publisher="U.S. Department of State",
        author="",
        url=DECLARATION_URL,
        published_on=datetime.date(2020, 9, 15),
        published_on_precision=Precision.DAY,
        archive_url="https://web.archive.org/web/2020/https://www.state.gov/",
        accessed_on=datetime.date(2025, 11, 7),
    ).publication


@pytest.fixture
def ynet(country, official):
    """A news report cited by Kazakhstan's announcement and by its president's
    position."""
    announced = factories.StatusChangeFactory(
        country=country, status="announced", date=datetime.date(2025, 11, 6)
    )
    report = factories.cite(
        announced,
        quote="Kazakhstan is poised to become the latest nation",
        title="Kazakhstan poised to join the Abraham Accords",
        publisher="Ynet",
        author="Itamar Eichner",
        url="https://www.ynetnews.com/article/kazakhstan",
    ).publication
    position = factories.PositionFactory(official=official)
    factories.cite(position, publication=report, quote="President Tokayev")
    return report


@pytest.fixture
def drafts_only(country):
    """A statement cited only by a draft event."""
    draft = factories.EventFactory(draft=True, slug="draft-talks", countries=[country])
    return factories.cite(
        draft,
        quote="Talks are under way.",
        kind=PublicationKind.STATEMENT,
        title="Statement on talks",
        publisher="Ministry of Foreign Affairs",
    ).publication


# Reading ------------------------------------------------------------------------


def test_a_publication_in_the_list_has_its_document_and_the_records_citing_it(
    api_client, declaration, event
):
    [row] = results(api_client.get(LIST))
    assert row == {
        "uuid": str(declaration.uuid),
        "kind": "declaration",
        "primary": True,
        "title": "The Abraham Accords Declaration",
        "publisher": "U.S. Department of State",
        "author": "",
        "language": "en",
        "document_url": DECLARATION_URL,
        "published_on": "2020-09-15",
        "published_on_precision": "day",
        "archive_url": "https://web.archive.org/web/2020/https://www.state.gov/",
        "accessed_on": "2025-11-07",
        "cited_by": [
            {
                "uuid": str(declaration.citations.get().uuid),
                "quote": "We encourage efforts to promote interfaith dialogue",
                "locator": "paragraph 3",
                "supports": "summary",
                "record": {
                    "type": "event",
                    "uuid": str(event.uuid),
                    "url": "http://testserver/api/v1/events/tokayev-meets-rubio/",
                },
            }
        ],
        "url": f"http://testserver{detail(declaration)}",
        "updated_at": row["updated_at"],
    }


def test_a_publication_detail_is_found_by_its_id_in_any_case(api_client, declaration):
    body = api_client.get(detail(declaration)).json()
    assert (body["title"], body["document_url"]) == (
        "The Abraham Accords Declaration",
        DECLARATION_URL,
    )
    upper = api_client.get(f"{LIST}{str(declaration.uuid).upper()}/")
    assert upper.json()["uuid"] == str(declaration.uuid)


def test_records_without_an_api_address_of_their_own_link_to_their_country_or_official(
    api_client, ynet, country
):
    cited_by = api_client.get(detail(ynet)).json()["cited_by"]
    assert [(c["record"]["type"], c["record"]["url"]) for c in cited_by] == [
        ("status_change", "http://testserver/api/v1/countries/KZ/"),
        ("position", "http://testserver/api/v1/officials/kassym-jomart-tokayev/"),
    ]
    assert cited_by[0]["record"]["uuid"] == str(country.status_changes.get().uuid)


def test_publications_are_listed_by_title(api_client, declaration, ynet):
    assert titles(api_client.get(LIST)) == [
        "Kazakhstan poised to join the Abraham Accords",
        "The Abraham Accords Declaration",
    ]
    assert titles(api_client.get(f"{LIST}?ordering=-published_on")) == [
        "Kazakhstan poised to join the Abraham Accords",
        "The Abraham Accords Declaration",
    ]


def test_an_unknown_id_is_a_404_that_names_it(api_client, declaration):
    unknown = uuid.uuid4()
    response = api_client.get(f"{LIST}{unknown}/")
    assert response.status_code == 404
    assert response.json() == {
        "detail": f"There is no publication with the id “{unknown}”.",
        "code": "not_found",
    }


def test_a_malformed_id_is_a_json_404(api_client, declaration):
    response = api_client.get(f"{LIST}not-a-uuid/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_event_citations_carry_their_publication_and_its_api_address(
    api_client, declaration, event
):
    [citation] = api_client.get(f"/api/v1/events/{event.slug}/").json()["citations"]
    assert citation["publication"] == str(declaration.uuid)
    assert citation["publication_url"] == DECLARATION_URL
    assert citation["publication_api_url"] == f"http://testserver{detail(declaration)}"
    linked = api_client.get(citation["publication_api_url"])
    assert linked.json()["cited_by"][0]["uuid"] == citation["uuid"]


def readme_examples() -> list[str]:
    """The publication URLs the README's API examples ask for."""
    section = README.read_text().split("\n## API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"\$B(/publications/[^\"'\s]*)", section)


def test_the_readme_examples_find_documents_in_the_seed(api_client, seeded):
    examples = readme_examples()
    assert len(examples) == 2
    for example in examples:
        rows = results(api_client.get(f"/api/v1{example}"))
        assert rows, example
        assert all(row["cited_by"] for row in rows)
    primary = results(api_client.get(f"/api/v1{examples[0]}"))
    assert {row["primary"] for row in primary} == {True}


# Filters ------------------------------------------------------------------------


@pytest.fixture
def library(declaration, ynet, event):
    factories.cite(
        event,
        kind=PublicationKind.TRANSCRIPT,
        title="Remarks at the signing ceremony",
        publisher="The White House",
        url="https://trumpwhitehouse.archives.gov/remarks/",
    )
    factories.cite(
        event,
        kind=PublicationKind.REFERENCE,
        title="Abraham Accords",
        publisher="Wikipedia",
        url="",
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            "kind=declaration&kind=transcript",
            ["Remarks at the signing ceremony", "The Abraham Accords Declaration"],
        ),
        ("kind=news", ["Kazakhstan poised to join the Abraham Accords"]),
        (
            "primary=true",
            ["Remarks at the signing ceremony", "The Abraham Accords Declaration"],
        ),
        (
            "primary=false",
            ["Abraham Accords", "Kazakhstan poised to join the Abraham Accords"],
        ),
        ("publisher=the%20white%20HOUSE", ["Remarks at the signing ceremony"]),
        ("publisher=White%20House", []),
        (f"url={DECLARATION_URL}", ["The Abraham Accords Declaration"]),
        (f"url={DECLARATION_URL.rstrip('/')}", ["The Abraham Accords Declaration"]),
        (
            "url=https://trumpwhitehouse.archives.gov/remarks",
            ["Remarks at the signing ceremony"],
        ),
        (
            "url=https://trumpwhitehouse.archives.gov/remarks/",
            ["Remarks at the signing ceremony"],
        ),
        ("url=https://www.state.gov/", []),
        ("kind=declaration&primary=false", []),
    ],
)
def test_publications_filter_by_kind_primary_publisher_and_url(
    api_client, library, query, expected
):
    assert titles(api_client.get(f"{LIST}?{query}")) == expected


def test_publications_changed_or_newly_cited_since_a_sync_are_found(
    api_client, declaration, ynet, event
):
    later = timezone.now() + datetime.timedelta(minutes=5)
    since = (later - datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert titles(api_client.get(f"{LIST}?updated_after={since}")) == []
    with clock_at(later):
        factories.cite(event, publication=ynet, quote="Tokayev met Rubio")
    assert titles(api_client.get(f"{LIST}?updated_after={since}")) == [
        "Kazakhstan poised to join the Abraham Accords"
    ]


@pytest.mark.parametrize(
    "query, parameter, words",
    [
        ("kind=poem", "kind", "“poem” is not a kind of publication; use one of:"),
        ("kind=news&kind=poem", "kind", "“poem” is not a kind of publication"),
        ("primary=yes", "primary", "“yes” is not true or false"),
        ("url=www.state.gov", "url", "give the document's address, starting with"),
        ("publisher=Ynet&publisher=Reuters", "publisher", "Give this parameter once"),
        ("publisher=", "publisher", "Empty value"),
        ("ordering=author", "ordering", "is not a sort order"),
        ("country=KZ", "country", "Unknown parameter"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(
    api_client, declaration, query, parameter, words
):
    response = api_client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [parameter]
    assert words in body["errors"][parameter][0]


# CSV ----------------------------------------------------------------------------


def test_the_csv_has_one_flat_row_per_publication_with_the_records_citing_it(
    api_client, ynet
):
    response = api_client.get(f"{LIST}?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="publication.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "uuid",
        "kind",
        "primary",
        "title",
        "publisher",
        "author",
        "language",
        "document_url",
        "published_on",
        "published_on_precision",
        "archive_url",
        "accessed_on",
        "cited_by",
        "url",
        "updated_at",
    ]
    [row] = rows
    assert (row["title"], row["primary"], row["author"]) == (
        "Kazakhstan poised to join the Abraham Accords",
        "false",
        "Itamar Eichner",
    )
    assert row["cited_by"] == (
        "http://testserver/api/v1/countries/KZ/; "
        "http://testserver/api/v1/officials/kassym-jomart-tokayev/"
    )


# Who sees what ------------------------------------------------------------------


def test_a_publication_cited_only_by_drafts_is_hidden_from_anonymous_readers(
    api_client, declaration, drafts_only
):
    assert titles(api_client.get(LIST)) == ["The Abraham Accords Declaration"]
    assert api_client.get(detail(drafts_only)).status_code == 404
    assert (
        api_client.get(f"{LIST}?publisher=Ministry%20of%20Foreign%20Affairs").json()[
            "count"
        ]
        == 0
    )


def test_a_publication_cited_by_nothing_is_hidden_from_anonymous_readers(
    api_client, declaration
):
    factories.PublicationFactory(title="Uncited report")
    assert titles(api_client.get(LIST)) == ["The Abraham Accords Declaration"]


def test_editors_who_may_view_publications_see_those_cited_only_by_drafts(
    django_user_model, declaration, drafts_only
):
    editor = grant(
        django_user_model.objects.create_user("viewer"),
        "view_publication",
        "view_event",
    )
    client = logged_in(editor)
    response = client.get(detail(drafts_only))
    assert response.status_code == 200
    [citation] = response.json()["cited_by"]
    assert citation["record"]["url"] == "http://testserver/api/v1/events/draft-talks/"
    assert titles(client.get(LIST)) == [
        "Statement on talks",
        "The Abraham Accords Declaration",
    ]


def test_viewing_publications_alone_does_not_show_the_draft_records_citing_them(
    django_user_model, drafts_only
):
    client = logged_in(
        grant(django_user_model.objects.create_user("viewer"), "view_publication")
    )
    assert client.get(detail(drafts_only)).json()["cited_by"] == []


def test_cited_by_leaves_out_draft_records_and_records_of_draft_countries(
    api_client, declaration, country
):
    factories.cite(
        factories.EventFactory(draft=True, title="Draft talks"),
        publication=declaration,
    )
    hidden = factories.CountryFactory(draft=True)
    factories.cite(
        factories.StatusChangeFactory(country=hidden), publication=declaration
    )
    factories.cite(
        factories.StatusChangeFactory(country=country, draft=True),
        publication=declaration,
    )
    cited_by = api_client.get(detail(declaration)).json()["cited_by"]
    assert [c["record"]["url"] for c in cited_by] == [
        "http://testserver/api/v1/events/tokayev-meets-rubio/"
    ]


def test_a_document_cited_by_a_published_record_of_a_draft_country_stays_hidden(
    api_client, db
):
    hidden = factories.CountryFactory(draft=True)
    report = factories.cite(factories.StatusChangeFactory(country=hidden)).publication
    assert api_client.get(detail(report)).status_code == 404


# Conditional GET ----------------------------------------------------------------


def test_a_publication_is_modified_when_a_record_citing_it_is_published(
    api_client, declaration, drafts_only
):
    first = api_client.get(LIST)
    assert first["ETag"].startswith('"')
    again = api_client.get(
        LIST,
        HTTP_IF_NONE_MATCH=first["ETag"],
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert again.status_code == 304
    draft = drafts_only.citations.get().event
    later = timezone.now() + datetime.timedelta(seconds=2)
    with clock_at(later):
        draft.publication_status = "published"
        draft.save()
    response = api_client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(later.timestamp())
    assert titles(response) == [
        "Statement on talks",
        "The Abraham Accords Declaration",
    ]


def test_a_publication_detail_has_an_etag_and_a_304(api_client, declaration):
    first = api_client.get(detail(declaration))
    again = api_client.get(detail(declaration), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


# Writes -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_publications_cannot_be_changed_through_the_api(superuser, declaration, method):
    client = logged_in(superuser)
    response = getattr(client, method)(
        detail(declaration), {"title": "Changed"}, content_type="application/json"
    )
    assert response.status_code == 405
    declaration.refresh_from_db()
    assert declaration.title == "The Abraham Accords Declaration"


def test_publications_cannot_be_added_through_the_api(superuser, declaration):
    response = logged_in(superuser).post(
        LIST,
        {"title": "New", "publisher": "Reuters"},
        content_type="application/json",
    )
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_the_schema_documents_the_publications_endpoint_as_read_only(api_client, db):
    schema = api_client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert set(paths[LIST]) == {"get"}
    assert set(paths[f"{LIST}{{uuid}}/"]) == {"get"}
    assert "Read only" in paths[LIST]["get"]["description"]
    names = {p["name"] for p in paths[LIST]["get"]["parameters"]}
    assert {"kind", "primary", "publisher", "url", "updated_after"} <= names


# Queries ------------------------------------------------------------------------


def grow_citations(size: int) -> dict:
    """Publications cited by events, status changes and positions, and by
    drafts, in proportion to ``size``."""
    site = factories.populate_site(size)
    country = site["countries"][0]
    official = site["officials"][0]
    for n in range(size // 5):
        shared = factories.PublicationFactory(title=f"Shared {n}")
        for event in site["events"][n * 3 : n * 3 + 3]:
            factories.cite(event, publication=shared)
        factories.cite(
            factories.StatusChangeFactory(
                country=country, date=datetime.date(2001, 1, n + 1)
            ),
            publication=shared,
        )
        factories.cite(factories.PositionFactory(official=official), publication=shared)
        factories.cite(factories.EventFactory(draft=True), publication=shared)
    return site


# A read runs outside any transaction, and its ETag and Last-Modified come
# from the content version (core.caching), not from a query.
@query_counts([10, 60], {"list": 2, "csv": 2, "filtered": 2, "detail": 1})
def test_the_publications_endpoints_use_a_constant_number_of_queries(
    api_client, assert_queries, size, page, queries
):
    grow_citations(size)
    shared = factories.events.Publication.objects.get(title="Shared 0")
    path = {
        "list": f"{LIST}?page_size=100",
        "csv": f"{LIST}?format=csv&page_size=100",
        "filtered": f"{LIST}?kind=news&primary=false&publisher=ynet&ordering=title"
        "&updated_after=2000-01-01T00:00:00Z",
        "detail": detail(shared),
    }[page]
    response = assert_queries(api_client, path, queries)
    if page == "detail":
        assert len(response.json()["cited_by"]) == 5
