"""Change control of verified pledges: a material change waits for the Secretariat, which
accepts it (the level is re-assessed against the evidence) or rejects it with a reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from pcrs.core.errors import DomainError
from pcrs.core.models import AuditEvent
from pcrs.readiness import ladder, services
from pcrs.readiness.models import LevelChange, ReadinessRecord
from pcrs.readiness.tests.conftest import move, record_aav, record_verification
from pcrs.registry import services as registry
from pcrs.registry.models import CapabilityType, ChangeStatus, Pledge, PledgeChangeRequest

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() - dt.timedelta(days=60)


@pytest.fixture
def engineers(db):
    return CapabilityType.objects.create(
        code="attack-helicopter-unit",
        name="Attack helicopter unit",
        category="military_unit",
        typical_size=120,
        aav_domains=["general", "training", "coe", "aviation"],
    )


def pending(pledge: Pledge) -> PledgeChangeRequest:
    request = registry.pending_change_request(pledge)
    assert request is not None
    return request


def verify_to_rdl(pledge, fp, sec, sur):
    move(fp, pledge, "submit", DAY)
    move(sec, pledge, "acknowledge", DAY)
    move(sec, pledge, "accept", DAY)
    record_aav(sec, pledge, end=DAY + dt.timedelta(days=5))
    move(sec, pledge, "grant_level_2", DAY + dt.timedelta(days=6))
    services.sur_alignment_record(
        actor=sec,
        pledge=pledge,
        sur=sur,
        agreed_on=DAY + dt.timedelta(days=7),
        variations=[],
        today=DAY + dt.timedelta(days=7),
    )
    move(sec, pledge, "grant_level_3", DAY + dt.timedelta(days=8))
    services.rdl_agreement_record(
        actor=sec, pledge=pledge, signed_on=DAY + dt.timedelta(days=9), today=DAY + dt.timedelta(9)
    )
    record_verification(sec, pledge, end=DAY + dt.timedelta(days=10))
    move(sec, pledge, "grant_rdl", DAY + dt.timedelta(days=11))
    pledge.refresh_from_db()
    assert pledge.readiness_level == "rdl"
    return pledge


@pytest.fixture
def rdl_pledge(pledge, fp_bgd, secretariat, generic_sur):
    return verify_to_rdl(pledge, fp_bgd, secretariat, generic_sur)


def as_helicopters(pledge, engineers, **more):
    data = registry.input_of(pledge)
    return replace(
        data,
        capability_type=engineers,
        personnel=380,
        women=0,
        organization=[registry.OrganizationLine("other_ranks", 380, 0)],
        equipment=[],
        contact_name="Maj. New Contact",
        **more,
    )


def snapshot(pledge):
    pledge.refresh_from_db()
    return (
        pledge.capability_type_id,
        pledge.personnel,
        pledge.readiness_level,
        pledge.status,
        pledge.version,
        PledgeChangeRequest.objects.count(),
        AuditEvent.objects.count(),
        LevelChange.objects.count(),
    )


def test_a_material_change_waits_and_the_contact_applies_at_once(
    rdl_pledge, fp_bgd_mail, secretariat_mail, engineers, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registry.pledge_update(
            actor=fp_bgd_mail, pledge=rdl_pledge, data=as_helicopters(rdl_pledge, engineers)
        )
    rdl_pledge.refresh_from_db()
    # The verified figures stand, the contact changed, a request waits.
    assert (rdl_pledge.capability_type.code, rdl_pledge.personnel) == ("infantry-battalion", 850)
    assert rdl_pledge.readiness_level == "rdl"
    assert rdl_pledge.contact_name == "Maj. New Contact"
    request = pending(rdl_pledge)
    assert request is not None
    changed = {c["field"]: (c["old"], c["new"]) for c in request.changes}
    assert changed["capability_type"] == ("Infantry battalion", "Attack helicopter unit")
    assert changed["personnel"] == ("850", "380")
    assert "contact_name" not in changed
    assert AuditEvent.objects.filter(action="pledge.change_requested").count() == 1
    # The State and the Secretariat are told.
    assert sorted(mail.outbox[0].to) == ["fg@example.org", "fp-bgd@example.org"]
    assert "Attack helicopter unit" in mail.outbox[0].body


def test_accepting_drops_to_the_level_the_evidence_supports_with_the_reason(
    rdl_pledge, fp_bgd, secretariat, engineers
):
    registry.pledge_update(
        actor=fp_bgd, pledge=rdl_pledge, data=as_helicopters(rdl_pledge, engineers)
    )
    request = pending(rdl_pledge)
    outcome = services.change_request_accept(actor=secretariat, change_request=request)
    rdl_pledge.refresh_from_db()
    assert (rdl_pledge.capability_type.code, rdl_pledge.personnel) == (
        "attack-helicopter-unit",
        380,
    )
    # Every piece of evidence verified an infantry battalion of 850: only Level 1 holds.
    assert rdl_pledge.readiness_level == "1"
    assert outcome.change.move == "reassess"
    assert "verified a Infantry battalion" in outcome.change.note
    request.refresh_from_db()
    assert (request.status, request.resulting_level) == (ChangeStatus.ACCEPTED, "1")
    assert AuditEvent.objects.filter(action="pledge.change_accepted").exists()
    # The mismatch is computable and shown on the readiness view.
    ctx = ladder.MoveContext(
        pledge=rdl_pledge, record=ReadinessRecord.objects.get(pledge=rdl_pledge), today=DAY
    )
    assert any("no longer does" in m for m in ladder.aav_valid(ctx))


def test_a_change_within_the_evidence_keeps_the_level(rdl_pledge, fp_bgd, secretariat):
    data = registry.input_of(rdl_pledge)
    fewer = replace(data, languages=["en", "fr"])  # material, but no evidence verified it
    registry.pledge_update(actor=fp_bgd, pledge=rdl_pledge, data=fewer)
    request = pending(rdl_pledge)
    services.change_request_accept(actor=secretariat, change_request=request)
    rdl_pledge.refresh_from_db()
    assert (rdl_pledge.readiness_level, rdl_pledge.languages) == ("rdl", ["en", "fr"])


def test_rejecting_keeps_the_pledge_and_tells_the_state_why(
    rdl_pledge, fp_bgd, secretariat, engineers
):
    registry.pledge_update(
        actor=fp_bgd, pledge=rdl_pledge, data=as_helicopters(rdl_pledge, engineers)
    )
    request = pending(rdl_pledge)
    with pytest.raises(ValidationError):
        registry.change_request_reject(actor=secretariat, change_request=request, reason=" ")
    registry.change_request_reject(
        actor=secretariat, change_request=request, reason="A new AAV is needed first."
    )
    rdl_pledge.refresh_from_db()
    assert (rdl_pledge.personnel, rdl_pledge.readiness_level) == (850, "rdl")
    request.refresh_from_db()
    assert (request.status, request.reason) == (ChangeStatus.REJECTED, "A new AAV is needed first.")


def test_non_material_edits_of_a_verified_pledge_apply_at_once(rdl_pledge, fp_bgd):
    data = replace(registry.input_of(rdl_pledge), title="BANBAT-NEW", contact_phone="+880 1")
    registry.pledge_update(actor=fp_bgd, pledge=rdl_pledge, data=data)
    rdl_pledge.refresh_from_db()
    assert rdl_pledge.title == "BANBAT-NEW"
    assert registry.pending_change_request(rdl_pledge) is None


def test_a_level_one_pledge_changes_freely(pledge, fp_bgd, secretariat, engineers):
    move(fp_bgd, pledge, "submit", DAY)
    move(secretariat, pledge, "acknowledge", DAY)
    move(secretariat, pledge, "accept", DAY)
    registry.pledge_update(actor=fp_bgd, pledge=pledge, data=as_helicopters(pledge, engineers))
    pledge.refresh_from_db()
    assert pledge.personnel == 380
    assert not PledgeChangeRequest.objects.exists()


# --- Bad input: a clear message, nothing changed ------------------------------------------------


def test_two_change_requests_at_once_are_refused(rdl_pledge, fp_bgd, engineers):
    registry.pledge_update(
        actor=fp_bgd, pledge=rdl_pledge, data=as_helicopters(rdl_pledge, engineers)
    )
    before = snapshot(rdl_pledge)
    data = replace(registry.input_of(rdl_pledge), languages=["ar"])
    with pytest.raises(DomainError, match="already pending"):
        registry.pledge_update(actor=fp_bgd, pledge=rdl_pledge, data=data)
    assert snapshot(rdl_pledge) == before


def test_a_state_cannot_accept_or_reject_its_own_request(rdl_pledge, fp_bgd, engineers):
    registry.pledge_update(
        actor=fp_bgd, pledge=rdl_pledge, data=as_helicopters(rdl_pledge, engineers)
    )
    request = pending(rdl_pledge)
    before = snapshot(rdl_pledge)
    with pytest.raises(ladder.MoveNotPermitted, match="Only the Secretariat"):
        services.change_request_accept(actor=fp_bgd, change_request=request)
    with pytest.raises(DomainError, match="Only the Secretariat"):
        registry.change_request_reject(actor=fp_bgd, change_request=request, reason="no")
    assert snapshot(rdl_pledge) == before


def test_accepting_a_request_whose_pledge_moved_meanwhile_is_refused(
    rdl_pledge, fp_bgd, secretariat, engineers
):
    registry.pledge_update(
        actor=fp_bgd, pledge=rdl_pledge, data=as_helicopters(rdl_pledge, engineers)
    )
    request = pending(rdl_pledge)
    # The RDL verification expired meanwhile: the sweep dropped the pledge to Level 3.
    move(None, rdl_pledge, "verification_expired", DAY + dt.timedelta(days=800))
    before = snapshot(rdl_pledge)
    with pytest.raises(DomainError, match="moved since this change was requested"):
        services.change_request_accept(actor=secretariat, change_request=request)
    assert snapshot(rdl_pledge) == before


def test_a_change_request_on_a_withdrawn_pledge_is_refused(rdl_pledge, fp_bgd, engineers):
    services.readiness_withdraw(actor=fp_bgd, pledge=rdl_pledge, reason="Disbanded")
    before = snapshot(rdl_pledge)
    with pytest.raises(DomainError, match="withdrawn pledge cannot be edited"):
        registry.pledge_update(
            actor=fp_bgd, pledge=rdl_pledge, data=as_helicopters(rdl_pledge, engineers)
        )
    assert snapshot(rdl_pledge) == before


# --- API ---------------------------------------------------------------------------------------


def test_api_shows_the_pending_request_beside_the_verified_figures_and_accepts_it(
    api, rdl_pledge, fp_bgd, secretariat, engineers
):
    client = api(fp_bgd)
    response = client.patch(
        f"/api/v1/pledges/{rdl_pledge.pk}/",
        {
            "capability_type": engineers.code,
            "personnel": 380,
            "women": 0,
            "organization": [{"rank_band": "other_ranks", "men": 380, "women": 0}],
            "equipment": [],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["capability_type"], body["personnel"], body["readiness_level"]) == (
        "infantry-battalion",
        850,
        "rdl",
    )
    request = body["change_request"]
    assert request["status"] == "pending"
    assert {c["field"] for c in request["changes"]} >= {"capability_type", "personnel"}
    url = f"/api/v1/pledges/{rdl_pledge.pk}/change-requests/{request['id']}/accept/"
    assert client.post(url, {}).status_code == 403  # the State cannot accept its own
    accepted = api(secretariat).post(url, {})
    assert accepted.status_code == 200, accepted.content
    assert (accepted.json()["readiness_level"], accepted.json()["personnel"]) == ("1", 380)
    assert accepted.json()["change_request"] is None
    other = api(secretariat).post(
        f"/api/v1/pledges/{rdl_pledge.pk}/change-requests/999999/accept/", {}
    )
    assert other.status_code == 404


def test_pledge_pages_show_the_pending_request_and_the_secretariat_decides(
    client, rdl_pledge, fp_bgd, secretariat, engineers
):
    registry.pledge_update(
        actor=fp_bgd, pledge=rdl_pledge, data=as_helicopters(rdl_pledge, engineers)
    )
    request = pending(rdl_pledge)
    client.force_login(fp_bgd)
    page = client.get(f"/registry/pledges/{rdl_pledge.pk}/").content.decode()
    assert "Change pending the Secretariat" in page and "Attack helicopter unit" in page
    assert "Accept the change" not in page
    readiness = client.get(f"/readiness/pledges/{rdl_pledge.pk}/").content.decode()
    assert (
        "pending the Secretariat&#x27;s decision" in readiness
        or "pending the Secretariat's decision" in readiness
    )
    client.force_login(secretariat)
    page = client.get(f"/registry/pledges/{rdl_pledge.pk}/").content.decode()
    assert "Accept the change" in page
    client.post(
        f"/readiness/pledges/{rdl_pledge.pk}/changes/{request.pk}/",
        {"decision": "reject", "reason": "Needs a new AAV."},
    )
    client.force_login(fp_bgd)
    page = client.get(f"/registry/pledges/{rdl_pledge.pk}/").content.decode()
    assert "rejected" in page and "Needs a new AAV." in page
    assert Pledge.objects.get(pk=rdl_pledge.pk).readiness_level == "rdl"


def test_not_visible_is_one_404_with_one_text_in_pages_and_api(client, api, rdl_pledge, fp_kaz):
    from pcrs.core.errors import NOT_VISIBLE

    api_answer = api(fp_kaz).post(f"/api/v1/pledges/{rdl_pledge.pk}/submit/", {})
    assert (api_answer.status_code, api_answer.json()) == (404, {"detail": NOT_VISIBLE})
    client.force_login(fp_kaz)
    page = client.post(f"/readiness/pledges/{rdl_pledge.pk}/changes/1/", {"decision": "accept"})
    assert page.status_code == 404
    missing = api(fp_kaz).get("/api/v1/pledges/00000000-0000-0000-0000-000000000000/")
    assert missing.json() == api_answer.json()


# --- Individual evidence and dates -------------------------------------------------------------


def test_formed_police_units_aav_includes_the_aoc_and_individuals_have_no_domains(make_pledge):
    fpu = CapabilityType.objects.create(
        code="fpu", name="FPU", category="police_unit", typical_size=140, aav_domains=["general"]
    )
    ipo = CapabilityType.objects.create(
        code="ipo", name="IPO", category="individual_police", typical_size=1
    )
    assert ladder.applicable_domains(make_pledge(capability_type=fpu)) == ["general", "aoc"]
    officers = make_pledge(capability_type=ipo, kind="individual", personnel=3, women=1)
    assert ladder.applicable_domains(officers) == []
    assert ladder.level_2_purpose(officers) == "ams"


def test_evidence_cannot_be_dated_before_the_submission_nor_before_its_sur(
    pledge, fp_bgd, secretariat, generic_sur
):
    move(fp_bgd, pledge, "submit", DAY)
    move(secretariat, pledge, "acknowledge", DAY)
    move(secretariat, pledge, "accept", DAY)
    with pytest.raises(ValidationError) as error:
        record_aav(secretariat, pledge, end=DAY + dt.timedelta(days=2))
    assert "before the pledge was submitted" in error.value.message_dict["start_date"][0]
    record_aav(secretariat, pledge, end=DAY + dt.timedelta(days=5))
    move(secretariat, pledge, "grant_level_2", DAY + dt.timedelta(days=6))
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.sur_alignment_record(
            actor=secretariat,
            pledge=pledge,
            sur=generic_sur,
            agreed_on=generic_sur.issued_on - dt.timedelta(days=1),
            variations=[],
            today=DAY + dt.timedelta(days=7),
        )
    assert "before SUR-INF-2025 was issued" in error.value.message_dict["agreed_on"][0]
    assert AuditEvent.objects.count() == audits
