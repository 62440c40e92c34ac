"""`manage.py restore_db PATH --yes`: replace the database's content with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pcrs.core.backup import BackupError, restore_database


class Command(BaseCommand):
    help = "Restore the database from a backup made by backup_db (replaces everything in it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm: the current content is replaced"
        )

    def handle(self, *args: Any, path: Path, yes: bool, **options: Any) -> None:
        if not yes:
            raise CommandError("Restoring replaces the whole database: add --yes to confirm.")
        try:
            restore_database(path)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored from {path}.")
