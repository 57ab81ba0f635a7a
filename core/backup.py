"""Backup and restore of the whole site: every row of every model and the
media files, in one zip (`manage.py backup` / `manage.py restore`).

The models come from the app registry, never from a list of names, so a new
model or column is backed up without a change here. Left out is only what
migrate or the site makes again (``EXCLUDED``). Rows are written with Django's
JSON Lines serializer and natural keys for content types and permissions,
whose ids differ from one database to the next. Many-to-many links are written
as rows of their through tables, so that loading them sends no
``m2m_changed`` (which would rewrite the links kept in history).

A backup holds password hashes and personal data: keep the file as safely as
the database itself (docs/deployment.md, "Backups").
"""

import contextlib
import datetime
import io
import json
import shutil
import tempfile
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "accords-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data"
MEDIA_DIR = "media"

# What a backup leaves out, and why.
EXCLUDED = {
    # Made by migrate; rows point at them by natural key.
    "contenttypes.contenttype",
    "auth.permission",
    # Logins: a restored session could sign someone in as another user.
    "sessions.session",
    # API keys are secrets that outlive a lost backup: editors make new ones.
    "authtoken.token",
    # Login lockout counters (the access logs are kept).
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    # sorl-thumbnail's list of renditions, made again on first use.
    "thumbnail.kvstore",
}
# Emptied by a restore although not in a backup: they belong to the users
# being replaced.
CLEARED = {"sessions.session", "authtoken.token", "thumbnail.kvstore"}
# Rows that migrate itself creates (the roles of core/editors.py, the site
# pages): they alone do not make a database "not empty". An edited page does,
# by its history rows.
MADE_BY_MIGRATE = {"auth.group", "auth.group_permissions", "core.sitepage"}


class Serializer(jsonl.Serializer):
    """JSON Lines that keep times to the microsecond (Django's JSON encoder
    cuts them to the millisecond): history is ordered by them."""

    def _value_from_field(self, obj, field):
        if isinstance(field, models.Field):
            value = field.value_from_object(obj)
            if isinstance(value, (datetime.datetime, datetime.time)):
                return value.isoformat()
        return super()._value_from_field(obj, field)


def backed_up_models() -> list[type]:
    """Every model with rows of its own, through tables last."""
    kept = [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.label_lower not in EXCLUDED
    ]
    own = [model for model in kept if not model._meta.auto_created]
    # Models that others name by natural key come first, as dumpdata orders them.
    ordered = serializers.sort_dependencies([(None, own)], allow_cycles=True)
    return ordered + [model for model in kept if model._meta.auto_created]


def _columns(model) -> list[str]:
    # Concrete columns only: many-to-many fields go as through-table rows, and
    # the database computes generated columns (a search vector) itself.
    return [field.name for field in model._meta.concrete_fields if not field.generated]


def applied_migrations(using=DEFAULT_DB_ALIAS) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> list[Path]:
    """Every media file but sorl-thumbnail's renditions (made again on use)."""
    root = _media_root()
    if not root.is_dir():
        return []
    renditions = root / getattr(settings, "THUMBNAIL_PREFIX", "cache/")
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and renditions not in path.parents
    )


