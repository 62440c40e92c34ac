"""Two officers acting on the same proposal or case at the same moment, on a database server.

case_create locks the pledge row and case_move the case row (SELECT ... FOR UPDATE): whoever
gets the lock first wins; the other waits, then is told what happened. SQLite has no row
locks, so this runs on PostgreSQL (CI runs the suite on both).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from pcrs.core.errors import DomainError
from pcrs.generation import services
from pcrs.generation.models import CaseEvent, GenerationCase

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need a database server"
    ),
]


def _race(actors: list[Any], act: Callable[[Any], object]) -> dict[str, str]:
    start = threading.Barrier(len(actors))
    outcomes: dict[str, str] = {}

    def run(actor: Any) -> None:
        try:
            start.wait(timeout=10)
            act(actor)
            outcomes[actor.username] = "applied"
        except DomainError as exc:
            outcomes[actor.username] = exc.message
        except Exception as exc:
            outcomes[actor.username] = f"{type(exc).__name__}: {exc}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_officers_accepting_the_same_proposal_at_once(finished_run, secretariat, administrator):
    a = finished_run.assignments.get()
    outcomes = _race(
        [secretariat, administrator],
        lambda actor: services.case_create(
            actor=actor, run=finished_run, requirement=a.requirement, pledge=a.pledge
        ),
    )
    assert list(outcomes.values()).count("applied") == 1, outcomes
    told = next(m for m in outcomes.values() if m != "applied")
    assert "already in outreach" in told
    assert GenerationCase.objects.count() == 1


def test_two_officers_recording_the_same_step_at_once(case, secretariat, administrator):
    version = case.version
    outcomes = _race(
        [secretariat, administrator],
        lambda actor: services.case_move(
            actor=actor,
            case=case,
            move="close",
            data={"close_reason": "duplicate"},
            expected_version=version,
        ),
    )
    assert list(outcomes.values()).count("applied") == 1, outcomes
    assert "changed since you opened it" in next(m for m in outcomes.values() if m != "applied")
    assert CaseEvent.objects.filter(case=case, move="close").count() == 1
