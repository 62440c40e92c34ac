"""Twenty people writing at once: every answer is a deliberate one, on SQLite and PostgreSQL.

The embedded default is a file-backed SQLite database in WAL mode with immediate transactions
and a busy timeout (config/database.py, docs/adr/0060): writers queue for the write lock instead
of failing with "database is locked", and twenty officers changing the same pledge from the same
version end as on PostgreSQL, one saved and nineteen refused with the 409 "changed under you".
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from conftest import api_client_for, pledge_payload
from pcrs.core.models import AuditEvent
from pcrs.registry.models import Pledge, PledgeStatus

WRITERS = 20


def _at_once(work: Callable[[int], Any]) -> list[Any]:
    """Run work(i) in WRITERS threads released together; each thread closes its connection."""
    barrier = threading.Barrier(WRITERS)
    results: list[Any] = [None] * WRITERS

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _new_pledge(i: int) -> dict[str, Any]:
    return pledge_payload(title=f"KAZBAT-{i}")


def _twenty_writers(fp_kaz: Any, secretariat: Any, make_pledge: Any) -> None:
    # Twenty focal points' saves of a new pledge at the same moment: all saved.
    created = _at_once(
        lambda i: api_client_for(fp_kaz).post("/api/v1/pledges/", _new_pledge(i), format="json")
    )
    assert [getattr(r, "status_code", r) for r in created] == [201] * WRITERS
    assert Pledge.objects.filter(title__startswith="KAZBAT-").count() == WRITERS

    # Twenty officers changing the same pledge, all from version 1: one wins, the rest get 409.
    pledge = make_pledge("KAZ", status=PledgeStatus.DRAFT, title="Before")
    events = AuditEvent.objects.count()
    answers = _at_once(
        lambda i: api_client_for(secretariat).patch(
            f"/api/v1/pledges/{pledge.id}/", {"title": f"Officer {i}", "version": 1}, format="json"
        )
    )
    codes = sorted(getattr(r, "status_code", repr(r)) for r in answers)
    assert codes == [200] + [409] * (WRITERS - 1), codes
    refused = next(r for r in answers if r.status_code == 409)
    assert "changed" in refused.json()["detail"]
    pledge.refresh_from_db()
    assert pledge.version == 2
    assert pledge.title.startswith("Officer ")
    assert AuditEvent.objects.count() == events + 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_writers_on_file_backed_sqlite(fp_kaz, secretariat, make_pledge):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant runs when DATABASE_URL is SQLite")
    assert connection.settings_dict["NAME"] != ":memory:"
    assert "mode=memory" not in str(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    _twenty_writers(fp_kaz, secretariat, make_pledge)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_writers_on_postgresql(fp_kaz, secretariat, make_pledge):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL variant runs when DATABASE_URL is PostgreSQL")
    _twenty_writers(fp_kaz, secretariat, make_pledge)
