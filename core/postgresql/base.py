from django.db.backends.postgresql import base

from core.postgresql import preparing


class PreparingCursor(base.ServerBindingCursor):
    """Server-side parameters, prepared after a few runs; never a text
    search's: PostgreSQL may settle on a generic plan for a prepared
    statement, and one that does not know the words cannot use the trigram
    index (seconds instead of a millisecond)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        if prepare is None and isinstance(query, str) and "%>" in query:
            prepare = False
        return super().execute(query, params, prepare=prepare, binary=binary)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        if name is not None or not preparing():
            return super().create_cursor(name)
        cursor = PreparingCursor(self.connection)
        # As Django's own cursors: the connection's timestamp loader unless
        # the database's time zone differs.
        tzloader = self.connection.adapters.get_loader(
            base.TIMESTAMPTZ_OID, base.Format.TEXT
        )
        if self.timezone != tzloader.timezone:
            base.register_tzloader(self.timezone, cursor)
        return cursor
