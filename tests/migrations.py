"""Moving the test database to a past schema and back, for migration tests.

A test module names its starting point in ``BEFORE`` and asks for the
``old_apps`` fixture (tests/conftest.py); ``migrate`` moves on to ``AFTER``.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
