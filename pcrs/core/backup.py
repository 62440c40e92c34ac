"""Backups of the whole database, online: SQLite's backup API, PostgreSQL's pg_dump/pg_restore.

`manage.py backup_db PATH` writes one file; `manage.py restore_db PATH --yes` replaces the
database's content with it (docs/deploy.md, "Backups"). Both work while PCRS is serving:
SQLite's backup copies a consistent snapshot page by page, pg_dump reads one snapshot.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection


class BackupError(Exception):
    pass


def _pg_env(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--host", str(settings["HOST"] or "localhost"), "--port", str(settings["PORT"] or 5432)]
    if settings["USER"]:
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings["PASSWORD"]:
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")


def backup_database(path: Path) -> Path:
    """Write a backup of the default database to `path` (SQLite file or pg_dump custom format)."""
    settings = connection.settings_dict
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
        return path
    if connection.vendor == "postgresql":
        args, env = _pg_env(settings)
        _run(["pg_dump", *args, "--format=custom", "--file", str(path), settings["NAME"]], env)
        return path
    raise BackupError(f"No backup for the {connection.vendor} database.")


def restore_database(path: Path) -> None:
    """Replace the default database's content with the backup at `path`."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)  # type: ignore[arg-type]
        finally:
            source.close()
        return
    if connection.vendor == "postgresql":
        connection.close()  # hold no lock on the tables pg_restore drops
        args, env = _pg_env(settings)
        _run(
            [
                "pg_restore",
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                settings["NAME"],
                str(path),
            ],
            env,
        )
        return
    raise BackupError(f"No restore for the {connection.vendor} database.")
