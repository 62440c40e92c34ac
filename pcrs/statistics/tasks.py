"""Publishing as a Django task (django.tasks), for deployments that run a worker.

Schedule it daily (cron calling `manage.py publish_statistics --if-due`, or a scheduler
enqueuing `publish_statistics_task`): it publishes only on the publication date, once.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

from pcrs.statistics.conf import publication_date
from pcrs.statistics.models import Publication
from pcrs.statistics.services import publication_publish


@task
def publish_statistics_task(today: str | None = None) -> str | None:
    """Publish the release due on or before `today` (ISO date) unless it exists already."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    due = publication_date(day)
    if Publication.objects.filter(as_of__gte=due).exists():
        return None
    return str(publication_publish(actor=None, as_of=due).as_of)
