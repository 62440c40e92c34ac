"""The adapter on its own: live data -> engine problem -> rows, on the real demo data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from pcrs.engine import Params, check_problem, explain, solve, validate
from pcrs.generation import adapter
from pcrs.generation.models import GenerationCase, GenerationRun, HostExclusion, StateCap
from pcrs.memberstates.models import MemberState
from pcrs.missions.gaps import GENDER_OF_CAPABILITY, TargetTable
from pcrs.missions.models import UNFILLED_STATUSES, Mission, Requirement
from pcrs.performance.selectors import pledge_performance_scores
from pcrs.registry.models import Pledge, PledgeStatus, levels_at_least

TODAY = timezone.localdate()


@pytest.mark.django_db
@pytest.mark.slow
def test_adapter_on_the_real_demo_data():
    call_command("load_demo", stdout=StringIO())
    minusca = Mission.objects.get(acronym="MINUSCA")
    request = adapter.RunRequest(missions=("MINUSCA",))
    built = adapter.build_problem(request, today=TODAY)
    check_problem(built.problem)
    # load_demo ran generation for UNMISS and MONUSCO, and left MINUSCA for the user.
    assert GenerationRun.objects.filter(is_synthetic=True).count() == 2
    assert not GenerationCase.objects.filter(requirement__mission=minusca).exists()

    # Every open MINUSCA requirement, and nothing else.
    open_ids = set(
        Requirement.objects.filter(mission=minusca, status__in=UNFILLED_STATUSES).values_list(
            "pk", flat=True
        )
    )
    assert {int(r.id) for r in built.problem.requirements} == open_ids
    # Pledges: live, not deployed, Level 2+, of the capabilities needed; their data carried.
    capabilities = {r.capability for r in built.problem.requirements}
    busy = GenerationCase.objects.filter(state__in=adapter.ACTIVE_CASE_STATES).values("pledge")
    expected = (
        Pledge.objects.live()
        .exclude(status=PledgeStatus.DEPLOYED)
        .exclude(pk__in=busy)
        .filter(readiness_level__in=levels_at_least("2"), capability_type__code__in=capabilities)
    )
    assert {p.id for p in built.problem.pledges} == {
        str(pk) for pk in expected.values_list("pk", flat=True)
    }
    sample = expected.select_related("member_state").first()
    assert sample is not None
    engine = built.problem.pledge(str(sample.pk))
    assert (engine.state, engine.personnel, engine.women, engine.notice_days) == (
        sample.member_state.iso3,
        sample.personnel,
        sample.women,
        sample.notice_to_move_days,
    )
    assert engine.available_from == max(sample.available_from, TODAY)
    assert engine.languages == frozenset(sample.languages)
    # Performance: the State's evaluations (pcrs.performance), decayed, reach the engine; the
    # demo evaluates deployed contingents, so some pledging States have a record and some not.
    scores = pledge_performance_scores(pledges=expected, on=TODAY)
    assert {p.id: p.performance for p in built.problem.pledges} == {
        str(pk): score for pk, score in scores.items()
    }
    assert any(p.performance is not None for p in built.problem.pledges)
    # The host country, and the year's gender target as the floor of the women's share.
    [mission] = built.problem.missions
    assert mission.host_state == "CAF"
    targets = TargetTable.load()
    for r in built.problem.requirements:
        row = built.requirements[r.id]
        target = targets.target(
            GENDER_OF_CAPABILITY[row.capability_type.category], row.required_by.year
        )
        assert r.min_women_share >= float(target or 0) / 100 - 1e-9
    # Caps: a State's row wins; others default from their deployments, at least the minimum.
    states = {c.state: c.total for c in built.problem.states}
    assert all(total is not None and total >= 1000 for total in states.values())
    some = next(iter(states))
    StateCap.objects.create(member_state=MemberState.objects.get(iso3=some), total=5)
    # A host-country exclusion and a caveat turn into pair rules the engine applies.
    state_id = sample.member_state_id
    HostExclusion.objects.create(mission=minusca, member_state_id=state_id)
    again = adapter.build_problem(request, today=TODAY)
    assert {c.state: c.total for c in again.problem.states}[some] == 5
    assert sample.member_state.iso3 in again.problem.missions[0].excluded_states

    # Solve and map back to rows.
    params = Params(time_limit=10, threads=1)
    allocation = solve(again.problem, params)
    assert validate(again.problem, allocation) == []
    stories = explain(again.problem, allocation, params)
    rows = adapter.assignment_rows(again, allocation, stories)
    assert len(rows) == len(allocation.assignments)
    for req, pledge, score, locked in rows:
        assert req.mission == minusca and pledge.capability_type_id == req.capability_type_id
        assert pledge.member_state.iso3 != sample.member_state.iso3  # the host refuses it
        assert score > 0 and not locked
    data = adapter.explanations_data(stories)
    assert set(data) == {r.id for r in again.problem.requirements}
    # The snapshot hash is stable for the same data and changes with it.
    assert again.input_hash() == adapter.build_problem(request, today=TODAY).input_hash()
    assert again.input_hash() != built.input_hash()


@pytest.mark.django_db
def test_caveats_and_a_horizon_are_applied(need, ready_pledge, minusca):
    caveated = ready_pledge("BGD")
    caveated.caveat_missions.add(minusca)
    regional = ready_pledge("KAZ", caveat_regions=["Sub-Saharan Africa"])
    built = adapter.build_problem(adapter.RunRequest(missions=("MINUSCA",)), today=TODAY)
    assert built.problem.pledge(str(caveated.pk)).caveats == frozenset({"MINUSCA"})
    assert built.problem.pledge(str(regional.pk)).caveats == frozenset({"MINUSCA"})
    short = adapter.build_problem(
        adapter.RunRequest(missions=("MINUSCA",), horizon_days=30), today=TODAY
    )
    assert short.problem.requirements == ()
    later = adapter.build_problem(
        adapter.RunRequest(missions=("MINUSCA",), horizon_days=300), today=TODAY
    )
    assert len(later.problem.requirements) == 1


@pytest.mark.django_db
def test_level_one_pledges_come_in_only_when_the_minimum_level_is_one(need, ready_pledge):
    low = ready_pledge("BGD", level="1")
    two = adapter.build_problem(adapter.RunRequest(missions=("MINUSCA",)), today=TODAY)
    one = adapter.build_problem(
        adapter.RunRequest(missions=("MINUSCA",), min_level="1"), today=TODAY
    )
    assert str(low.pk) not in {p.id for p in two.problem.pledges}
    assert str(low.pk) in {p.id for p in one.problem.pledges}
    assert one.params.allow_level_1 and not two.params.allow_level_1


@pytest.mark.django_db
def test_a_pledge_in_an_open_case_is_spoken_for(case, need):
    built = adapter.build_problem(adapter.RunRequest(missions=("MINUSCA",)), today=TODAY)
    assert str(case.pledge_id) not in {p.id for p in built.problem.pledges}
    assert built.problem.requirements == ()  # its only unit is in outreach
    assert any("already in outreach" in n for n in built.notes)


@pytest.fixture
def joint_pledge(ready_pledge, make_state, secretariat):
    """A Bangladeshi-French infantry battalion: 700 + 150 personnel (pcrs.partnerships)."""
    from pcrs.partnerships.services import ShareInput, joint_pledge_shares_set

    pledge = ready_pledge("BGD", personnel=850, women=60)
    joint_pledge_shares_set(
        actor=secretariat,
        pledge=pledge,
        shares=[
            ShareInput(member_state=make_state("BGD"), personnel=700, women=50),
            ShareInput(member_state=make_state("FRA"), personnel=150, women=10),
        ],
    )
    return pledge


@pytest.mark.django_db
def test_a_joint_pledge_reaches_the_engine_as_a_bundle_of_its_partners_parts(need, joint_pledge):
    from pcrs.engine import Params, solve

    built = adapter.build_problem(adapter.RunRequest(missions=("MINUSCA",)), today=TODAY)
    pid = str(joint_pledge.pk)
    [bundle] = built.problem.bundles
    assert bundle.pledges == (f"{pid}:BGD", f"{pid}:FRA")
    parts = {p.id: (p.state, p.personnel, p.women) for p in built.problem.pledges}
    assert parts == {f"{pid}:BGD": ("BGD", 700, 50), f"{pid}:FRA": ("FRA", 150, 10)}
    # Each partner counts against its own State's cap.
    assert {c.state for c in built.problem.states} == {"BGD", "FRA"}

    allocation = solve(built.problem, Params(time_limit=5, threads=1, seed=0))
    stories = explain(built.problem, allocation, built.params)
    rows = adapter.assignment_rows(built, allocation, stories)
    # The two parts placed together are one row of the registry pledge, and the stored
    # explanations name the registry pledge only.
    assert [(r.pk, p.pk) for r, p, _, _ in rows] == [(need.pk, joint_pledge.pk)]
    data = adapter.explanations_data(stories)
    assert data[str(need.pk)]["chosen"][0]["pledges"] == [pid]


@pytest.mark.django_db
def test_a_partner_over_its_cap_keeps_the_whole_joint_pledge_out(need, joint_pledge, ready_pledge):
    from pcrs.engine import Params, solve

    single = ready_pledge("KAZ", personnel=850)
    StateCap.objects.create(member_state=MemberState.objects.get(iso3="FRA"), total=100)
    built = adapter.build_problem(adapter.RunRequest(missions=("MINUSCA",)), today=TODAY)
    allocation = solve(built.problem, Params(time_limit=5, threads=1, seed=0))
    rows = adapter.assignment_rows(built, allocation, explain(built.problem, allocation))
    assert [p.pk for _, p, _, _ in rows] == [single.pk]
