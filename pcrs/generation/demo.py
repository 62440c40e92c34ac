"""Demo force generation: runs for real missions and cases at various steps (synthetic).

MINUSCA is left untouched, so that a new user can run generation for it from the start (the
journey the browser test walks). Idempotent: nothing is added when demo runs exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.db import transaction

from pcrs.accounts.models import User
from pcrs.generation import services
from pcrs.generation.adapter import RunRequest
from pcrs.generation.models import GenerationCase, GenerationRun, RunStatus
from pcrs.partnerships.demo import GENERATION_DEMO_MISSIONS

# One definition: the partnerships demo picks its joint pledge so that these runs propose it.
DEMO_MISSIONS = GENERATION_DEMO_MISSIONS
# (mission, steps after shortlisting), one case per mission's first proposals.
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("UNMISS", ("send_note_verbale",)),
    ("UNMISS", ("send_note_verbale", "decline")),
    ("MONUSCO", ("send_note_verbale", "accept", "reconnaissance")),
)


def _data(move: str, today: dt.date, n: int) -> dict[str, Any]:
    data: dict[str, dict[str, Any]] = {
        "send_note_verbale": {
            "nv_reference": f"DPO/FGS/2026/{100 + n} (synthetic)",
            "nv_date": today - dt.timedelta(days=20),
            "answer_deadline": today + dt.timedelta(days=10),
        },
        "decline": {"decline_reason": "Unit committed to a national operation (synthetic)"},
        "reconnaissance": {"reconnaissance_on": today - dt.timedelta(days=2)},
    }
    return data.get(move, {})


def generation_load_demo(*, stdout: TextIO, today: dt.date) -> None:
    if GenerationRun.objects.filter(is_synthetic=True).exists():
        stdout.write("Generation demo: already loaded\n")
        return
    actor = User.objects.filter(username="secretariat").first()
    if actor is None:
        stdout.write("Generation demo: no 'secretariat' user, skipped\n")
        return
    runs: dict[str, GenerationRun] = {}
    for mission in DEMO_MISSIONS:
        with transaction.atomic():
            run = services.run_start(
                actor=actor,
                request=RunRequest(missions=(mission,), time_limit=10),
                today=today,
                is_synthetic=True,
            )
        # Solved here, not on the worker: `make demo` may not have started one yet (the task
        # queued on commit finds the run done and leaves it).
        runs[mission] = services.run_execute(run_id=run.pk)
    used: set[int] = set()
    for n, (mission, steps) in enumerate(STEPS):
        run = runs[mission]
        if run.status not in (RunStatus.OPTIMAL, RunStatus.FEASIBLE):
            continue
        assignment = run.assignments.exclude(pk__in=used).order_by("requirement_id").first()
        if assignment is None:
            continue
        used.add(assignment.pk)
        with transaction.atomic():
            case = services.case_create(
                actor=actor,
                run=run,
                requirement=assignment.requirement,
                pledge=assignment.pledge,
                today=today - dt.timedelta(days=30),
                is_synthetic=True,
            )
            for move in steps:
                case = services.case_move(
                    actor=actor, case=case, move=move, data=_data(move, today, n), today=today
                )
    stdout.write(
        f"Generation demo: {len(runs)} runs, "
        f"{GenerationCase.objects.filter(is_synthetic=True).count()} cases\n"
    )
