"""DATABASES["default"] from DATABASE_URL, tuned for concurrent users (docs/adr/0060).

SQLite (the embedded default) runs in WAL mode, so readers never wait for a writer, and every
transaction begins IMMEDIATE: a writer takes the write lock when it starts, waits up to the busy
timeout for another writer to finish, and then reads the row it is about to change as it is now.
Two people changing the same pledge therefore end as on PostgreSQL, the second refused with
"the pledge changed under you" (409), never "database is locked" halfway through.

PostgreSQL connections come from a bounded pool per process (Django's psycopg pool, checked
before use), so N processes never hold more than N x DB_POOL_MAX_SIZE connections and none
outlives its request.
"""

from __future__ import annotations

from typing import Any

import dj_database_url


def database_settings(
    url: str,
    *,
    conn_max_age: int = 0,
    pool_max_size: int = 4,
    pool_timeout: int = 10,
    sqlite_busy_timeout: int = 20,
) -> dict[str, Any]:
    """Django's settings for one database URL; `pool_max_size=0` turns PostgreSQL pooling off."""
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    options: dict[str, Any] = dict(config.get("OPTIONS") or {})
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", sqlite_busy_timeout)
        options.setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            f"PRAGMA busy_timeout={sqlite_busy_timeout * 1000};"
            "PRAGMA foreign_keys=ON",
        )
    elif engine == "django.db.backends.postgresql":
        config["CONN_HEALTH_CHECKS"] = True
        if pool_max_size > 0:
            # Pooling and persistent connections exclude each other: the pool keeps them.
            config["CONN_MAX_AGE"] = 0
            options.setdefault(
                "pool",
                {
                    "min_size": 1,
                    "max_size": pool_max_size,
                    "timeout": pool_timeout,
                    "max_idle": 60,
                    "check": _check_connection(),
                },
            )
    config["OPTIONS"] = options
    return config


def _check_connection() -> Any:
    """psycopg_pool's health check, run on each connection before it is handed out."""
    from psycopg_pool import ConnectionPool

    return ConnectionPool.check_connection
