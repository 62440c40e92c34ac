"""Publish the protected pledge statistics (ADR 0050).

manage.py publish_statistics             # as of today
manage.py publish_statistics --as-of 2026-12-01
manage.py publish_statistics --if-due    # the scheduled form: only on the publication date
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pcrs.core.errors import DomainError
from pcrs.statistics.conf import publication_date
from pcrs.statistics.models import Publication
from pcrs.statistics.services import publication_publish


class Command(BaseCommand):
    help = "Publish the protected pledge statistics that observers and Member States see."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="Publication date, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--if-due",
            action="store_true",
            help="Publish the release due by the publication-day setting, if not yet published",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"--as-of: {options['as_of']!r} is not a YYYY-MM-DD date"
                ) from None
        else:
            as_of = today
        if options["if_due"]:
            as_of = publication_date(today)
            if Publication.objects.filter(as_of__gte=as_of).exists():
                self.stdout.write(f"Statistics as of {as_of:%Y-%m-%d} already published.")
                return
        try:
            publication = publication_publish(actor=None, as_of=as_of)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Published statistics as of {publication.as_of:%Y-%m-%d}: "
            f"{publication.suppressed_cells} cells suppressed."
        )
