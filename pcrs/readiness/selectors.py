"""Reads of the readiness ladder. Visibility comes from the registry's pledge selectors."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, F, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth

from pcrs.accounts.models import User
from pcrs.accounts.rights import Right
from pcrs.core.dates import add_months
from pcrs.core.errors import NotVisible
from pcrs.readiness import ladder
from pcrs.readiness.ladder import MoveContext, Who, applicable_domains, initial_state, who_is
from pcrs.readiness.models import (
    LEVEL_STATES,
    STATE_RANK,
    DomainResult,
    LadderState,
    LevelChange,
    ReadinessRecord,
    UnitRequirement,
    Visit,
    VisitPurpose,
)
from pcrs.registry.change_control import facts_mismatch, facts_summary
from pcrs.registry.models import ChangeStatus, Pledge, PledgeChangeRequest, PledgeStatus
from pcrs.registry.selectors import access_pledge, pledges_visible_to

LEVEL_ORDER = [LadderState.LEVEL_1, LadderState.LEVEL_2, LadderState.LEVEL_3, LadderState.RDL]
STATE_ORDER = sorted(LadderState.values, key=lambda s: -STATE_RANK[s])


def with_ladder_state(qs: QuerySet[Pledge]) -> Any:
    """Annotate `ladder_state`: the record's state, or what a pledge without one stands at."""
    derived = Case(
        When(status=PledgeStatus.DRAFT, then=Value(LadderState.DRAFT.value)),
        When(status=PledgeStatus.SUBMITTED, then=Value(LadderState.SUBMITTED.value)),
        When(status=PledgeStatus.WITHDRAWN, then=Value(LadderState.WITHDRAWN.value)),
        *(
            When(readiness_level=level, then=Value(str(state)))
            for state, level in LEVEL_STATES.items()
        ),
        default=Value(LadderState.LEVEL_1.value),
        output_field=CharField(),
    )
    return qs.annotate(ladder_state=Coalesce(F("readiness__state"), derived))


def record_for(pledge: Pledge) -> ReadinessRecord:
    """The pledge's record, or an unsaved stand-in derived from its registry status."""
    try:
        return pledge.readiness
    except ReadinessRecord.DoesNotExist:
        return ReadinessRecord(pledge=pledge, state=initial_state(pledge))


def access_readiness(*, user: User | Any, pledge_id: Any) -> tuple[Pledge, ReadinessRecord]:
    """The pledge and its record if the user may see it in detail; 404 otherwise."""
    pledge = access_pledge(user=user, pledge_id=pledge_id)
    return pledge, record_for(pledge)


@dataclass
class MoveOption:
    name: str
    label: str
    allowed: bool  # evidence complete
    missing: list[str]
    note_label: str
    needs_note: bool


@dataclass
class Finding:
    visit: Visit
    domain: str
    result: str
    findings: str


@dataclass
class PledgeReadiness:
    pledge: Pledge
    record: ReadinessRecord
    who: Who
    next_move: str | None
    next_label: str
    next_who: str
    blockers: list[str]
    findings: list[Finding]
    moves: list[MoveOption]
    visits: list[Visit]
    alignments: list[Any]
    agreements: list[Any]
    timeline: list[LevelChange]
    domains: list[str]
    surs: list[UnitRequirement] = field(default_factory=list)

    @property
    def can_record_evidence(self) -> bool:
        return self.who == Who.SECRETARIAT and self.record.is_level


# Prefetch for blocking_findings over many pledges: each visit with its domain results.
VISITS_WITH_RESULTS = "visits__results"


def blocking_findings(pledge: Pledge) -> list[Finding]:
    """Findings of the latest visit of each kind when it failed or was conditional.

    Reads `pledge.visits.all()`, so a caller going through many pledges prefetches
    "visits__results" once (VISITS_WITH_RESULTS) instead of querying per pledge.
    """
    latest: dict[str, Visit] = {}
    for done in sorted(pledge.visits.all(), key=lambda v: (v.end_date, v.pk), reverse=True):
        latest.setdefault(done.purpose, done)
    found: list[Finding] = []
    for purpose in VisitPurpose.values:
        visit = latest.get(purpose)
        if visit is None:
            continue
        before = len(found)
        for result in visit.results.all():
            if result.result != DomainResult.PASS:
                found.append(
                    Finding(
                        visit=visit,
                        domain=result.get_domain_display(),
                        result=result.get_result_display(),
                        findings=result.findings,
                    )
                )
        if not visit.successful and len(found) == before and visit.summary:
            found.append(Finding(visit, "Overall", "Not successful", visit.summary))
    return found


