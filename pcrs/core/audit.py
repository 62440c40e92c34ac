"""Writing the audit trail: services call `audit_record` in their own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from pcrs.core.models import AuditEvent


def _plain(value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` on `obj`, JSON-safe, for diffing before and after."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Field-level changes between two snapshots, as the audit trail stores them."""
    return [
        {"field": name, "old": before.get(name), "new": after.get(name)}
        for name in after
        if before.get(name) != after.get(name)
    ]


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    changes: list[dict[str, Any]] | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one audit event. Call inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        changes=changes or [],
        note=note,
    )


def audit_record_many(
    *,
    actor: Any,
    action: str,
    changes: Sequence[tuple[models.Model, list[dict[str, Any]]]],
    note: str = "",
) -> list[AuditEvent]:
    """`audit_record` for many records of one model in one INSERT (bulk loads).

    `changes` pairs each target with its field changes. Same rows as `audit_record` writes.
    """
    if not changes:
        return []
    target_type = ContentType.objects.get_for_model(changes[0][0])
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            target_type=target_type,
            target_id=str(target.pk),
            target_repr=str(target)[:255],
            changes=target_changes,
            note=note,
        )
        for target, target_changes in changes
    )


def audit_history(target: models.Model) -> models.QuerySet[AuditEvent]:
    """The audit trail of one record, newest first."""
    return AuditEvent.objects.for_object(target).select_related("actor")
