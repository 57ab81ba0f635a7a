"""PostgreSQL as Django's backend, plus prepared statements for public reads.

A public page's queries are long (translated columns, nested JSON
subqueries) and PostgreSQL parses and plans each of them on every request,
which costs more than running them. Inside `prepared_statements()` queries
go with server-side parameters, and psycopg prepares those it has seen twice
on that connection (`prepare_threshold`), so later requests skip the parse
and the custom plan's cost where a generic plan serves.

Only reads by anonymous readers use it (core/caching.py): Django's admin
builds queries that server-side parameters cannot run (an expression with
parameters in both the select list and GROUP BY or a DISTINCT's ORDER BY is
not recognised as the same; Django ticket #34255), and every editor works in
the admin.
"""

import contextlib
from contextvars import ContextVar

_prepared = ContextVar("accords_prepared_statements", default=False)


def preparing() -> bool:
    return _prepared.get()


@contextlib.contextmanager
def prepared_statements():
    token = _prepared.set(True)
    try:
        yield
    finally:
        _prepared.reset(token)
