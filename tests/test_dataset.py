"""The bulk dataset at /data/: the zip, its tables, its Data Package, its
versions and the page that offers them."""

import csv
import datetime
import hashlib
import io
import json
import zipfile

import frictionless
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core import workflow
from core.models import PublicationStatus
from events import dataset
from events.models import DatasetVersion
from tests import factories
from tests.conftest import clock_at, results

pytestmark = pytest.mark.django_db

# Each table's rows (and the officials' other names), the latest version, the
# day's count of versions, the new row in its savepoint, the files to prune.
BUILD_QUERIES = 19
TABLE_NAMES = [
    "countries",
    "status_changes",
    "relations",
    "missions",
    "officials",
    "offices",
    "positions",
    "events",
    "event_countries",
    "participants",
    "publications",
    "citations",
]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }


def zip_of(version: DatasetVersion) -> zipfile.ZipFile:
    with default_storage.open(dataset.storage_path(version.file_name)) as file:
        return zipfile.ZipFile(io.BytesIO(file.read()))


def json_table(version: DatasetVersion, name: str) -> list[dict]:
    return json.loads(zip_of(version).read(f"json/{name}.json"))


def csv_table(version: DatasetVersion, name: str) -> list[dict]:
    text = zip_of(version).read(f"csv/{name}.csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def every_api_row(api_client, path: str) -> list[dict]:
    return results(api_client.get(path, {"page_size": 100}))


def changed_site():
    """A published record more, so that the next build differs."""
    factories.CountryFactory()


# The zip -------------------------------------------------------------------------


def test_a_build_writes_one_dated_zip_of_every_table_as_csv_and_json(kazakhstan):
    version = dataset.build().version

    today = timezone.now().astimezone(datetime.UTC).date()
    assert version.file_name == f"accords-dataset-{today.isoformat()}.zip"
    assert version.version == f"{today.isoformat()}.1"
    names = set(zip_of(version).namelist())
    assert names == {
        "datapackage.json",
        *(f"csv/{name}.csv" for name in TABLE_NAMES),
        *(f"json/{name}.json" for name in TABLE_NAMES),
    }
    with default_storage.open(dataset.storage_path(version.file_name)) as file:
        content = file.read()
    assert version.size == len(content)
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert version.record_counts["countries"] == 2
    assert version.record_counts["status_changes"] == 2
    assert version.record_counts["missions"] == 1


def test_a_second_build_the_same_day_gets_the_next_number(kazakhstan):
    first = dataset.build().version
    changed_site()
    second = dataset.build().version

    assert second.version == first.version.replace(".1", ".2")
    assert second.file_name == first.file_name.replace(".zip", ".2.zip")


def test_the_csv_and_json_tables_hold_the_same_rows(kazakhstan, event):
    version = dataset.build().version

    for name in TABLE_NAMES:
        as_json = json_table(version, name)
        as_csv = csv_table(version, name)
        assert [list(row) for row in as_csv] == [list(row) for row in as_json]
        assert len(as_csv) == len(as_json) == version.record_counts[name]
    countries = csv_table(version, "countries")
    assert {row["iso2"] for row in countries} == {"KZ", "IL"}


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_quoted_in_csv_only(country):
    factories.EventFactory(title="=HYPERLINK(1)", slug="formula", countries=[country])
    version = dataset.build().version

    assert csv_table(version, "events")[0]["title"] == "'=HYPERLINK(1)"
    assert json_table(version, "events")[0]["title"] == "=HYPERLINK(1)"


# The API's rows ----------------------------------------------------------------


@pytest.fixture
def site(kazakhstan, event):
    return factories.populate_site(4)


def test_the_events_table_holds_the_api_s_published_events(site, api_client):
    factories.EventFactory(draft=True, title="Draft", slug="draft-event")
    version = dataset.build().version

    api_rows = every_api_row(api_client, "/api/v1/events/")
    table = json_table(version, "events")
    assert sorted((row["uuid"], row["slug"]) for row in table) == sorted(
        (row["uuid"], row["slug"]) for row in api_rows
    )
    by_uuid = {row["uuid"]: row for row in api_rows}
    for row in table:
        api_row = by_uuid[row["uuid"]]
        assert {name: api_row[name] for name in row if name in api_row} == {
            name: value for name, value in row.items() if name in api_row
        }


@pytest.mark.parametrize(
    ("table", "path", "key"),
    [
        ("countries", "/api/v1/countries/", "iso2"),
        ("officials", "/api/v1/officials/", "slug"),
        ("publications", "/api/v1/publications/", "uuid"),
    ],
)
def test_a_table_s_rows_equal_the_api_s_rows(site, api_client, table, path, key):
    version = dataset.build().version

    api_rows = {row[key]: row for row in every_api_row(api_client, path)}
    rows = {row[key]: row for row in json_table(version, table)}
    assert set(rows) == set(api_rows)
    for value, row in rows.items():
        shared = [name for name in row if name in api_rows[value]]
        assert shared, table
        assert {name: row[name] for name in shared} == {
            name: api_rows[value][name] for name in shared
        }


def test_an_event_s_countries_and_participants_are_those_of_its_api_detail(
    kazakhstan, event, api_client
):
    version = dataset.build().version

    detail = api_client.get(f"/api/v1/events/{event.slug}/").json()
    countries = json_table(version, "event_countries")
    assert [row["country"] for row in countries if row["event"] == event.slug] == (
        detail["countries"]
    )
    participants = json_table(version, "participants")
    assert [
        (row["name"], row["role"], row["official"])
        for row in participants
        if row["event"] == event.slug
    ] == [(p["name"], p["role"], p["official"]) for p in detail["participants"]]


def test_citations_point_to_their_publication_and_record(kazakhstan):
    version = dataset.build().version

    citations = json_table(version, "citations")
    publications = {row["uuid"] for row in json_table(version, "publications")}
    relations = {row["uuid"] for row in json_table(version, "relations")}
    assert {row["publication"] for row in citations} <= publications
    quotes = {row["quote"]: row for row in citations}
    tie = quotes["The two countries established consular-level ties in April 1992"]
    assert tie["relation"] in relations
    assert tie["event"] is None


# Drafts --------------------------------------------------------------------------


def test_drafts_and_what_only_drafts_lead_to_are_never_in_the_dataset(kazakhstan):
    hidden = factories.CountryFactory(draft=True, name="Hidden", slug="hidden")
    change = factories.StatusChangeFactory(country=hidden)  # published, of a draft
    factories.cite(change, quote="Only a draft country's step")
    draft_official = factories.OfficialFactory(draft=True, country=kazakhstan)
    draft_event = factories.EventFactory(draft=True, countries=[kazakhstan])
    factories.cite(draft_event, quote="Only a draft event's source")
    factories.ParticipantFactory(event=draft_event, official=draft_official)
    version = dataset.build().version

    text = "".join(
        zip_of(version).read(name).decode("utf-8")
        for name in zip_of(version).namelist()
        if name != "datapackage.json"
    )
    for record in (hidden, change, draft_official, draft_event):
        assert str(record.uuid) not in text
    assert "Only a draft" not in text
    assert draft_event.slug not in text


# The Data Package ----------------------------------------------------------------


def extracted(version: DatasetVersion, folder):
    zip_of(version).extractall(folder)
    return json.loads((folder / "datapackage.json").read_text("utf-8"))


def test_the_datapackage_is_valid_under_the_frictionless_specification(site, tmp_path):
    version = dataset.build().version
    extracted(version, tmp_path)

    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    problems = [
        (task.name, error.type, error.message)
        for task in report.tasks
        for error in task.errors
    ]
    assert report.valid, problems or report.errors
    assert {task.name for task in report.tasks} == {
        *TABLE_NAMES,
        *(f"{name}-json" for name in TABLE_NAMES),
    }


def test_the_datapackage_names_its_version_licence_sources_and_schemas(
    kazakhstan, tmp_path, settings
):
    version = dataset.build().version
    package = extracted(version, tmp_path)

    assert package["name"] == "accords"
    assert package["version"] == version.version
    assert package["created"] == version.built_at.astimezone(datetime.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert package["licenses"] == [
        {
            "name": "ODC-BY-1.0",
            "path": "https://opendatacommons.org/licenses/by/1-0/",
            "title": "Open Data Commons Attribution License v1.0",
        }
    ]
    assert package["sources"][0]["path"] == "csv/publications.csv"
    events = next(r for r in package["resources"] if r["name"] == "events")
    assert events["path"] == "csv/events.csv"
    assert (events["format"], events["mediatype"]) == ("csv", "text/csv")
    assert events["schema"]["primaryKey"] == ["uuid"]
    fields = {field["name"]: field for field in events["schema"]["fields"]}
    assert fields["date"]["type"] == "string"
    assert fields["published_at"]["type"] == "datetime"
    assert fields["kind"]["constraints"]["enum"][0] == "signing"
    citations = next(r for r in package["resources"] if r["name"] == "citations-json")
    assert citations["path"] == "json/citations.json"
    assert {
        "fields": "publication",
        "reference": {"resource": "publications-json", "fields": "uuid"},
    } in citations["schema"]["foreignKeys"]


def test_every_column_of_every_table_is_described():
    undescribed = [
        f"{table.name}.{field['name']}"
        for table in dataset.TABLES
        for field in table.fields()
        if not field["description"].strip()
    ]
    assert undescribed == []


def test_a_deployment_s_licence_is_the_one_the_datapackage_names(country, settings):
    settings.ACCORDS_DATA_LICENSE = {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0",
    }
    version = dataset.build().version

    package = json.loads(zip_of(version).read("datapackage.json"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


# Rebuilt after publishing ----------------------------------------------------


def test_publishing_a_record_rebuilds_the_dataset(
    sourced_draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(record=sourced_draft)

    version = DatasetVersion.objects.get()
    assert sourced_draft.slug in {row["slug"] for row in json_table(version, "events")}


def test_unpublishing_a_record_rebuilds_the_dataset_without_it(
    event, django_capture_on_commit_callbacks
):
    dataset.build()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(record=event)

    latest = DatasetVersion.objects.first()
    assert DatasetVersion.objects.count() == 2
    assert json_table(latest, "events") == []


def test_publishing_through_the_api_rebuilds_the_dataset(
    sourced_draft, writer_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = writer_client.patch(
            f"/api/v1/events/{sourced_draft.slug}/",
            {"publication_status": "published", "version": sourced_draft.version},
            format="json",
        )
    assert response.status_code == 200, response.content

    assert DatasetVersion.objects.count() == 1


def test_records_published_together_make_one_build(
    country, django_capture_on_commit_callbacks
):
    drafts = [factories.EventFactory(draft=True, countries=[country]) for _ in range(3)]
    for draft in drafts:
        factories.cite(draft)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for draft in drafts:
            workflow.publish(record=draft)

    version = DatasetVersion.objects.get()
    assert version.record_counts["events"] == 3


def test_nothing_is_rebuilt_until_the_publication_is_committed(sourced_draft):
    # The test's transaction is never committed: the rebuild never runs.
    workflow.publish(record=sourced_draft)

    assert not DatasetVersion.objects.exists()


def test_a_failed_rebuild_does_not_undo_the_publication(
    sourced_draft, django_capture_on_commit_callbacks, monkeypatch
):
    def broken():
        raise OSError("disk full")

    monkeypatch.setattr(dataset, "build", broken)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(record=sourced_draft)

    sourced_draft.refresh_from_db()
    assert sourced_draft.publication_status == PublicationStatus.PUBLISHED
    assert not DatasetVersion.objects.exists()


# The command ---------------------------------------------------------------------


def test_the_command_builds_a_version_and_says_what_it_holds(kazakhstan):
    out = io.StringIO()
    call_command("build_dataset", stdout=out)

    version = DatasetVersion.objects.get()
    assert f"datasets/{version.file_name}" in out.getvalue()
    assert "2 countries" in out.getvalue()
    assert version.sha256 in out.getvalue()


def test_the_command_writes_no_new_version_when_nothing_published_changed(
    kazakhstan,
):
    call_command("build_dataset", stdout=io.StringIO())
    out = io.StringIO()
    call_command("build_dataset", stdout=out)

    assert DatasetVersion.objects.count() == 1
    assert "no new version" in out.getvalue()


@pytest.mark.parametrize("size", [1, 12])
def test_a_build_takes_as_many_queries_whatever_the_number_of_records(
    django_assert_num_queries, size
):
    factories.populate_site(size)
    with django_assert_num_queries(BUILD_QUERIES):
        dataset.build()


# Old versions --------------------------------------------------------------------


def test_old_files_are_deleted_and_their_rows_kept(country, settings, client):
    settings.ACCORDS_DATASET_KEEP = 2
    versions = []
    for _ in range(3):
        changed_site()
        versions.append(dataset.build().version)
    oldest = versions[0]
    oldest.refresh_from_db()

    assert not oldest.is_kept
    assert not default_storage.exists(dataset.storage_path(oldest.file_name))
    assert DatasetVersion.objects.count() == 3
    assert DatasetVersion.objects.kept().count() == 2
    assert client.get(oldest.get_absolute_url()).status_code == 404
    page = client.get("/data/").content.decode()
    assert f"{oldest.file_name} (file no longer kept)" in page
    assert oldest.sha256 in page


# The page and the files ----------------------------------------------------------


def test_the_data_page_before_the_first_build_says_there_is_none_yet(client, country):
    response = client.get("/data/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "No version of the dataset has been built yet." in page
    assert "Cite the dataset" not in page
    assert "ODC-BY-1.0" in page
    assert client.get("/data/latest.zip").status_code == 404


def test_the_data_page_offers_the_latest_file_its_checksum_citation_and_licence(
    kazakhstan, client
):
    first = dataset.build().version
    changed_site()
    latest = dataset.build().version

    response = client.get("/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="/data/{latest.file_name}"' in page
    assert latest.sha256 in page
    assert f'href="/data/{first.file_name}"' in page
    citation = response.context["citation"]
    assert citation.version == latest
    assert f"version {latest.version}" in citation.text
    assert f"http://testserver/data/{latest.file_name}" in citation.text
    assert citation.bibtex.startswith(f"@misc{{{latest.file_name[:-4]},")
    assert f"version = {{{latest.version}}}" in citation.bibtex
    assert "Open Data Commons Attribution License v1.0" in page
    assert "remain under their publishers" in page
    assert [item["rows"] for item in response.context["tables"]][:2] == [3, 2]


def test_the_data_page_says_when_records_were_published_since_the_latest_build(
    sourced_draft, client
):
    dataset.build()
    with clock_at(timezone.now() + datetime.timedelta(seconds=1)):
        workflow.publish(record=sourced_draft)  # the rebuild waits for a commit

    page = client.get("/data/").content.decode()
    assert "Records have been published or unpublished since" in page


def test_the_data_page_takes_as_many_queries_whatever_the_number_of_versions(
    country, client, django_assert_num_queries
):
    dataset.build()
    with django_assert_num_queries(2):
        client.get("/data/")
    for _ in range(4):
        changed_site()
        dataset.build()
    with django_assert_num_queries(2):
        client.get("/data/")


def test_a_version_downloads_under_its_dated_name(kazakhstan, client):
    version = dataset.build().version

    response = client.get(f"/data/{version.file_name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{version.file_name}"'
    )
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == version.sha256


def test_the_latest_address_leads_to_the_newest_file(kazakhstan, client):
    dataset.build()
    changed_site()
    latest = dataset.build().version

    response = client.get("/data/latest.zip")
    assert response.status_code == 302
    assert response["Location"] == f"/data/{latest.file_name}"


@pytest.mark.parametrize(
    "name",
    [
        "nothing.zip",
        "accords-dataset-2020-01-01.zip",
        "accords-dataset-2020-01-01.zip.exe",
        "..%2Fdb.sqlite3",
        "%00.zip",
    ],
)
def test_a_file_name_that_is_no_version_s_is_a_404(kazakhstan, client, name):
    dataset.build()

    assert client.get(f"/data/{name}").status_code == 404


def test_writes_to_the_data_page_are_refused(client):
    assert client.post("/data/").status_code == 405