@contextlib.contextmanager
def _one_snapshot(using: str):
    """Every query in the block sees the database as it was at its start,
    without holding up the site's writes."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "sqlite":
        # Django begins SQLite transactions IMMEDIATE (the write lock); a
        # deferred one only reads, and WAL keeps its view while others write.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                    )
            yield


def write_backup(target, *, using=DEFAULT_DB_ALIAS) -> dict:
    """Write the backup zip to ``target`` (a path or a binary file); returns
    the manifest."""
    counts = {}
    with (
        _one_snapshot(using),
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
    ):
        for model in backed_up_models():
            label = model._meta.label_lower
            rows = model._base_manager.using(using).order_by("pk")
            with zf.open(f"{DATA_DIR}/{label}.jsonl", "w", force_zip64=True) as raw:
                stream = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
                Serializer().serialize(
                    rows.iterator(chunk_size=2000),
                    stream=stream,
                    fields=_columns(model),
                    use_natural_foreign_keys=True,
                )
                stream.flush()
                stream.detach()
            counts[label] = rows.count()
        media = []
        root = _media_root()
        for path in _media_files():
            name = path.relative_to(root).as_posix()
            zf.write(path, f"{MEDIA_DIR}/{name}")
            media.append(name)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "database": connections[using].vendor,
            "migrations": applied_migrations(using),
            "models": counts,
            "media": media,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, indent=1))
    return manifest


# Restore


def _read_manifest(zf: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except KeyError:
        raise CommandError(
            "Not an Accords backup: the archive has no manifest."
        ) from None
    except (ValueError, zipfile.BadZipFile) as error:
        raise CommandError(f"The backup's manifest is unreadable: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CommandError("Not an Accords backup: unknown manifest.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise CommandError(
            f"This backup is in format version {manifest.get('format_version')!r}; "
            f"this version of the site reads version {FORMAT_VERSION} only."
        )
    return manifest


def _check_schema(manifest: dict, using: str) -> None:
    theirs = {tuple(item) for item in manifest.get("migrations", [])}
    ours = {tuple(item) for item in applied_migrations(using)}
    if theirs == ours:
        return
    missing = sorted(theirs - ours)
    extra = sorted(ours - theirs)
    lines = ["The backup was made at another schema version than this database's."]
    if missing:
        lines.append(
            "Applied there, not here: " + ", ".join(f"{a}.{n}" for a, n in missing)
        )
    if extra:
        lines.append(
            "Applied here, not there: " + ", ".join(f"{a}.{n}" for a, n in extra)
        )
    lines.append(
        "Restore into a database migrated to the backup's version (the same "
        "release of the site), then migrate."
    )
    raise CommandError("\n".join(lines))


def _check_members(zf: zipfile.ZipFile, manifest: dict) -> list[tuple[str, Path]]:
    """The data members the manifest names, and the media files' targets;
    refuses names that would land outside the media folder."""
    names = set(zf.namelist())
    known = {model._meta.label_lower for model in backed_up_models()}
    for label in manifest.get("models", {}):
        if label not in known:
            raise CommandError(f"The backup holds {label}, which this site lacks.")
        if f"{DATA_DIR}/{label}.jsonl" not in names:
            raise CommandError(f"The backup lacks the rows of {label}.")
    files = []
    for name in manifest.get("media", []):
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise CommandError(f"Refused media file name in the backup: {name!r}")
        if f"{MEDIA_DIR}/{name}" not in names:
            raise CommandError(f"The backup lacks the media file {name}.")
        files.append((f"{MEDIA_DIR}/{name}", Path(*path.parts)))
    bad = zf.testzip()
    if bad is not None:
        raise CommandError(f"The backup is damaged: {bad} fails its checksum.")
    return files


def existing_records(using=DEFAULT_DB_ALIAS) -> Counter:
    """Rows a restore would replace, by model (rows migrate made not counted)."""
    counts = Counter()
    for model in backed_up_models():
        label = model._meta.label_lower
        if label in MADE_BY_MIGRATE:
            continue
        count = model._base_manager.using(using).count()
        if count:
            counts[label] = count
    return counts


def _clear(using: str) -> None:
    models = backed_up_models() + [apps.get_model(label) for label in CLEARED]
    for model in reversed(models):
        # A raw delete: no signals (no audit entries, no history), no cascades
        # to collect; every table that points here is emptied too.
        model._base_manager.using(using).all()._raw_delete(using)


BATCH = 500


def _insert(model, objects: list, using: str) -> None:
    """Insert the rows as they are, as a raw save does (no signals, no
    ``auto_now``), many at a time."""
    fields = [
        field for field in model._meta.local_concrete_fields if not field.generated
    ]
    size = connections[using].ops.bulk_batch_size(fields, objects) or len(objects)
    manager = model._base_manager.using(using)
    for start in range(0, len(objects), size):
        manager._insert(
            objects[start : start + size], fields=fields, raw=True, using=using
        )


def _load(zf: zipfile.ZipFile, manifest: dict, using: str) -> None:
    deferred = []
    for model in backed_up_models():
        label = model._meta.label_lower
        if label not in manifest["models"]:
            continue
        loaded, batch = 0, []
        with zf.open(f"{DATA_DIR}/{label}.jsonl") as raw:
            stream = io.TextIOWrapper(raw, encoding="utf-8")
            try:
                for item in jsonl.Deserializer(
                    stream, using=using, handle_forward_references=True
                ):
                    if type(item.object) is not model:
                        raise CommandError(f"{label} holds a row of another model.")
                    batch.append(item.object)
                    if item.deferred_fields:
                        deferred.append(item)
                    if len(batch) == BATCH:
                        _insert(model, batch, using)
                        loaded, batch = loaded + len(batch), []
            except serializers.base.DeserializationError as error:
                raise CommandError(
                    f"The rows of {label} are unreadable: {error}"
                ) from error
        if batch:
            _insert(model, batch, using)
            loaded += len(batch)
        if loaded != manifest["models"][label]:
            raise CommandError(
                f"The backup holds {loaded} rows of {label}, its manifest "
                f"{manifest['models'][label]}: it is damaged."
            )
    # Rows naming by natural key a row that came later in the backup.
    for item in deferred:
        item.save_deferred_fields(using=using)


def _reset_sequences(using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _place_media(zf: zipfile.ZipFile, files: list[tuple[str, Path]]) -> None:
    """Extract into a folder beside MEDIA_ROOT, then move each file in place."""
    root = _media_root()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root.parent, prefix=".restore-") as tmp:
        for member, path in files:
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
        for _, path in files:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / path).replace(root / path)


def restore_backup(source, *, replace=False, using=DEFAULT_DB_ALIAS) -> dict:
    """Load the backup at ``source`` (a path or a binary file) into the
    database and the media folder. Everything is checked before anything is
    changed, and the database changes in one transaction. Returns the
    manifest."""
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise CommandError(f"Not a readable backup archive: {error}") from error
    with zf:
        manifest = _read_manifest(zf)
        _check_schema(manifest, using)
        files = _check_members(zf, manifest)
        connection = connections[using]
        with transaction.atomic(using=using):
            existing = existing_records(using)
            if existing and not replace:
                top = ", ".join(f"{n} {label}" for label, n in existing.most_common(5))
                raise CommandError(
                    f"The database is not empty: {existing.total()} records "
                    f"({top}…). Use --replace to replace them with the backup."
                )
            _clear(using)
            with connection.constraint_checks_disabled():
                try:
                    _load(zf, manifest, using)
                except (zipfile.BadZipFile, OSError, ValueError) as error:
                    raise CommandError(f"The backup is damaged: {error}") from error
            tables = [model._meta.db_table for model in backed_up_models()]
            connection.check_constraints(table_names=tables)
            _reset_sequences(using)
            _place_media(zf, files)
    # Cached pages show the old content: start afresh (sessions live in the
    # database, throttles and lockouts start again from zero).
    cache.clear()
    return manifest
