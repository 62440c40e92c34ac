"""python manage.py import_council_membership [PATH]: Security Council members per year."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pcrs.consultations.services import council_membership_import
from pcrs.missions.management.commands._importing import finish, resolve_path

COUNCIL_FILE = "DPPA-SCMembership.csv"


class Command(BaseCommand):
    help = (
        "Import Security Council membership per year from the UN dataset DPPA-SCMembership "
        "(all or nothing; every problem named by line)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help=f"default: PCRS_REAL_DATA_DIR/{COUNCIL_FILE}")

    def handle(self, *args: Any, **options: Any) -> None:
        path = resolve_path(options["path"], COUNCIL_FILE)
        finish(
            self, council_membership_import(actor=None, data=path.read_bytes(), file_name=path.name)
        )
