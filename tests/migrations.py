"""Moving the test database to a past schema and back, for migration tests.

A test module names its starting point in ``BEFORE`` and asks for the
``old_apps`` fixture (tests/conftest.py); ``migrate`` moves on to ``AFTER``.
"""

from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def empty_every_table():
    """Delete every row but the migration records, the tables of a past
    schema included (the test database's flush knows only today's)."""
    keep = {MigrationRecorder.Migration._meta.db_table}
    if connection.vendor == "sqlite":
        # A full-text index follows its table through triggers; its own
        # tables are not for deleting from.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql LIKE 'CREATE VIRTUAL TABLE%'"
            )
            virtual = [name for (name,) in cursor.fetchall()]
        keep |= {
            table
            for table in connection.introspection.table_names()
            if any(table == name or table.startswith(f"{name}_") for name in virtual)
        }
    tables = [
        table for table in connection.introspection.table_names() if table not in keep
    ]
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    )
