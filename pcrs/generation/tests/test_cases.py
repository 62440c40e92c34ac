"""The generation case: every step of the table, its due dates, and the faults users meet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from pcrs.core.errors import ConcurrentChangeError, DomainError
from pcrs.core.models import AuditEvent
from pcrs.generation import adapter, services, workflow
from pcrs.generation.models import CaseEvent, CaseState, GenerationCase, Notification
from pcrs.generation.tests.conftest import TODAY, walk
from pcrs.missions.models import ContingentStatus, DeployedContingent, RequirementStatus
from pcrs.registry.models import PledgeStatus

pytestmark = pytest.mark.django_db


def _state(case):
    case.refresh_from_db()
    return case.state


def test_shortlisting_opens_a_case_due_for_a_note_verbale_and_puts_the_need_in_generation(
    case, need
):
    assert case.state == CaseState.SHORTLISTED
    assert case.due_on == TODAY + dt.timedelta(days=14)
    need.refresh_from_db()
    assert need.status == RequirementStatus.IN_GENERATION
    assert AuditEvent.objects.filter(action="generation.case_create").count() == 1


def test_the_whole_path_to_deployed_creates_the_contingent_deploys_the_pledge_and_fills_the_gap(
    case, secretariat, fp_bgd, need
):
    case = walk(case, secretariat, "send_note_verbale")
    assert case.due_on == case.answer_deadline
    case = walk(case, fp_bgd if case.member_state.iso3 == "BGD" else secretariat, "accept")
    assert case.state == CaseState.ACCEPTED and case.answered_on == TODAY
    case = walk(case, secretariat, "reconnaissance", "pre_deployment_visit", "agree_mou", "deploy")
    assert case.state == CaseState.DEPLOYED
    contingent = DeployedContingent.objects.get()
    assert (contingent.mission, contingent.member_state) == (need.mission, case.member_state)
    assert contingent.status == ContingentStatus.DEPLOYED
    assert case.contingent == contingent
    case.pledge.refresh_from_db()
    assert case.pledge.status == PledgeStatus.DEPLOYED
    need.refresh_from_db()
    assert need.status == RequirementStatus.FILLED
    assert [e.move for e in CaseEvent.objects.filter(case=case)] == [
        "shortlist",
        "send_note_verbale",
        "accept",
        "reconnaissance",
        "pre_deployment_visit",
        "agree_mou",
        "deploy",
    ]
    assert AuditEvent.objects.filter(action="readiness.deploy").count() == 1


def test_each_step_sets_the_next_due_date_from_the_settings(case, secretariat, settings):
    settings.PCRS_GENERATION = {"RECONNAISSANCE_DAYS": 7, "MOU_DAYS": 3}
    case = walk(case, secretariat, "send_note_verbale", "accept")
    assert case.due_on == TODAY + dt.timedelta(days=7)
    case = walk(case, secretariat, "reconnaissance", "pre_deployment_visit")
    assert case.due_on == TODAY + dt.timedelta(days=3)
    assert not case.is_overdue(TODAY)
    assert case.is_overdue(TODAY + dt.timedelta(days=4))


def test_a_step_without_its_fields_names_them_and_changes_nothing(case, secretariat):
    before = (AuditEvent.objects.count(), CaseEvent.objects.count())
    with pytest.raises(ValidationError) as err:
        services.case_move(actor=secretariat, case=case, move="send_note_verbale", data={})
    assert set(err.value.message_dict) == {"nv_reference", "nv_date", "answer_deadline"}
    assert _state(case) == CaseState.SHORTLISTED
    assert (AuditEvent.objects.count(), CaseEvent.objects.count()) == before


def test_a_deadline_before_the_note_verbale_is_refused(case, secretariat):
    with pytest.raises(ValidationError) as err:
        services.case_move(
            actor=secretariat,
            case=case,
            move="send_note_verbale",
            data={"nv_reference": "NV/1", "nv_date": TODAY, "answer_deadline": TODAY},
        )
    assert "answer_deadline" in err.value.message_dict


def test_a_declined_request_needs_a_reason_and_becomes_an_exclusion_for_the_next_run(
    case, secretariat, need
):
    case = walk(case, secretariat, "send_note_verbale")
    with pytest.raises(ValidationError):
        services.case_move(actor=secretariat, case=case, move="decline", data={})
    case = walk(case, secretariat, "decline")
    assert case.state == CaseState.DECLINED
    need.refresh_from_db()
    assert need.status == RequirementStatus.OPEN  # nothing works on it any more
    built = adapter.build_problem(adapter.RunRequest(missions=("MINUSCA",)), today=TODAY)
    [exclusion] = built.problem.exclusions
    assert (exclusion.pledge, exclusion.requirement) == (str(case.pledge_id), str(need.pk))
    assert "Units committed at home" in exclusion.reason


def test_no_answer_only_after_the_deadline_and_the_sweep_records_it(case, secretariat):
    case = walk(case, secretariat, "send_note_verbale")
    with pytest.raises(ValidationError):
        services.case_move(actor=secretariat, case=case, move="no_answer")
    assert services.cases_sweep_deadlines(today=case.answer_deadline) == []
    [swept] = services.cases_sweep_deadlines(today=case.answer_deadline + dt.timedelta(days=1))
    assert swept.state == CaseState.NO_ANSWER
    last = swept.events.last()
    assert last is not None and last.actor is None


def test_a_state_answering_a_closed_case_is_told_so_and_nothing_changes(case, secretariat, fp_bgd):
    case = walk(case, secretariat, "send_note_verbale", "close")
    GenerationCase.objects.filter(pk=case.pk).update(member_state=fp_bgd.member_state)
    case.refresh_from_db()
    version = case.version
    with pytest.raises(workflow.CaseMoveNotAllowed, match="closed: nothing can be recorded"):
        services.case_move(actor=fp_bgd, case=case, move="accept")
    case.refresh_from_db()
    assert (case.state, case.version) == (CaseState.CLOSED, version)


def test_the_mou_waits_for_a_passed_pre_deployment_visit(case, secretariat):
    case = walk(case, secretariat, "send_note_verbale", "accept", "reconnaissance")
    case = services.case_move(
        actor=secretariat,
        case=case,
        move="pre_deployment_visit",
        data={
            "pre_deployment_on": TODAY,
            "pre_deployment_result": "ready",
            "military_skills_passed": False,
        },
    )
    with pytest.raises(ValidationError, match="military skills"):
        walk(case, secretariat, "agree_mou")


def test_a_pledge_withdrawn_while_its_case_is_open_can_only_be_closed(case, secretariat):
    case = walk(case, secretariat, "send_note_verbale")
    type(case.pledge).objects.filter(pk=case.pledge_id).update(status=PledgeStatus.WITHDRAWN)
    with pytest.raises(DomainError, match="withdrew this pledge"):
        walk(case, secretariat, "accept")
    assert walk(case, secretariat, "close").state == CaseState.CLOSED


def test_two_officers_accepting_the_same_proposal_get_one_case_and_a_clear_message(
    finished_run, secretariat, administrator
):
    a = finished_run.assignments.get()
    services.case_create(
        actor=secretariat, run=finished_run, requirement=a.requirement, pledge=a.pledge
    )
    with pytest.raises(DomainError, match="already in outreach"):
        services.case_create(
            actor=administrator, run=finished_run, requirement=a.requirement, pledge=a.pledge
        )
    assert GenerationCase.objects.count() == 1


def test_a_stale_version_is_refused(case, secretariat):
    old = case.version
    walk(case, secretariat, "send_note_verbale")
    with pytest.raises(ConcurrentChangeError):
        services.case_move(
            actor=secretariat,
            case=case,
            move="close",
            data={"close_reason": "x"},
            expected_version=old,
        )


def test_individual_officer_requests_carry_a_number_of_officers(
    secretariat, minusca, staff_officer, ready_pledge
):
    from pcrs.missions.models import Requirement

    req = Requirement.objects.create(
        mission=minusca,
        capability_type=staff_officer,
        units=1,
        personnel=6,
        required_by=TODAY + dt.timedelta(days=90),
    )
    pledge = ready_pledge("NPL", capability_type=staff_officer, personnel=6, women=2, annexes=False)
    case = services.case_create(
        actor=secretariat, run=None, requirement=req, pledge=pledge, officers=4
    )
    assert case.officers == 4
    case = walk(
        case,
        secretariat,
        "send_note_verbale",
        "accept",
        "reconnaissance",
        "pre_deployment_visit",
        "agree_mou",
        "deploy",
    )
    assert DeployedContingent.objects.get().personnel == 4


def test_the_state_is_told_in_the_app_and_by_mail_when_a_note_verbale_is_sent(
    case, secretariat, fp_bgd_mail, django_capture_on_commit_callbacks
):
    GenerationCase.objects.filter(pk=case.pk).update(member_state=fp_bgd_mail.member_state)
    case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        walk(case, secretariat, "send_note_verbale")
    [notice] = Notification.objects.filter(recipient=fp_bgd_mail)
    assert "NV/2026/123" in notice.text
    assert [m.to for m in mail.outbox] == [["fp-bgd@example.org"]]
