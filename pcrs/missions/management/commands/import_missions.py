"""python manage.py import_missions [PATH]: the UN peacekeeping operations (DPPADPOSS-PKO)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pcrs.missions.datafiles import MISSIONS_FILE
from pcrs.missions.management.commands._importing import finish, resolve_path
from pcrs.missions.services import missions_import


class Command(BaseCommand):
    help = "Import or update the UN peacekeeping operations from a DPPADPOSS-PKO CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help=f"default: PCRS_REAL_DATA_DIR/{MISSIONS_FILE}")

    def handle(self, *args: Any, **options: Any) -> None:
        path = resolve_path(options["path"], MISSIONS_FILE)
        finish(self, missions_import(actor=None, data=path.read_bytes(), file_name=path.name))
