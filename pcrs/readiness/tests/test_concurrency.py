"""Two officers acting on the same pledge at the same moment, on a real database server.

The move service locks the pledge row (SELECT ... FOR UPDATE) and checks the version the
officer saw: whoever gets the lock first wins; the other waits, then is told the pledge changed
under them. SQLite has no row locks, so this runs on PostgreSQL (CI runs the suite on both).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from pcrs.core.errors import ConcurrentChangeError
from pcrs.readiness.models import LevelChange, ReadinessRecord
from pcrs.readiness.tests.conftest import DAY0, move

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need a database server"
    ),
]


def test_simultaneous_acknowledgements_one_wins_the_other_is_told(
    pledge, fp_bgd, secretariat, make_secretariat
):
    other = make_secretariat("officer-2")
    move(fp_bgd, pledge, "submit", DAY0)
    seen = ReadinessRecord.objects.get(pledge=pledge).version
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(officer):
        try:
            start.wait(timeout=10)
            move(officer, pledge, "acknowledge", DAY0, expected_version=seen)
            outcomes[officer.username] = "applied"
        except ConcurrentChangeError as exc:
            outcomes[officer.username] = exc.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(o,)) for o in (secretariat, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert list(outcomes.values()).count("applied") == 1
    told = next(message for message in outcomes.values() if message != "applied")
    assert "changed under you" in told
    assert LevelChange.objects.filter(pledge=pledge, move="acknowledge").count() == 1
    assert ReadinessRecord.objects.get(pledge=pledge).version == seen + 1