def next_step(
    pledge: Pledge, record: ReadinessRecord, *, today: dt.date
) -> tuple[str | None, list[str]]:
    """The next move up and what it still lacks (empty: ready for it)."""
    move_name = ladder.NEXT_UP.get(record.state)
    if move_name is None:
        return None, []
    ctx = MoveContext(
        pledge=pledge, record=record, today=today, policy=ladder.policy_on(today), note="-"
    )
    return move_name, ladder.missing_evidence(ladder.MOVES[move_name], ctx)


def pledge_readiness(*, user: User, pledge: Pledge, today: dt.date) -> PledgeReadiness:
    """Everything the pledge readiness page and API show; `pledge` comes from access_pledge."""
    record = record_for(pledge)
    who = who_is(user, pledge)
    policy = ladder.policy_on(today)
    move_name, blockers = next_step(pledge, record, today=today)
    options: list[MoveOption] = []
    for name, move in ladder.MOVES.items():
        if who not in move.who or record.state not in move.sources:
            continue
        ctx = MoveContext(pledge=pledge, record=record, today=today, policy=policy, note="-")
        checks = [c for c in move.requires if c is not ladder.guidance_given]
        missing = [item for check in checks for item in check(ctx)]
        options.append(
            MoveOption(
                name=name,
                label=str(move.label),
                allowed=not missing,
                missing=missing,
                note_label=str(move.note_label),
                needs_note=ladder.guidance_given in move.requires,
            )
        )
    next_label = next_who = ""
    if move_name:
        spec = ladder.MOVES[move_name]
        next_label = str(spec.label)
        next_who = ladder.who_words(spec.who)
    visits = list(pledge.visits.prefetch_related("results").select_related("recorded_by").all())
    alignments = list(pledge.sur_alignments.select_related("sur"))
    agreements = list(pledge.rdl_agreements.all())
    evidence: Any
    for evidence in (*visits, *alignments, *agreements):
        evidence.mismatch = facts_mismatch(evidence.verified, pledge)
        evidence.verified_summary = facts_summary(evidence.verified) if evidence.verified else ""
    timeline = list(pledge.level_changes.select_related("actor"))
    for change in timeline:
        change.label = ladder.move_label(change.move)  # type: ignore[attr-defined]
    return PledgeReadiness(
        pledge=pledge,
        record=record,
        who=who,
        next_move=move_name,
        next_label=next_label,
        next_who=next_who,
        blockers=blockers,
        findings=blocking_findings(pledge),
        moves=options,
        visits=visits,
        alignments=alignments,
        agreements=agreements,
        timeline=timeline,
        domains=applicable_domains(pledge),
        surs=list(
            UnitRequirement.objects.filter(
                capability_type_id=pledge.capability_type_id, is_current=True
            )
        ),
    )


# ---------------------------------------------------------------------------------------------
# Lists.


@dataclass
class PledgeRow:
    pledge: Pledge
    state: str
    next_label: str
    next_who: str
    blockers: list[str]
    findings: list[Finding]
    renewal_due: dt.date | None


def pledges_by_level(*, user: User, today: dt.date) -> list[tuple[str, list[PledgeRow]]]:
    """The user's visible pledges grouped by ladder state, highest first, with next steps."""
    qs = (
        with_ladder_state(pledges_visible_to(user))
        .select_related("readiness")
        .prefetch_related("organization", "equipment")
    )
    groups: dict[str, list[PledgeRow]] = defaultdict(list)
    for pledge in qs.order_by("capability_type__name", "title"):
        record = record_for(pledge)
        move_name, blockers = next_step(pledge, record, today=today)
        groups[pledge.ladder_state].append(  # type: ignore[attr-defined]
            PledgeRow(
                pledge=pledge,
                state=pledge.ladder_state,  # type: ignore[attr-defined]
                next_label=str(ladder.MOVES[move_name].label) if move_name else "",
                next_who=(ladder.who_words(ladder.MOVES[move_name].who) if move_name else ""),
                blockers=blockers,
                findings=blocking_findings(pledge) if record.is_level else [],
                renewal_due=record.renewal_due,
            )
        )
    return [(state, groups[state]) for state in STATE_ORDER if groups.get(state)]


def own_counts(*, user: User, today: dt.date) -> dict[str, Any]:
    """A focal point's home panel: its State's pledges by ladder state, and what is due."""
    qs = with_ladder_state(pledges_visible_to(user))
    by_state = dict(
        qs.values_list("ladder_state").annotate(n=Count("id")).values_list("ladder_state", "n")
    )
    horizon = today + dt.timedelta(days=ladder.policy_on(today).reminder_days)
    return {
        "by_state": [(ladder.state_label(s), by_state[s]) for s in STATE_ORDER if by_state.get(s)],
        "renewals_due": qs.filter(
            readiness__state__in=list(ladder.LEVELS), readiness__renewal_due__lte=horizon
        ).count(),
        "returned": by_state.get(LadderState.RETURNED, 0),
        "lapsed": by_state.get(LadderState.LAPSED, 0),
    }


