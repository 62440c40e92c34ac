import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from pcrs.core.audit import audit_history
from pcrs.core.errors import ConcurrentChangeError, DomainError
from pcrs.core.models import AuditEvent, AuditImmutableError
from pcrs.registry.models import Pledge, PledgeStatus
from pcrs.registry.services import (
    EquipmentLine,
    OrganizationLine,
    PledgeInput,
    pledge_annotate,
    pledge_create,
    pledge_update,
)


def battalion(infantry, **overrides):
    values = {
        "capability_type": infantry,
        "title": "BANBAT-3",
        "personnel": 850,
        "women": 50,
        "available_from": timezone.localdate() + dt.timedelta(days=90),
        "languages": ["en", "bn"],
        "organization": [
            OrganizationLine("officers", 60, 10),
            OrganizationLine("ncos", 200, 15),
            OrganizationLine("other_ranks", 540, 25),
        ],
        "equipment": [EquipmentLine("Armoured personnel carrier (wheeled)", 30, "wet")],
        "self_sustainment": ["catering", "medical"],
    }
    values.update(overrides)
    return PledgeInput(**values)


def test_focal_point_creates_a_draft_for_its_own_state(fp_bgd, infantry):
    pledge = pledge_create(actor=fp_bgd, data=battalion(infantry))

    assert pledge.member_state.iso3 == "BGD"
    assert pledge.status == PledgeStatus.DRAFT
    assert pledge.organization.count() == 3
    assert pledge.equipment.get().quantity == 30
    event = audit_history(pledge).get()
    assert event.action == "pledge.create"
    assert event.actor == fp_bgd
    assert {"field": "personnel", "old": None, "new": 850} in event.changes


def test_focal_point_naming_another_state_is_refused_as_by_the_api(fp_bgd, infantry, make_state):
    kaz = make_state("KAZ")
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        pledge_create(actor=fp_bgd, data=battalion(infantry), member_state=kaz)
    assert error.value.message_dict == {"member_state": ["You can pledge only for your own State."]}
    assert (Pledge.objects.count(), AuditEvent.objects.count()) == (0, audits)


def test_secretariat_must_name_the_state(secretariat, infantry):
    with pytest.raises(ValidationError) as error:
        pledge_create(actor=secretariat, data=battalion(infantry))
    assert "member_state" in error.value.message_dict


def test_observer_cannot_pledge(observer, infantry):
    with pytest.raises(DomainError):
        pledge_create(actor=observer, data=battalion(infantry))
    assert Pledge.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"women": 900}, "women", "cannot exceed personnel"),
        ({"personnel": 0, "organization": []}, "personnel", "at least 1"),
        ({"personnel": 20000, "women": 0, "organization": []}, "personnel", "far above"),
        ({"available_from": dt.date(2020, 1, 1)}, "available_from", "past"),
        ({"languages": ["xx"]}, "languages", "Unknown language"),
        ({"self_sustainment": ["spa"]}, "self_sustainment", "Unknown value"),
        ({"organization": [OrganizationLine("officers", 10, 0)]}, "organization", "adds up"),
        ({"equipment": [EquipmentLine("Truck", 0)]}, "equipment", "at least 1"),
        ({"caveat_regions": ["Atlantis"]}, "caveat_regions", "Unknown region"),
    ],
)
def test_bad_pledge_content_names_the_field_and_saves_nothing(
    fp_bgd, infantry, overrides, field, fragment
):
    with pytest.raises(ValidationError) as error:
        pledge_create(actor=fp_bgd, data=battalion(infantry, **overrides))

    assert field in error.value.message_dict
    assert any(fragment in message for message in error.value.message_dict[field])
    assert Pledge.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_individual_pledge_takes_ranks_and_no_organization(fp_kaz, staff_officer):
    data = PledgeInput(
        capability_type=staff_officer,
        personnel=12,
        women=4,
        ranks=["Major", "Lieutenant Colonel"],
        languages=["en", "ru", "kk"],
        available_from=timezone.localdate() + dt.timedelta(days=30),
    )
    pledge = pledge_create(actor=fp_kaz, data=data)
    assert pledge.kind == "individual"
    assert pledge.ranks == ["Major", "Lieutenant Colonel"]

    with pytest.raises(ValidationError) as error:
        pledge_create(
            actor=fp_kaz,
            data=PledgeInput(
                capability_type=staff_officer,
                personnel=2,
                available_from=data.available_from,
                organization=[OrganizationLine("officers", 2, 0)],
            ),
        )
    assert "organization" in error.value.message_dict


