from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pcrs.memberstates.models import MemberState
from pcrs.training.models import (
    CentreStatus,
    Course,
    CourseDelivery,
    CourseRecognition,
    DeliveryTrainees,
    PledgeTraining,
    TrainingCentre,
)


class CourseSerializer(serializers.ModelSerializer[Course]):
    class Meta:
        model = Course
        fields = ["id", "title", "kind", "is_pre_deployment"]
        read_only_fields = fields


class TrainingCentreSerializer(serializers.ModelSerializer[TrainingCentre]):
    member_state = serializers.CharField(source="member_state.iso3", read_only=True)
    courses = CourseSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingCentre
        fields = [
            "id",
            "member_state",
            "name",
            "acronym",
            "status",
            "established_on",
            "is_synthetic",
            "courses",
        ]
        read_only_fields = fields


class TrainingCentreInputSerializer(serializers.Serializer[Any]):
    member_state = serializers.SlugRelatedField(
        slug_field="iso3", queryset=MemberState.objects.all()
    )
    name = serializers.CharField(max_length=200)
    acronym = serializers.CharField(max_length=32)
    established_on = serializers.DateField()
    status = serializers.ChoiceField(choices=CentreStatus.choices, default=CentreStatus.NATIONAL)


class CourseRecognitionSerializer(serializers.ModelSerializer[CourseRecognition]):
    centre = serializers.CharField(source="course.centre.acronym", read_only=True)
    course_title = serializers.CharField(source="course.title", read_only=True)

    class Meta:
        model = CourseRecognition
        fields = [
            "id",
            "centre",
            "course",
            "course_title",
            "recognised_on",
            "valid_until",
            "status",
            "reference",
            "reminder_sent_on",
            "renews",
        ]
        read_only_fields = fields


class RecognitionInputSerializer(serializers.Serializer[Any]):
    course = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    recognised_on = serializers.DateField()
    reference = serializers.CharField(max_length=120, required=False, default="")


class RecognitionRenewInputSerializer(serializers.Serializer[Any]):
    recognised_on = serializers.DateField()
    reference = serializers.CharField(max_length=120, required=False, default="")


class TraineeSerializer(serializers.ModelSerializer[DeliveryTrainees]):
    member_state = serializers.CharField(source="member_state.iso3", read_only=True)

    class Meta:
        model = DeliveryTrainees
        fields = ["member_state", "men", "women"]
        read_only_fields = fields


class CourseDeliverySerializer(serializers.ModelSerializer[CourseDelivery]):
    trainees = TraineeSerializer(many=True, read_only=True)

    class Meta:
        model = CourseDelivery
        fields = ["id", "course", "starts_on", "ends_on", "trainees"]
        read_only_fields = fields


class TraineeInputSerializer(serializers.Serializer[Any]):
    member_state = serializers.SlugRelatedField(
        slug_field="iso3", queryset=MemberState.objects.all()
    )
    men = serializers.IntegerField(min_value=0, max_value=5000)
    women = serializers.IntegerField(min_value=0, max_value=5000)


class DeliveryInputSerializer(serializers.Serializer[Any]):
    """Trainees from States other than the centre's are its regional participants."""

    course = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    trainees = TraineeInputSerializer(many=True, max_length=200)  # type: ignore[call-arg]


class PledgeTrainingSerializer(serializers.ModelSerializer[PledgeTraining]):
    class Meta:
        model = PledgeTraining
        fields = ["id", "pledge", "delivery", "personnel"]
        read_only_fields = fields


class PledgeTrainingInputSerializer(serializers.Serializer[Any]):
    pledge = serializers.CharField(max_length=64)
    delivery = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    personnel = serializers.IntegerField(min_value=1, max_value=100_000)
