"""API representations; writes go through services. One field list per entity."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pcrs.partnerships.models import (
    CommitmentArea,
    Offer,
    OfferKind,
    Partnership,
    SupportType,
    TppCourse,
    TppProject,
    TppTrainees,
)
from pcrs.partnerships.needs import Need


def need_data(need: Need) -> dict[str, Any]:
    return {
        "key": need.key,
        "member_state": need.state_iso3,
        "pledge": str(need.pledge.pk) if need.pledge else None,
        "support_type": need.support_type,
        "source": need.source,
        "summary": need.summary,
        "blocks": need.blocks,
        "item": need.item,
        "quantity": need.quantity,
        "needed_by": need.needed_by.isoformat() if need.needed_by else None,
    }


class OfferSerializer(serializers.ModelSerializer[Offer]):
    provider = serializers.CharField(source="provider_label", read_only=True)
    recipient_state = serializers.CharField(
        source="recipient_state.iso3", default=None, read_only=True
    )
    enabler_capability = serializers.CharField(
        source="enabler_capability.code", default=None, read_only=True
    )

    class Meta:
        model = Offer
        fields = [
            "id",
            "provider",
            "recipient_state",
            "kind",
            "support_type",
            "title",
            "description",
            "items",
            "lease",
            "lease_months",
            "course",
            "capacity",
            "place",
            "language",
            "enabler_capability",
            "enabler_personnel",
            "amount_usd",
            "commitment_area",
            "available_from",
            "available_until",
            "announced_at",
            "announced_on",
            "status",
            "is_synthetic",
            "created_at",
        ]
        read_only_fields = fields


class OfferItemSerializer(serializers.Serializer[Any]):
    item = serializers.CharField(max_length=120)
    quantity = serializers.IntegerField()


class OfferInputSerializer(serializers.Serializer[Any]):
    provider_state = serializers.CharField(
        max_length=3, required=False, allow_blank=True, default=""
    )
    provider_organization = serializers.CharField(
        max_length=16, required=False, allow_blank=True, default=""
    )
    recipient_state = serializers.CharField(
        max_length=3, required=False, allow_blank=True, default=""
    )
    kind = serializers.ChoiceField(choices=OfferKind.choices)
    support_type = serializers.ChoiceField(choices=SupportType.choices)
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=4000
    )
    items = OfferItemSerializer(many=True, required=False, default=list)
    lease = serializers.CharField(required=False, allow_blank=True, default="", max_length=3)
    lease_months = serializers.IntegerField(required=False, allow_null=True, default=None)
    course = serializers.CharField(required=False, allow_blank=True, default="", max_length=160)
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None)
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    language = serializers.CharField(required=False, allow_blank=True, default="", max_length=8)
    enabler_capability = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=40
    )
    enabler_personnel = serializers.IntegerField(required=False, allow_null=True, default=None)
    amount_usd = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    commitment_area = serializers.ChoiceField(
        choices=[("", "-"), *CommitmentArea.choices], required=False, default=""
    )
    available_from = serializers.DateField()
    available_until = serializers.DateField(required=False, allow_null=True, default=None)
    announced_at = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=160
    )
    announced_on = serializers.DateField(required=False, allow_null=True, default=None)


class PartnershipNeedInputSerializer(serializers.Serializer[Any]):
    member_state = serializers.CharField(max_length=3, required=False, default="")
    support_type = serializers.ChoiceField(choices=SupportType.choices)
    description = serializers.CharField(max_length=300)
    needed_by = serializers.DateField(required=False, allow_null=True, default=None)


class PartnershipSerializer(serializers.ModelSerializer[Partnership]):
    provider = serializers.CharField(source="provider_label", read_only=True)
    recipient_state = serializers.CharField(source="recipient_state.iso3", read_only=True)
    offer = serializers.UUIDField(source="offer_id", read_only=True)
    pledge = serializers.UUIDField(source="pledge_id", read_only=True, allow_null=True)

    class Meta:
        model = Partnership
        fields = [
            "id",
            "offer",
            "provider",
            "recipient_state",
            "pledge",
            "support_type",
            "need_summary",
            "provider_brings",
            "recipient_brings",
            "start_on",
            "end_on",
            "status",
            "provider_accepted_on",
            "recipient_accepted_on",
            "level_at_agreement",
            "outcome",
            "is_synthetic",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PartnershipProposeInputSerializer(serializers.Serializer[Any]):
    need = serializers.CharField(max_length=200)
    offer = serializers.UUIDField()
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    provider_brings = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    recipient_brings = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )


class PartnershipAcceptInputSerializer(serializers.Serializer[Any]):
    party = serializers.ChoiceField(choices=[("provider", "provider"), ("recipient", "recipient")])
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class PartnershipMoveInputSerializer(serializers.Serializer[Any]):
    move = serializers.CharField(max_length=32)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    ladder_move = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class TppTraineesSerializer(serializers.ModelSerializer[TppTrainees]):
    member_state = serializers.CharField(source="member_state.iso3", read_only=True)
    pledge = serializers.UUIDField(source="pledge_id", read_only=True, allow_null=True)

    class Meta:
        model = TppTrainees
        fields = ["member_state", "men", "women", "pledge"]
        read_only_fields = fields


def course_data(course: TppCourse, trainees: Any) -> dict[str, Any]:
    return {
        "id": str(course.pk),
        "project": course.project,
        "title": course.title,
        "start_on": course.start_on.isoformat(),
        "end_on": course.end_on.isoformat(),
        "place": course.place,
        "host_state": course.host_state.iso3 if course.host_state else None,
        "language": course.language,
        "funding_states": [s.iso3 for s in course.funding_states.all()],
        "trainer_states": [s.iso3 for s in course.trainer_states.all()],
        "trainees": TppTraineesSerializer(trainees, many=True).data,
    }


class TppTraineesInputSerializer(serializers.Serializer[Any]):
    member_state = serializers.CharField(max_length=3)
    men = serializers.IntegerField(min_value=0, max_value=500, default=0)
    women = serializers.IntegerField(min_value=0, max_value=500, default=0)
    pledge = serializers.UUIDField(required=False, allow_null=True, default=None)


class TppCourseInputSerializer(serializers.Serializer[Any]):
    project = serializers.ChoiceField(choices=TppProject.choices)
    title = serializers.CharField(max_length=160)
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    place = serializers.CharField(max_length=120)
    host_state = serializers.CharField(max_length=3, required=False, allow_blank=True, default="")
    language = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")
    funding_states = serializers.ListField(
        child=serializers.CharField(max_length=3), required=False, default=list, max_length=50
    )
    trainer_states = serializers.ListField(
        child=serializers.CharField(max_length=3), required=False, default=list, max_length=50
    )
    trainees = TppTraineesInputSerializer(many=True, required=False, default=list)


class JointShareInputSerializer(serializers.Serializer[Any]):
    member_state = serializers.CharField(max_length=3, required=False, allow_blank=True, default="")
    regional_organization = serializers.CharField(
        max_length=16, required=False, allow_blank=True, default=""
    )
    personnel = serializers.IntegerField(min_value=0, max_value=5000)
    women = serializers.IntegerField(min_value=0, max_value=5000, default=0)
    equipment = OfferItemSerializer(many=True, required=False, default=list)
    contribution = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class JointPledgeInputSerializer(serializers.Serializer[Any]):
    partners = JointShareInputSerializer(many=True)
