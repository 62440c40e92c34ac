"""python manage.py import_contributions [PATH] [--strict]: UN monthly contributions.

Exit 0 and a summary when imported; exit 1 and the report, nothing changed, when rejected.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pcrs.missions.datafiles import CONTRIBUTIONS_FILE
from pcrs.missions.management.commands._importing import finish, resolve_path
from pcrs.missions.services import contributions_import


class Command(BaseCommand):
    help = "Import a UN monthly contributions file (date x contributor x mission x type x gender)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", nargs="?", help=f"default: PCRS_REAL_DATA_DIR/{CONTRIBUTIONS_FILE}"
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="reject the file when a contributor is not a Member State (default: skip it)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = resolve_path(options["path"], CONTRIBUTIONS_FILE)
        result = contributions_import(
            actor=None, data=path.read_bytes(), file_name=path.name, strict=options["strict"]
        )
        finish(self, result.report)
