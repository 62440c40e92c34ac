"""Restore drill: a backup brings back every table's rows and the audit trail exactly."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pcrs.core.audit import audit_record
from pcrs.core.models import AuditEvent
from pcrs.registry.models import Pledge


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - introspected names
            counts[table] = cursor.fetchone()[0]
    return counts


def _audit_trail() -> list[tuple[object, ...]]:
    return list(
        AuditEvent.objects.order_by("pk").values_list("pk", "action", "target_id", "changes")
    )


@pytest.mark.django_db(transaction=True)
def test_restore_drill_brings_back_every_row_and_the_audit_trail(
    tmp_path, secretariat, make_pledge
):
    for state in ("BGD", "NPL", "RWA"):
        pledge = make_pledge(state)
        audit_record(actor=secretariat, action="pledge.create", target=pledge, changes=[])
    counts, trail = _row_counts(), _audit_trail()
    assert counts["registry_pledge"] == 3
    assert len(trail) == 3
    backup = tmp_path / "pcrs.backup"

    call_command("backup_db", str(backup))
    assert backup.stat().st_size > 0

    # Then the day goes wrong: rows deleted, the audit trail grows, a new pledge appears.
    Pledge.objects.filter(member_state__iso3="BGD").delete()
    audit_record(actor=secretariat, action="pledge.delete", target=secretariat, changes=[])
    make_pledge("KAZ")
    assert _row_counts() != counts

    call_command("restore_db", str(backup), "--yes")

    assert _row_counts() == counts
    assert _audit_trail() == trail
    assert sorted(Pledge.objects.values_list("member_state__iso3", flat=True)) == [
        "BGD",
        "NPL",
        "RWA",
    ]


def test_restore_needs_confirmation_and_an_existing_file(tmp_path, db):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_db", str(tmp_path / "x.backup"))
    with pytest.raises(CommandError, match="not a file"):
        call_command("restore_db", str(tmp_path / "missing.backup"), "--yes")
