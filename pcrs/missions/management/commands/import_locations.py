"""python manage.py import_locations [PATH]: Geo-PKO deployment locations (FrontMap v2.3)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pcrs.missions.datafiles import LOCATIONS_FILE
from pcrs.missions.management.commands._importing import finish, resolve_path
from pcrs.missions.services import locations_import


class Command(BaseCommand):
    help = "Import the Geo-PKO deployment locations of each mission and year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help=f"default: PCRS_REAL_DATA_DIR/{LOCATIONS_FILE}")

    def handle(self, *args: Any, **options: Any) -> None:
        path = resolve_path(options["path"], LOCATIONS_FILE)
        finish(self, locations_import(actor=None, data=path.read_bytes(), file_name=path.name))
