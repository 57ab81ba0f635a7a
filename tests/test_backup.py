"""Backup and restore (`manage.py backup` / `manage.py restore`): every record
of every model and the media files survive a trip SQLite → PostgreSQL → SQLite;
a database with records is refused unless --replace; a damaged or foreign
backup changes nothing."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from core import audit, backup, reviews
from core.editors import CONTRIBUTORS
from core.models import AuditAction, Correction, SitePage, SitePageSlug
from core.permissions_policy import POLICY
from countries.models import Country
from events.models import Event
from tests import factories
from tests.conftest import grant, skip_unless_installed

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
PG_SERVER = "postgres://accords:accords-ci@127.0.0.1:5432/postgres"


def snapshot() -> dict:
    """Every row of every backed-up model, field by field, by primary key."""
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values())
        for model in backup.backed_up_models()
    }


def media_files() -> dict:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def archive(tmp_path):
    return tmp_path / "site.zip"


@pytest.fixture
def full_site(seeded, user_with_role, settings):
    """The seed, its dataset zip and photos, and one of each kind of record
    that is not seed data: accounts, a review with a comment, a correction,
    audit entries, an admin log entry, an edited site page."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    call_command("build_dataset", stdout=io.StringIO())
    contributor = user_with_role("carol", CONTRIBUTORS)
    editor = user_with_role("eve")
    grant(editor, "view_logentry")
    draft = factories.EventFactory(
        draft=True, title="Witkoff speaks", slug="witkoff-speaks"
    )
    factories.cite(draft)
    reviews.submit_for_review(record=draft, user=contributor, comment="Please check.")
    reviews.add_comment(record=draft, user=editor, comment="Looking at it.")
    country = Country.objects.get(iso2="KZ")
    country.summary += " Corrected."
    country.save()
    Correction.objects.create(
        content_type=ContentType.objects.get_for_model(Country),
        object_id=str(country.pk),
        object_repr=str(country),
        note="The year of the embassy was wrong.",
        editor=editor,
    )
    audit.record(action=AuditAction.PUBLISH, user=editor, obj=country)
    LogEntry.objects.log_actions(
        editor.pk, [country], ADDITION, change_message="Added.", single_object=True
    )
    # Migrate made the pages, but a test that flushed the database took them.
    page, _ = SitePage.objects.get_or_create(
        slug=SitePageSlug.values[0], defaults={"title": "About", "body": "About."}
    )
    page.body += "\n\nEdited."
    page.save()
    return editor


