"""python manage.py load_member_states [--states FILE] [--organizations FILE]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pcrs.memberstates.services import (
    ORGANIZATIONS_FILE,
    STATES_FILE,
    MemberStateDataError,
    member_states_load,
)


class Command(BaseCommand):
    help = "Load or refresh the UN Member States and regional organizations (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--states", type=Path, default=STATES_FILE)
        parser.add_argument("--organizations", type=Path, default=ORGANIZATIONS_FILE)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = member_states_load(
                states_path=options["states"], organizations_path=options["organizations"]
            )
        except MemberStateDataError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(report.summary())
