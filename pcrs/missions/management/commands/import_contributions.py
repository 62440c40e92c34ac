"""python manage.py import_contributions [PATH] [--strict] [--replace-months]
[--collapse-exact-duplicates]: UN monthly contributions, in any layout the importer reads
(IPI full_gender_data.csv, UN Data Hub DPO-UCHISTORICAL and its older export).

Exit 0 and a summary when imported; exit 1 and the report, nothing changed, when rejected.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pcrs.missions.datafiles import CONTRIBUTIONS_FILE
from pcrs.missions.management.commands._importing import finish, resolve_path
from pcrs.missions.services import contributions_import


class Command(BaseCommand):
    help = "Import a UN monthly contributions file (IPI or UN Data Hub layout, from its header)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", nargs="?", help=f"default: PCRS_REAL_DATA_DIR/{CONTRIBUTIONS_FILE}"
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="reject the file when a contributor is not a Member State (default: skip it)",
        )
        parser.add_argument(
            "--replace-months",
            action="store_true",
            help="let a month of the file replace a stored month that has more contributors "
            "or records (default: refuse, naming the months that would shrink)",
        )
        parser.add_argument(
            "--collapse-exact-duplicates",
            action="store_true",
            help="keep one of rows repeated identically in every column, and report their "
            "lines (default: reject the file); duplicates that differ are always rejected",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = resolve_path(options["path"], CONTRIBUTIONS_FILE)
        result = contributions_import(
            actor=None,
            data=path.read_bytes(),
            file_name=path.name,
            strict=options["strict"],
            replace_months=options["replace_months"],
            collapse_exact_duplicates=options["collapse_exact_duplicates"],
        )
        finish(self, result.report)
