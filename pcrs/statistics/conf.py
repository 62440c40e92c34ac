"""Disclosure parameters and the publication calendar, read from settings (ADR 0050)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from pcrs.statistics.disclosure import Params


def disclosure_params() -> Params:
    return Params(**getattr(settings, "STATISTICS_DISCLOSURE", {}))


def publication_date(today: dt.date) -> dt.date:
    """The latest publication date on or before `today`: this month's publication day, or
    last month's when it has not come yet."""
    day = int(getattr(settings, "STATISTICS_PUBLICATION_DAY", 1))
    this_month = today.replace(day=min(day, 28))
    if this_month <= today:
        return this_month
    previous = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=min(day, 28))
    return previous