def run(*args, database_url: str, media_root: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(media_root),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture
def postgres_url():
    """A PostgreSQL database of the test's own, beside the one pytest-django
    may be using (same server, another name), dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    server = url if url.startswith("postgres") else PG_SERVER
    parts = urlsplit(server)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    name = f"accords_backup_rt_{os.getpid()}"
    try:
        import psycopg

        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except Exception as error:  # noqa: BLE001 (any reason is a reason to skip)
        skip_unless_installed(f"PostgreSQL is not reachable at {parts.netloc}: {error}")
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
        try:
            yield urlunsplit(parts._replace(path=f"/{name}"))
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_every_record_and_file_survives_sqlite_to_postgresql_and_back(
    full_site, postgres_url, tmp_path
):
    before, files_before = snapshot(), media_files()
    assert all(before[label] for label in ("core.reviewrequest", "core.correction"))
    assert any(name.startswith("datasets/") for name in files_before)
    backup.write_backup(tmp_path / "a.zip")

    run("migrate", "-v0", database_url=postgres_url, media_root=tmp_path / "pg")
    run(
        "restore",
        tmp_path / "a.zip",
        database_url=postgres_url,
        media_root=tmp_path / "pg",
    )
    run(
        "backup",
        tmp_path / "b.zip",
        database_url=postgres_url,
        media_root=tmp_path / "pg",
    )
    sqlite_url = f"sqlite:///{tmp_path / 'back.sqlite3'}"
    run("migrate", "-v0", database_url=sqlite_url, media_root=tmp_path / "back")
    run(
        "restore",
        tmp_path / "b.zip",
        database_url=sqlite_url,
        media_root=tmp_path / "back",
    )
    run(
        "backup",
        tmp_path / "c.zip",
        database_url=sqlite_url,
        media_root=tmp_path / "back",
    )

    # Back into this database, emptied by --replace, and a new media folder.
    settings.MEDIA_ROOT = tmp_path / "restored"
    backup.restore_backup(tmp_path / "c.zip", replace=True)
    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert media_files() == files_before
    # Sequences follow the restored ids: new records get new ones.
    assert factories.CountryFactory().pk > max(
        row["id"] for row in before["countries.country"]
    )


def test_restore_refuses_a_database_with_records(seeded, archive):
    backup.write_backup(archive)
    before = snapshot()
    with pytest.raises(CommandError, match=r"not empty: \d+ records .*--replace"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot() == before


def test_restore_replace_puts_back_the_backed_up_site(full_site, archive):
    backup.write_backup(archive)
    before, files_before = snapshot(), media_files()
    Event.objects.first().delete()
    Country.objects.filter(iso2="KZ").update(name="Renamed")
    token = Token.objects.create(user=full_site)
    Group.objects.create(name="Extra")
    photo = next(Path(settings.MEDIA_ROOT).rglob("*.png"))
    photo.write_bytes(b"not the photo")

    out = io.StringIO()
    call_command("restore", str(archive), "--replace", stdout=out)

    assert "Restored" in out.getvalue()
    assert snapshot() == before
    assert media_files() == files_before
    assert not Token.objects.filter(pk=token.pk).exists()


def test_backup_command_leaves_out_sessions_and_api_tokens(full_site, archive, client):
    Token.objects.create(user=full_site)
    client.force_login(full_site)
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "Wrote" in out.getvalue()
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read(backup.MANIFEST))
    assert "data/sessions.session.jsonl" not in names
    assert "data/authtoken.token.jsonl" not in names
    assert manifest["models"]["auth.user"] == 2
    assert manifest["models"]["core.historicalsitepage"] >= 1
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def rewritten(source: Path, target: Path, **changes) -> Path:
    """A copy of the backup with members replaced (bytes) or removed (None)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            if item.filename in changes:
                continue
            zout.writestr(item, zin.read(item.filename))
        for name, data in changes.items():
            if data is not None:
                zout.writestr(name, data)
    return target


def manifest_with(source: Path, **fields) -> bytes:
    with zipfile.ZipFile(source) as zf:
        manifest = json.loads(zf.read(backup.MANIFEST))
    return json.dumps({**manifest, **fields}).encode()


def member(source: Path, name: str) -> bytes:
    with zipfile.ZipFile(source) as zf:
        return zf.read(name)


DAMAGES = {
    "not a zip": (lambda a, t: (t.write_bytes(b"hello"), t)[1], "Not a readable"),
    "truncated": (
        lambda a, t: (t.write_bytes(a.read_bytes()[: a.stat().st_size // 2]), t)[1],
        "Not a readable",
    ),
    "no manifest": (
        lambda a, t: rewritten(a, t, **{backup.MANIFEST: None}),
        "no manifest",
    ),
    "unknown format version": (
        lambda a, t: rewritten(
            a, t, **{backup.MANIFEST: manifest_with(a, format_version=99)}
        ),
        "format version 99",
    ),
    "other schema": (
        lambda a, t: rewritten(
            a,
            t,
            **{
                backup.MANIFEST: manifest_with(
                    a,
                    migrations=json.loads(member(a, backup.MANIFEST))["migrations"]
                    + [["events", "9999_future"]],
                )
            },
        ),
        "(?s)another schema version.*events.9999_future",
    ),
    "unreadable rows": (
        lambda a, t: rewritten(
            a,
            t,
            **{
                "data/events.event.jsonl": member(a, "data/events.event.jsonl")
                + b"{not json\n"
            },
        ),
        "events.event are unreadable",
    ),
    "missing rows": (
        lambda a, t: rewritten(
            a,
            t,
            **{
                "data/events.historicalevent.jsonl": b"\n".join(
                    member(a, "data/events.historicalevent.jsonl").splitlines()[1:]
                )
            },
        ),
        "damaged",
    ),
    "media outside the folder": (
        lambda a, t: rewritten(
            a,
            t,
            **{
                backup.MANIFEST: manifest_with(a, media=["../escaped.txt"]),
                "media/../escaped.txt": b"x",
            },
        ),
        "Refused media file name",
    ),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_or_foreign_backup_changes_nothing(damage, seeded, archive, tmp_path):
    backup.write_backup(archive)
    make, message = DAMAGES[damage]
    Country.objects.filter(iso2="KZ").update(name="Changed since")
    before, files_before = snapshot(), media_files()
    bad = make(archive, tmp_path / "bad.zip")

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(bad), "--replace", stdout=io.StringIO())

    assert snapshot() == before
    assert media_files() == files_before
    assert not (tmp_path / "escaped.txt").exists()


def test_restore_of_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(tmp_path / "nowhere.zip"))


def test_pages_and_api_forbid_camera_microphone_and_location(client, db):
    for url in ("/", "/api/v1/events/"):
        response = client.get(url)
        assert response.headers["Permissions-Policy"] == POLICY
    assert "camera=()" in POLICY and "interest-cohort" not in POLICY