def test_update_records_old_and_new_values(fp_bgd, infantry):
    pledge = pledge_create(actor=fp_bgd, data=battalion(infantry))
    pledge_update(
        actor=fp_bgd,
        pledge=pledge,
        data=battalion(infantry, notice_to_move_days=45),
        expected_version=pledge.version,
    )

    event = audit_history(pledge).filter(action="pledge.update").get()
    assert event.changes == [{"field": "notice_to_move_days", "old": 90, "new": 45}]
    pledge.refresh_from_db()
    assert pledge.version == 2


def test_update_of_equipment_is_audited(fp_bgd, infantry):
    pledge = pledge_create(actor=fp_bgd, data=battalion(infantry))
    pledge_update(
        actor=fp_bgd,
        pledge=pledge,
        data=battalion(infantry, equipment=[EquipmentLine("Water purification unit", 2, "dry")]),
    )
    event = audit_history(pledge).filter(action="pledge.update").get()
    assert event.changes == [
        {
            "field": "equipment",
            "old": ["30 x Armoured personnel carrier (wheeled) (wet)"],
            "new": ["2 x Water purification unit (dry)"],
        }
    ]


def test_stale_edit_is_refused_and_changes_nothing(fp_bgd, infantry):
    pledge = pledge_create(actor=fp_bgd, data=battalion(infantry))
    pledge_update(actor=fp_bgd, pledge=pledge, data=battalion(infantry, title="First"))

    with pytest.raises(ConcurrentChangeError):
        pledge_update(
            actor=fp_bgd,
            pledge=pledge,
            data=battalion(infantry, title="Second"),
            expected_version=1,
        )
    pledge.refresh_from_db()
    assert pledge.title == "First"


def test_other_states_focal_point_cannot_touch_a_pledge(fp_bgd, fp_kaz, infantry):
    pledge = pledge_create(actor=fp_bgd, data=battalion(infantry))
    with pytest.raises(Http404):
        pledge_update(actor=fp_kaz, pledge=pledge, data=battalion(infantry, title="Hijacked"))
    pledge.refresh_from_db()
    assert (pledge.title, pledge.status) == ("BANBAT-3", PledgeStatus.DRAFT)


def test_audit_trail_cannot_be_edited_or_deleted(fp_bgd, infantry):
    pledge = pledge_create(actor=fp_bgd, data=battalion(infantry))
    event = audit_history(pledge).get()
    event.note = "rewritten"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.update(note="x")
    assert AuditEvent.objects.get().note == ""


def test_annotation_is_secretariat_only(fp_bgd, secretariat, infantry):
    pledge = pledge_create(actor=fp_bgd, data=battalion(infantry))
    with pytest.raises(Http404):
        pledge_annotate(actor=fp_bgd, pledge=pledge, text="self-praise")
    note = pledge_annotate(actor=secretariat, pledge=pledge, text="Strong AAV candidate")
    assert note.author == secretariat
    assert pledge.annotations.count() == 1


def test_past_availability_is_accepted_only_when_re_registering(fp_bgd, infantry):
    past = timezone.localdate() - dt.timedelta(days=200)
    with pytest.raises(ValidationError):
        pledge_create(actor=fp_bgd, data=battalion(infantry, available_from=past))
    pledge = pledge_create(
        actor=fp_bgd,
        data=battalion(infantry, available_from=past),
        require_future_availability=False,
    )
    assert pledge.available_from == past


def test_pledge_fields_are_defined_once_and_every_shape_follows(db):
    """PledgeInput is the one list; the API's write and read shapes, the form and the audit
    trail all cover it, so a new field added there cannot be forgotten elsewhere."""
    from pcrs.registry.forms import PledgeForm
    from pcrs.registry.serializers import PledgeSerializer, PledgeWriteSerializer
    from pcrs.registry.services import AUDITED_FIELDS, CHILD_FIELDS, PLEDGE_FIELDS

    assert set(PLEDGE_FIELDS) <= set(PledgeWriteSerializer().fields)
    assert set(PLEDGE_FIELDS) <= set(PledgeSerializer.Meta.fields)
    assert set(PLEDGE_FIELDS) - set(CHILD_FIELDS) <= set(AUDITED_FIELDS)
    form_fields = set(PledgeForm().fields) | {"organization", "equipment"}
    assert set(PLEDGE_FIELDS) <= form_fields
