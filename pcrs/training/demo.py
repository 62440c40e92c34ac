"""Demo training centres over several States, KAZCENT with UN-recognised courses.

The centres' names are those of real national centres; their opening dates, courses,
recognition dates and trainee numbers here are synthetic and labelled as such
(`is_synthetic`, `source_note`). Idempotent: a centre already present is left alone.
Written through the services, as the Secretariat demo user.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from pcrs.accounts.models import Role, User
from pcrs.memberstates.models import MemberState
from pcrs.training.models import CourseDelivery, CourseKind, TrainingCentre
from pcrs.training.services import (
    TraineeInput,
    centre_create,
    course_create,
    delivery_record,
    pledge_training_record,
    recognition_grant,
)

NOTE = "demo: synthetic courses, dates and trainee numbers"
# (iso3, acronym, name, established, [(course, kind, recognised years ago or None)], guests)
Centre = tuple[str, str, str, dt.date, list[tuple[str, str, int | None]], list[str]]
CENTRES: list[Centre] = [
    (
        "KAZ",
        "KAZCENT",
        "Kazakhstan Peacekeeping Training Centre",
        dt.date(2006, 3, 1),
        [
            ("UN Staff Officers Course", CourseKind.CORE_PREDEPLOYMENT, 1),
            ("UN Military Observers Course", CourseKind.SPECIALIZED, 3),
            ("Protection of Civilians", CourseKind.SPECIALIZED, None),
        ],
        ["KGZ", "TJK", "MNG", "IND"],
    ),
    (
        "BGD",
        "BIPSOT",
        "Bangladesh Institute of Peace Support Operation Training",
        dt.date(2002, 6, 1),
        [("Contingent pre-deployment course", CourseKind.CORE_PREDEPLOYMENT, 2)],
        ["BTN", "NPL"],
    ),
    (
        "NPL",
        "BPOTC",
        "Birendra Peace Operations Training Centre",
        dt.date(2001, 1, 1),
        [("Core pre-deployment training", CourseKind.CORE_PREDEPLOYMENT, 4)],
        [],
    ),
    (
        "RWA",
        "RPA",
        "Rwanda Peace Academy",
        dt.date(2012, 1, 1),
        [("Individual police pre-deployment course", CourseKind.CORE_PREDEPLOYMENT, 2)],
        ["BDI", "KEN", "UGA"],
    ),
    (
        "GHA",
        "KAIPTC",
        "Kofi Annan International Peacekeeping Training Centre",
        dt.date(1998, 1, 1),
        [("Protection of Civilians", CourseKind.SPECIALIZED, 1)],
        ["NGA", "SEN", "TGO", "BEN"],
    ),
]


def training_load_demo(*, stdout: TextIO, today: dt.date) -> None:
    actor = User.objects.filter(role=Role.FORCE_GENERATION).order_by("pk").first()
    if actor is None:
        stdout.write("training demo: no Secretariat user; skipped\n")
        return
    states = {s.iso3: s for s in MemberState.objects.all()}
    created = records = 0
    for iso3, acronym, name, established, courses, guests in CENTRES:
        if iso3 not in states or TrainingCentre.objects.filter(acronym=acronym).exists():
            continue
        centre = centre_create(
            actor=actor,
            member_state=states[iso3],
            name=name,
            acronym=acronym,
            established_on=established,
            is_synthetic=True,
            source_note=NOTE,
        )
        for index, (title, kind, years_ago) in enumerate(courses):
            course = course_create(actor=actor, centre=centre, title=title, kind=kind)
            if years_ago is None:
                continue
            recognised_on = dt.date(today.year - years_ago, 2 + index, 1)
            recognition_grant(
                actor=actor,
                course=course,
                recognised_on=recognised_on,
                reference=f"ITS-REC-{acronym}-{recognised_on.year}",
            )
            for run in range(2):
                starts = recognised_on + dt.timedelta(days=60 + 120 * run)
                if starts > today:
                    break
                trainees = [TraineeInput(states[iso3], men=24 - run * 3, women=6 + run)]
                trainees += [
                    TraineeInput(states[g], men=3 + i % 3, women=1 + run)
                    for i, g in enumerate(guests)
                    if g in states
                ]
                delivery_record(
                    actor=actor,
                    course=course,
                    starts_on=starts,
                    ends_on=starts + dt.timedelta(days=18),
                    trainees=trainees,
                    is_synthetic=True,
                )
        created += 1
        records += _pledge_training(actor, centre)
    stdout.write(f"Training demo: {created} centres added, {records} pledge training records\n")


def _pledge_training(actor: User, centre: TrainingCentre) -> int:
    """Up to three of the State's synthetic pledges trained at the centre's latest recognised
    pre-deployment delivery."""
    from pcrs.registry.models import Pledge

    delivery = (
        CourseDelivery.objects.filter(course__centre=centre, course__recognitions__isnull=False)
        .order_by("-starts_on")
        .first()
    )
    if delivery is None:
        return 0
    own = delivery.trainees.filter(member_state=centre.member_state).first()
    if own is None:
        return 0
    pledges = Pledge.objects.filter(member_state=centre.member_state, is_synthetic=True)[:3]
    for pledge in pledges:
        pledge_training_record(
            actor=actor,
            pledge=pledge,
            delivery=delivery,
            personnel=min(own.total, pledge.personnel),
        )
    return len(pledges)
