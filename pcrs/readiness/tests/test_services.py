"""The ladder's services: the whole climb, expiry with a controlled clock, refusals, races."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404

from pcrs.core.audit import audit_history
from pcrs.core.dates import add_months
from pcrs.core.errors import ConcurrentChangeError, DomainError
from pcrs.core.models import AuditEvent
from pcrs.readiness import ladder, services
from pcrs.readiness.models import LadderState, LevelChange, ReadinessPolicy, ReadinessRecord
from pcrs.readiness.tests.conftest import DAY0, move, record_aav, record_verification
from pcrs.registry.models import Pledge, PledgeEquipment

pytestmark = pytest.mark.django_db


def _state(pledge: Pledge) -> tuple[str, str, str]:
    pledge.refresh_from_db()
    record = ReadinessRecord.objects.filter(pledge=pledge).first()
    return (record.state if record else "-", pledge.status, pledge.readiness_level)


def _version(pledge: Pledge) -> int:
    return ReadinessRecord.objects.get(pledge=pledge).version


def _to_level_1(pledge, fp, sec, day=DAY0):
    move(fp, pledge, "submit", day)
    move(sec, pledge, "acknowledge", day)
    move(sec, pledge, "accept", day)


def test_pledge_climbs_the_whole_ladder_and_drops_back_by_expiry(
    pledge, fp_bgd_mail, secretariat_mail, generic_sur
):
    fp, sec = fp_bgd_mail, secretariat_mail
    move(fp, pledge, "submit", DAY0)
    assert _state(pledge) == ("submitted", "submitted", "")
    move(sec, pledge, "acknowledge", DAY0)
    assert _state(pledge) == ("acknowledged", "submitted", "")
    move(sec, pledge, "accept", DAY0)
    assert _state(pledge) == ("level_1", "active", "1")
    record = ReadinessRecord.objects.get(pledge=pledge)
    assert record.accepted_on == DAY0
    assert record.renewal_due == dt.date(2027, 3, 2)  # 12 months after acceptance

    record_aav(sec, pledge, end=dt.date(2026, 4, 10))
    move(sec, pledge, "grant_level_2", dt.date(2026, 4, 10))
    assert _state(pledge) == ("level_2", "active", "2")
    assert ReadinessRecord.objects.get(pledge=pledge).aav_valid_until == dt.date(2029, 4, 10)

    services.sur_alignment_record(
        actor=sec,
        pledge=pledge,
        sur=generic_sur,
        agreed_on=dt.date(2026, 5, 1),
        variations=["4 APCs instead of 6 in the reserve company"],
        today=dt.date(2026, 5, 1),
    )
    move(sec, pledge, "grant_level_3", dt.date(2026, 5, 1))
    assert _state(pledge) == ("level_3", "active", "3")

    services.rdl_agreement_record(
        actor=sec, pledge=pledge, signed_on=dt.date(2026, 6, 1), today=dt.date(2026, 6, 1)
    )
    record_verification(sec, pledge, end=dt.date(2026, 6, 15))
    move(sec, pledge, "grant_rdl", dt.date(2026, 6, 15))
    assert _state(pledge) == ("rdl", "active", "rdl")

    # Renewed on time: 6 months from the renewal.
    services.readiness_renew(actor=fp, pledge=pledge, today=dt.date(2027, 2, 20))
    assert ReadinessRecord.objects.get(pledge=pledge).renewal_due == dt.date(2027, 8, 20)

    # The RDL verification (12 months) expires first: RDL drops to Level 3.
    lines = services.readiness_sweep(today=dt.date(2027, 6, 16))
    assert _state(pledge) == ("level_3", "active", "3")
    assert any("Rapid Deployment Level -> Level 3" in line for line in lines)

    # Keep renewing every 5 months until the AAV (36 months) expires.
    day = dt.date(2027, 8, 1)
    while day < dt.date(2029, 4, 11):
        services.readiness_renew(actor=fp, pledge=pledge, today=day)
        day = add_months(day, 5)
    services.readiness_sweep(today=dt.date(2029, 4, 11))
    assert _state(pledge) == ("level_1", "active", "1")

    # No more renewals: the pledge lapses when its renewal date passes.
    due = ReadinessRecord.objects.get(pledge=pledge).renewal_due
    assert due is not None
    services.readiness_sweep(today=due)
    assert _state(pledge)[0] == "level_1"  # due today is not overdue
    lines = services.readiness_sweep(today=due + dt.timedelta(days=1))
    assert _state(pledge) == ("lapsed", "lapsed", "")
    assert any("Lapse" in line for line in lines)

    # The State renews: reinstated at Level 1.
    services.readiness_renew(actor=fp, pledge=pledge, today=due + dt.timedelta(days=3))
    assert _state(pledge) == ("level_1", "active", "1")

    timeline = list(LevelChange.objects.filter(pledge=pledge).order_by("on", "id"))
    assert [c.move for c in timeline] == [
        "submit",
        "acknowledge",
        "accept",
        "grant_level_2",
        "grant_level_3",
        "grant_rdl",
        "verification_expired",
        "aav_expired",
        "lapse",
        "reinstate",
    ]
    assert timeline[6].actor is None  # the sweep
    actions = set(
        AuditEvent.objects.filter(target_id=str(pledge.pk)).values_list("action", flat=True)
    )
    assert {
        "readiness.accept",
        "readiness.grant_rdl",
        "readiness.lapse",
        "readiness.renew",
    } <= actions


def test_sweep_run_twice_changes_nothing_the_second_time(
    complete_pledge, fp_bgd_mail, secretariat_mail, django_capture_on_commit_callbacks
):
    fp, sec = fp_bgd_mail, secretariat_mail
    overdue, expiring, reminded = complete_pledge(), complete_pledge(), complete_pledge()
    for p in (overdue, expiring, reminded):
        _to_level_1(p, fp, sec)
    record_aav(sec, expiring, end=dt.date(2026, 3, 10))
    move(sec, expiring, "grant_level_2", dt.date(2026, 3, 10))
    services.readiness_renew(actor=fp, pledge=reminded, today=dt.date(2028, 9, 1))
    services.readiness_renew(actor=fp, pledge=expiring, today=dt.date(2029, 2, 1))
    # On 2029-03-20: `overdue` (due 2027-03-02) lapses; `expiring`'s AAV (to 2029-03-10) has
    # expired; `reminded` is due 2029-03-01 ... overdue too. Renew it to be due within 30 days.
    services.readiness_renew(actor=fp, pledge=reminded, today=dt.date(2028, 10, 1))
    today = dt.date(2029, 3, 20)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = services.readiness_sweep(today=today)
    assert _state(overdue)[0] == "lapsed"
    assert _state(expiring)[0] == "level_1"
    assert _state(reminded)[0] == "level_1"
    assert len(first) == 3  # lapse, AAV expiry, one reminder (due 2029-04-01)
    assert any("reminder sent" in line for line in first)
    sent = len(mail.outbox)
    assert sent == 3

    with django_capture_on_commit_callbacks(execute=True):
        assert services.readiness_sweep(today=today) == []
    assert len(mail.outbox) == sent
    assert services.readiness_sweep(today=today + dt.timedelta(days=1)) == []


def test_periods_come_from_the_policy_in_force_not_code(pledge, fp_bgd, secretariat):
    ReadinessPolicy.objects.create(
        effective_from=dt.date(2026, 1, 1),
        first_renewal_months=9,
        renewal_interval_months=3,
        aav_validity_months=24,
        verification_validity_months=6,
        reminder_days=14,
        rdl_deploy_within_days=45,
    )
    _to_level_1(pledge, fp_bgd, secretariat)
    assert ReadinessRecord.objects.get(pledge=pledge).renewal_due == dt.date(2026, 12, 2)
    visit = record_aav(secretariat, pledge, end=dt.date(2026, 4, 1))
    assert visit.valid_until == dt.date(2028, 4, 1)
    services.readiness_renew(actor=fp_bgd, pledge=pledge, today=dt.date(2026, 5, 1))
    assert ReadinessRecord.objects.get(pledge=pledge).renewal_due == dt.date(2026, 8, 1)


# --- Bad input: a clear message, nothing changed ----------------------------------------------


def test_illegal_move_names_the_state_and_changes_nothing(pledge, secretariat):
    with pytest.raises(ladder.MoveNotAllowed) as exc:
        move(secretariat, pledge, "acknowledge", DAY0)
    assert "A pledge that is Draft cannot be acknowledged" in exc.value.message
    assert "Submitted" in exc.value.message
    assert _state(pledge) == ("-", "draft", "")


def test_submission_with_a_missing_annex_says_which_and_changes_nothing(pledge, fp_bgd):
    PledgeEquipment.objects.filter(pledge=pledge).delete()
    with pytest.raises(ladder.EvidenceMissing) as exc:
        move(fp_bgd, pledge, "submit", DAY0)
    assert "Annex C (major equipment) lists no items" in exc.value.message
    assert exc.value.missing == ["Annex C (major equipment) lists no items"]
    assert _state(pledge)[1:] == ("draft", "")
    assert not LevelChange.objects.filter(pledge=pledge).exists()


def test_annex_b_must_add_up_to_the_personnel_pledged(pledge, fp_bgd):
    Pledge.objects.filter(pk=pledge.pk).update(personnel=900)
    with pytest.raises(ladder.EvidenceMissing) as exc:
        move(fp_bgd, pledge, "submit", DAY0)
    assert "adds up to 850, not the 900 personnel pledged" in exc.value.message


def test_level_two_requires_a_successful_aav(pledge, fp_bgd, secretariat):
    _to_level_1(pledge, fp_bgd, secretariat)
    with pytest.raises(ladder.EvidenceMissing) as exc:
        move(secretariat, pledge, "grant_level_2", DAY0)
    assert "Assessment and Advisory Visit: none recorded" in exc.value.message
    record_aav(
        secretariat,
        pledge,
        end=dt.date(2026, 3, 20),
        successful=False,
        results={
            "general": ("pass", ""),
            "training": ("fail", "No pre-deployment training on protection of civilians."),
            "coe": ("conditional", "Two APCs unserviceable."),
            "medical": ("pass", ""),
        },
    )
    with pytest.raises(ladder.EvidenceMissing) as exc:
        move(secretariat, pledge, "grant_level_2", dt.date(2026, 3, 21))
    assert "was not successful" in exc.value.message
    assert _state(pledge)[0] == "level_1"


def test_a_visit_cannot_be_dated_in_the_future(pledge, fp_bgd, secretariat):
    _to_level_1(pledge, fp_bgd, secretariat)
    with pytest.raises(ValidationError) as exc:
        record_aav(secretariat, pledge, end=DAY0 + dt.timedelta(days=3), today=DAY0)
    assert "cannot be dated in the future" in str(exc.value.message_dict["end_date"])
    assert not pledge.visits.exists()


def test_aav_results_cover_exactly_the_unit_types_domains(pledge, fp_bgd, secretariat):
    _to_level_1(pledge, fp_bgd, secretariat)
    with pytest.raises(ValidationError) as exc:
        record_aav(
            secretariat,
            pledge,
            end=DAY0,
            results={
                "general": ("pass", ""),
                "training": ("pass", ""),
                "coe": ("conditional", ""),
                "aviation": ("pass", ""),
            },
        )
    errors = exc.value.message_dict
    assert "Aviation is not checked for a Infantry battalion." in errors["results.aviation"]
    assert "Give the result for Medical." in errors["results.medical"]
    assert "Record the findings" in errors["results.coe"][0]
    assert not pledge.visits.exists()


def test_a_visit_with_a_failed_domain_cannot_be_successful(pledge, fp_bgd, secretariat):
    _to_level_1(pledge, fp_bgd, secretariat)
    results = dict.fromkeys(pledge.capability_type.aav_domains, ("pass", ""))
    results["medical"] = ("fail", "No level 1 medical facility.")
    with pytest.raises(ValidationError) as exc:
        record_aav(secretariat, pledge, end=DAY0, results=results, successful=True)
    assert "successful" in exc.value.message_dict


def test_rdl_agreement_is_refused_on_a_level_one_pledge(pledge, fp_bgd, secretariat):
    _to_level_1(pledge, fp_bgd, secretariat)
    version = _version(pledge)
    with pytest.raises(DomainError) as exc:
        services.rdl_agreement_record(actor=secretariat, pledge=pledge, signed_on=DAY0, today=DAY0)
    assert exc.value.message == "An RDL agreement needs a pledge at Level 3; this one is Level 1."
    assert not pledge.rdl_agreements.exists()
    assert _version(pledge) == version


def test_return_needs_guidance_and_the_state_can_resubmit(
    pledge, fp_bgd_mail, secretariat, django_capture_on_commit_callbacks
):
    move(fp_bgd_mail, pledge, "submit", DAY0)
    move(secretariat, pledge, "acknowledge", DAY0)
    with pytest.raises(ladder.EvidenceMissing) as exc:
        move(secretariat, pledge, "return", DAY0, note="  ")
    assert "guidance for the State" in exc.value.message
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(
            secretariat, pledge, "return", DAY0, note="Train two EOD teams; add water purification."
        )
    assert _state(pledge) == ("returned", "submitted", "")
    assert "Train two EOD teams" in mail.outbox[0].body
    move(fp_bgd_mail, pledge, "resubmit", DAY0)
    assert _state(pledge)[0] == "submitted"


# --- Who may do what (services; the API matrix covers every move) -----------------------------


def test_focal_point_cannot_accept_its_own_pledge(pledge, fp_bgd, secretariat):
    move(fp_bgd, pledge, "submit", DAY0)
    move(secretariat, pledge, "acknowledge", DAY0)
    with pytest.raises(ladder.MoveNotPermitted) as exc:
        move(fp_bgd, pledge, "accept", DAY0)
    assert "only the Secretariat" in exc.value.message
    assert _state(pledge)[0] == "acknowledged"


def test_other_states_focal_point_and_observer_get_not_found(pledge, fp_kaz, observer):
    for user in (fp_kaz, observer):
        with pytest.raises(Http404):
            move(user, pledge, "submit", DAY0)
    assert _state(pledge) == ("-", "draft", "")


def test_people_cannot_make_the_sweeps_moves(pledge, fp_bgd, secretariat):
    _to_level_1(pledge, fp_bgd, secretariat)
    with pytest.raises(ladder.MoveNotPermitted):
        move(secretariat, pledge, "lapse", DAY0)
    assert _state(pledge)[0] == "level_1"


# --- Concurrency: one wins, the other is told; nothing half-applied ---------------------------


def test_two_officers_at_once_the_second_is_told_the_pledge_changed(
    pledge, fp_bgd, secretariat, make_secretariat
):
    other = make_secretariat("officer-2")
    move(fp_bgd, pledge, "submit", DAY0)
    seen = _version(pledge)
    move(secretariat, pledge, "acknowledge", DAY0, expected_version=seen)
    with pytest.raises(ConcurrentChangeError) as exc:
        move(other, pledge, "acknowledge", DAY0, expected_version=seen)
    assert "changed under you" in exc.value.message
    assert LevelChange.objects.filter(pledge=pledge, move="acknowledge").count() == 1


def test_stale_version_applies_nothing_even_when_the_move_would_be_legal(
    pledge, fp_bgd, secretariat
):
    _to_level_1(pledge, fp_bgd, secretariat)
    stale = _version(pledge) - 1
    with pytest.raises(ConcurrentChangeError):
        services.rdl_agreement_record(
            actor=secretariat, pledge=pledge, signed_on=DAY0, today=DAY0, expected_version=stale
        )
    with pytest.raises(ConcurrentChangeError):
        services.readiness_renew(actor=fp_bgd, pledge=pledge, today=DAY0, expected_version=stale)
    assert ReadinessRecord.objects.get(pledge=pledge).last_renewed_on is None


def test_a_failure_midway_leaves_no_half_applied_move(pledge, fp_bgd, secretariat, monkeypatch):
    move(fp_bgd, pledge, "submit", DAY0)
    move(secretariat, pledge, "acknowledge", DAY0)

    def refuse(**kwargs):
        raise DomainError("audit refused")

    monkeypatch.setattr(services, "audit_record", refuse)
    with pytest.raises(DomainError):
        move(secretariat, pledge, "accept", DAY0)
    # The status and level written before the failure were rolled back with it.
    assert _state(pledge) == ("acknowledged", "submitted", "")
    assert not LevelChange.objects.filter(pledge=pledge, move="accept").exists()


# --- Notifications -----------------------------------------------------------------------------


def test_each_step_notifies_the_right_people_with_a_link(
    pledge, fp_bgd_mail, secretariat_mail, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(fp_bgd_mail, pledge, "submit", DAY0)
    assert [m.to for m in mail.outbox] == [["fg@example.org"]]
    assert "Acknowledge receipt" in mail.outbox[0].body
    assert f"/readiness/pledges/{pledge.pk}/" in mail.outbox[0].body
    assert mail.outbox[0].body.count("http://") == 2
    with django_capture_on_commit_callbacks(execute=True):
        move(secretariat_mail, pledge, "acknowledge", DAY0)
    with django_capture_on_commit_callbacks(execute=True):
        move(secretariat_mail, pledge, "accept", DAY0)
    assert [m.to for m in mail.outbox[1:]] == [["fp-bgd@example.org"], ["fp-bgd@example.org"]]
    assert "must be renewed by 02 March 2027" in mail.outbox[2].body
    with django_capture_on_commit_callbacks(execute=True):
        services.readiness_renew(actor=fp_bgd_mail, pledge=pledge, today=DAY0)
    assert mail.outbox[-1].to == ["fg@example.org"]
    assert "renewed" in mail.outbox[-1].subject


def test_refused_move_sends_no_mail(
    pledge, fp_bgd_mail, secretariat_mail, django_capture_on_commit_callbacks
):
    PledgeEquipment.objects.filter(pledge=pledge).delete()
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ladder.EvidenceMissing),
    ):
        move(fp_bgd_mail, pledge, "submit", DAY0)
    assert callbacks == []
    assert mail.outbox == []


def test_withdrawing_through_the_ladder_leaves_nothing_for_the_sweep(pledge, fp_bgd, secretariat):
    _to_level_1(pledge, fp_bgd, secretariat)
    services.readiness_withdraw(actor=fp_bgd, pledge=pledge, reason="Unit disbanded", today=DAY0)
    assert _state(pledge) == ("withdrawn", "withdrawn", "")
    with pytest.raises(DomainError):
        services.readiness_renew(actor=fp_bgd, pledge=pledge, today=DAY0)
    # No catch-up: the ladder and the registry never disagree, so the sweep has nothing to do.
    assert services.readiness_sweep(today=dt.date(2030, 1, 1)) == []
    history = [e.action for e in audit_history(pledge)]
    assert history[:1] == ["readiness.withdraw"]
    assert not any(a in ("pledge.withdraw", "pledge.readiness_level") for a in history)


def test_readiness_submit_checks_the_pledge_version(pledge, fp_bgd):
    with pytest.raises(ConcurrentChangeError):
        services.readiness_submit(actor=fp_bgd, pledge=pledge, expected_version=pledge.version + 1)
    submitted = services.readiness_submit(
        actor=fp_bgd, pledge=pledge, expected_version=pledge.version, today=DAY0
    )
    assert submitted.status == "submitted"
    assert ReadinessRecord.objects.get(pledge=pledge).state == LadderState.SUBMITTED
