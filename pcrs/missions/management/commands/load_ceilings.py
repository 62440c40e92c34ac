"""python manage.py load_ceilings: current authorized ceilings and gender-parity targets."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pcrs.missions.services import ceilings_load_defaults, gender_targets_load_defaults


class Command(BaseCommand):
    help = (
        "Load the current Security Council ceilings (docs: PCRS.md) and the Uniformed Gender "
        "Parity Strategy targets. Existing records are kept; safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created, missing = ceilings_load_defaults(actor=None)
        targets = gender_targets_load_defaults(actor=None)
        self.stdout.write(f"ceilings created: {created}; gender targets created: {targets}")
        if missing:
            self.stdout.write(
                "missions not found (run import_missions first): " + ", ".join(missing)
            )
