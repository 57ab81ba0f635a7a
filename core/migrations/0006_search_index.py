"""The search index (core.search): its table, and on each database the index
that makes matching fast: an FTS5 table kept in step by triggers on SQLite; on
PostgreSQL the pg_trgm extension, a GIN index on the entries' text as a
'simple' tsvector and a trigram GIN index on it."""

from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE core_searchentry_fts USING fts5(text, "
    "content='core_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    "CREATE TRIGGER core_searchentry_fts_insert AFTER INSERT ON core_searchentry "
    "BEGIN INSERT INTO core_searchentry_fts(rowid, text) "
    "VALUES (new.id, new.text); END",
    "CREATE TRIGGER core_searchentry_fts_delete AFTER DELETE ON core_searchentry "
    "BEGIN INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER core_searchentry_fts_update AFTER UPDATE ON core_searchentry "
    "BEGIN INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO core_searchentry_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_update",
    "DROP TABLE IF EXISTS core_searchentry_fts",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX core_searchentry_tsv ON core_searchentry "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(text, '')))",
    "CREATE INDEX core_searchentry_trgm ON core_searchentry "
    "USING gin (text gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS core_searchentry_tsv",
    "DROP INDEX IF EXISTS core_searchentry_trgm",
]


def run(statements: dict):
    def operation(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("core", "0005_translations")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        help_text="The record's model label.", max_length=50
                    ),
                ),
                ("record_id", models.PositiveBigIntegerField()),
                ("name", models.TextField(blank=True, default="")),
                ("aliases", models.TextField(blank=True, default="")),
                ("text", models.TextField(blank=True, default="")),
            ],
            options={
                "verbose_name_plural": "search entries",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "record_id"), name="searchentry_one_per_record"
                    )
                ],
            },
        ),
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
