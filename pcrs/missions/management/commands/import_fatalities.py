"""python manage.py import_fatalities [PATH] [--replace]: UN peacekeeper fatalities
(DPPADPOSS-FATALITIES, one row per fatality since 1948).

Exit 0 and a summary when imported; exit 1 and the report, nothing changed, when rejected.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pcrs.missions.datafiles import FATALITIES_FILE
from pcrs.missions.management.commands._importing import finish, resolve_path
from pcrs.missions.services import fatalities_import


class Command(BaseCommand):
    help = (
        "Import the UN peacekeeper fatalities file (replaces the stored history, all or nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", nargs="?", help=f"default: PCRS_REAL_DATA_DIR/{FATALITIES_FILE}"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="accept a file with fewer fatalities than stored (default: refuse it)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = resolve_path(options["path"], FATALITIES_FILE)
        result = fatalities_import(
            actor=None, data=path.read_bytes(), file_name=path.name, replace=options["replace"]
        )
        finish(self, result.report)