def require_manager(user: User) -> None:
    if not user.has_right(Right.READINESS_MANAGE):
        raise NotVisible()


def work_queue(*, user: User, today: dt.date) -> dict[str, Any]:
    """What the Secretariat has to act on, oldest first."""
    require_manager(user)
    pledges = with_ladder_state(
        Pledge.objects.select_related("member_state", "capability_type", "readiness")
    )
    records = ReadinessRecord.objects.select_related(
        "pledge__member_state", "pledge__capability_type"
    )
    levels = list(ladder.LEVELS)
    expiring = []
    for days in (30, 60, 90):
        start = today if days == 30 else today + dt.timedelta(days=days - 29)
        expiring.append(
            (
                days,
                records.filter(
                    state__in=levels,
                    renewal_due__gte=start,
                    renewal_due__lte=today + dt.timedelta(days=days),
                ).order_by("renewal_due", "pk"),
            )
        )
    return {
        "changes_to_decide": PledgeChangeRequest.objects.filter(status=ChangeStatus.PENDING)
        .select_related("pledge__member_state", "pledge__capability_type", "requested_by")
        .order_by("requested_at", "pk"),
        "to_acknowledge": pledges.filter(ladder_state=LadderState.SUBMITTED).order_by(
            "submitted_at", "pk"
        ),
        "to_decide": pledges.filter(ladder_state=LadderState.ACKNOWLEDGED).order_by(
            "readiness__acknowledged_on", "pk"
        ),
        # Level 1 pledges are waiting for Level 2 evidence, Level 3 for an RDL verification.
        "aav_to_record": records.filter(state=LadderState.LEVEL_1).order_by("accepted_on", "pk"),
        "verification_to_record": records.filter(
            state=LadderState.LEVEL_3, pledge__rdl_agreements__isnull=False
        )
        .distinct()
        .order_by("level_3_on", "pk"),
        "overdue": records.filter(state__in=levels, renewal_due__lt=today).order_by(
            "renewal_due", "pk"
        ),
        "expiring": expiring,
    }


def readiness_overview(*, user: User, today: dt.date) -> dict[str, Any]:
    """Counts and personnel by level x capability type x region, and the monthly flow."""
    require_manager(user)
    rows = list(
        with_ladder_state(Pledge.objects.all())
        .filter(ladder_state__in=[*LEVEL_ORDER, LadderState.LAPSED])
        .values("ladder_state", "capability_type__name", "member_state__region")
        .annotate(pledges=Count("id"), personnel=Sum("personnel"))
        .order_by("capability_type__name", "member_state__region")
    )
    columns = [*LEVEL_ORDER, LadderState.LAPSED]

    def pivot(key: str) -> list[dict[str, Any]]:
        table: dict[str, dict[str, list[int]]] = defaultdict(lambda: {c: [0, 0] for c in columns})
        for row in rows:
            cell = table[row[key] or "-"][row["ladder_state"]]
            cell[0] += row["pledges"]
            cell[1] += row["personnel"] or 0
        return [
            {
                "name": name,
                "cells": [cells[c] for c in columns],
                "total": [
                    sum(cells[c][0] for c in LEVEL_ORDER),
                    sum(cells[c][1] for c in LEVEL_ORDER),
                ],
            }
            for name, cells in sorted(table.items())
        ]

    totals = {c: [0, 0] for c in columns}
    for row in rows:
        totals[row["ladder_state"]][0] += row["pledges"]
        totals[row["ladder_state"]][1] += row["personnel"] or 0

    start = dt.date(today.year - 1, today.month, 1)
    flow_rows = (
        LevelChange.objects.filter(on__gte=start, on__lte=today)
        .annotate(month=TruncMonth("on"))
        .values("month", "from_state", "to_state")
        .annotate(n=Count("id"))
    )
    flow: dict[dt.date, dict[str, int]] = {}
    month = start
    while month <= today:
        flow[month] = {"up": 0, "down": 0, "lapsed": 0}
        month = add_months(month, 1)
    for row in flow_rows:
        key = row["month"]
        key = key.date() if isinstance(key, dt.datetime) else key
        bucket = flow.setdefault(key, {"up": 0, "down": 0, "lapsed": 0})
        src, dst = row["from_state"], row["to_state"]
        if dst == LadderState.LAPSED:
            bucket["lapsed"] += row["n"]
        elif dst in LEVEL_STATES and STATE_RANK[dst] > STATE_RANK[src]:
            bucket["up"] += row["n"]
        elif src in LEVEL_STATES and dst in LEVEL_STATES:
            bucket["down"] += row["n"]
    return {
        "columns": [(c, ladder.state_label(c)) for c in columns],
        "by_type": pivot("capability_type__name"),
        "by_region": pivot("member_state__region"),
        "detail": rows,
        "totals": [totals[c] for c in columns],
        "flow": [(m, v) for m, v in sorted(flow.items())],
    }
