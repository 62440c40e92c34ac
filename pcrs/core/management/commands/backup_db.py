"""`manage.py backup_db PATH`: an online backup of the whole database (pcrs/core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pcrs.core.backup import BackupError, backup_database


class Command(BaseCommand):
    help = "Back up the database to PATH (SQLite: a database file; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            backup_database(path)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
