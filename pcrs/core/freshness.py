"""Cached fragments that are never stale: keyed on a data version that every write changes.

Every connection runs its statements through :func:`_watch_writes`. A statement that writes a
table of the application (INSERT, UPDATE, DELETE; not the session, cache or lock-out tables,
which change on reads) gives the data a new version: at once in autocommit, else when its
transaction commits. A reader reads the version before the data, so whatever it computes
before the new version exists is stored under the old one, which nobody asks for any more.
Because a version changes on writes from any process (app servers, task workers, management
commands: every one installs the wrapper) and lives in the shared cache, a fragment cached
under the current version shows the data as it is. A bounded lifetime is the backstop for
writes made outside Django (psql).

A fragment is keyed by who sees it (the session, so a form's CSRF token in it stays valid, or
the API token; confidentiality holds by construction: nobody reads another viewer's fragment),
the language and whatever else it varies on (docs/adr/0065).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest
from django.utils import translation

VERSION_KEY = "pcrs:data-version"
#: The backstop: a fragment is recomputed at least this often (writes made outside Django).
LIFETIME = 10 * 60
#: Tables that change on reads (ADR 0064: at most once a minute), not data a page shows.
QUIET_TABLES = frozenset(
    {
        "django_session",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
    }
)
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(?P<table>[\w.]+)"?', re.IGNORECASE
)


_UNCHANGED: ContextVar[bool] = ContextVar("pcrs_freshness_unchanged", default=False)


@contextmanager
def unchanged() -> Iterator[None]:
    """Writes inside leave the version as it is: for stamps no page shows (a token's last use),
    which would otherwise throw away every cached fragment once a minute per token."""
    reset = _UNCHANGED.set(True)
    try:
        yield
    finally:
        _UNCHANGED.reset(reset)


class _Migration:
    """Whether ``migrate`` is running: its writes do not bump (the cache table may not exist
    yet); its end bumps once (data migrations change data)."""

    running = False


def migration_starts(**_: Any) -> None:
    """``pre_migrate`` receiver."""
    _Migration.running = True


def migration_ends(**_: Any) -> None:
    """``post_migrate`` receiver (sent once per app)."""
    _Migration.running = False
    with suppress(DatabaseError):  # a partial migration that left the cache table out
        bump()


def version() -> str:
    """The current data version (created on first use)."""
    for connection in connections.all(initialized_only=True):
        _bump_if_owed(connection)  # this thread's own last write first
    current = cache.get(VERSION_KEY)
    if current is None:
        current = bump()
    return str(current)


def bump() -> str:
    """Give the data a new version: every fragment cached so far is no longer read."""
    new = uuid.uuid4().hex
    cache.set(VERSION_KEY, new, None)
    return new


def writes_data(sql: str) -> bool:
    """Whether ``sql`` writes a table whose content pages show."""
    match = _WRITE.match(sql)
    if match is None:
        return False
    table = match.group("table")
    return table not in QUIET_TABLES and table != settings.CACHE_TABLE


def _watch_writes(
    execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    connection = context["connection"]
    # A write's bump waits for the next statement: right after the write, its caller may still
    # be reading its rows (INSERT ... RETURNING), and the database cache's statements on this
    # connection would come in between.
    _bump_if_owed(connection)
    result = execute(sql, params, many, context)
    if (
        isinstance(sql, str)
        and not _Migration.running
        and not _UNCHANGED.get()
        and writes_data(sql)
    ):
        if not connection.in_atomic_block or _inside_a_test(connection):
            # Autocommit: the write is committed; a test's transaction never commits, and its
            # writes show to its next request.
            connection.pcrs_bump_owed = True
        if connection.in_atomic_block and not _bump_pending(connection):
            # After the commit, once per transaction. Never inside it: the version is one row
            # of the database cache, and updating it in the transaction would lock that row
            # until the commit, making every writer wait for the others.
            transaction.on_commit(bump, using=connection.alias)
    return result


def _bump_if_owed(connection: Any) -> None:
    if not getattr(connection, "pcrs_bump_owed", False):
        return
    connection.pcrs_bump_owed = False
    if connection.in_atomic_block and not _inside_a_test(connection):
        if not _bump_pending(connection):
            transaction.on_commit(bump, using=connection.alias)
    else:
        bump()


def settle(**_: Any) -> None:
    """``request_finished`` (and a task's end): the last write's bump is made now."""
    for connection in connections.all(initialized_only=True):
        _bump_if_owed(connection)


def _inside_a_test(connection: BaseDatabaseWrapper) -> bool:
    """Whether a test case's wrapping transaction (Django's TestCase) holds this one."""
    return any(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _bump_pending(connection: BaseDatabaseWrapper) -> bool:
    """Whether this transaction (at the savepoints still open) already bumps on commit."""
    open_savepoints = set(connection.savepoint_ids)
    # Entries are (savepoint ids, callback, robust); django-stubs types them as pairs.
    pending: list[tuple[Any, ...]] = list(connection.run_on_commit)
    return any(entry[1] is bump and entry[0] <= open_savepoints for entry in pending)


def watch_connection(*, connection: BaseDatabaseWrapper, **_: Any) -> None:
    """``connection_created`` receiver: every connection reports its writes."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def cached[T](
    request: HttpRequest, name: str, build: Callable[[], T], vary: Sequence[object] = ()
) -> T:
    """What ``build()`` returns (picklable), cached for this viewer under the data version."""
    viewer = _viewer(request)
    if viewer is None or not getattr(settings, "PCRS_FRAGMENT_CACHE", True) or _in_transaction():
        return build()
    parts = [name, viewer, translation.get_language() or "", version(), *map(str, vary)]
    key = "pcrs:fragment:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, LIFETIME)
    return cast(T, value)


def _in_transaction() -> bool:
    """Whether the default connection is inside a transaction of the code (not a test's
    wrapping one). There a fragment is built, never cached: it may show writes that are rolled
    back later, and writing the cache there would lock its rows (the version's, when it is
    created) until the commit."""
    connection = connections[DEFAULT_DB_ALIAS]
    return connection.in_atomic_block and not _inside_a_test(connection)


def fragment(
    request: HttpRequest, name: str, build: Callable[[], str], vary: Sequence[object] = ()
) -> str:
    """The HTML ``build()`` returns, cached for this viewer under the current data version."""
    return str(cached(request, name, build, vary))


_MISSING = object()


def _viewer(request: Any) -> str | None:
    """Who a fragment is kept for: the API token, else the session; None for nobody safe."""
    token = getattr(request, "auth", None)
    if token is not None and getattr(token, "pk", None) is not None:
        return f"token:{token.pk}"
    session = getattr(request, "session", None)
    key = session.session_key if session is not None else None
    return f"session:{key}" if key else None
