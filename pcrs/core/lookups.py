"""One object, by the id a user sent, from what that user may see.

A malformed id, an id beyond what the database stores, a missing object and one the user may
not see all get the same 404 (ADR 0042): ``visible_one(pledges_visible_to(user), raw_id,
message)``. The id is read by the type of the model's primary key (a UUID or an integer), so no
database error and no 400 tells an outsider which ids exist; an integer beyond what the
database stores matches nothing (Django answers such a lookup with no rows).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import Promise


def visible_one[M: models.Model](queryset: QuerySet[M], raw_id: Any, not_found: str | Promise) -> M:
    """The object of ``queryset`` whose primary key is ``raw_id``, else ``Http404(not_found)``."""
    key = _key(queryset.model._meta.pk, raw_id)
    found = queryset.filter(pk=key).first() if key is not None else None
    if found is None:
        raise Http404(not_found)
    return found


def _key(field: Any, raw_id: Any) -> uuid.UUID | int | str | None:
    """``raw_id`` as a value of the primary key ``field``; ``None`` if it cannot be one."""
    text = str(raw_id)
    if isinstance(field, models.UUIDField):
        try:
            return uuid.UUID(text)
        except ValueError:
            return None
    if isinstance(field, models.IntegerField):  # AutoField and BigAutoField are ones
        try:
            return int(text)
        except ValueError:
            return None
    return text
