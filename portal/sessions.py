"""The portal's session store: Django's database sessions, with the load that every request
of a logged-in person makes written once (``portal.prebuilt``) instead of built as a
queryset each time. Same table, same rows, same expiry rule: switching to it (or back)
logs nobody out."""

from functools import cache

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone

from portal import prebuilt


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """The session row if it exists and has not expired (as Django's store reads it);
        None otherwise, and the key is dropped so that a new session gets a new one."""
        with connection.cursor() as cursor:
            cursor.execute(_load_statement(self.model), [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return prebuilt.instance(self.model, row)[0]


@cache
def _load_statement(model) -> str:
    return (
        f"SELECT {prebuilt.column_list(model, 's')} FROM {prebuilt.table(model)} s "  # noqa: S608 - names from the models
        f"WHERE {prebuilt.column(model, 'session_key', 's')} = %s "
        f"AND {prebuilt.column(model, 'expire_date', 's')} > %s"
    )
