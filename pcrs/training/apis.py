"""Training API: /api/v1/training-centres/ (POST {id}/deliveries/ records a course delivery),
/api/v1/course-recognitions/ and /api/v1/pledge-trainings/ (a pledge's recognised training).

404 for what the caller may not see (same body as missing); 403 for a write the role may
not make; 400 naming the field.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from pcrs.api.base import acting_user
from pcrs.registry.selectors import access_pledge
from pcrs.training import selectors, services
from pcrs.training.models import Course, CourseRecognition, PledgeTraining, TrainingCentre
from pcrs.training.serializers import (
    CourseDeliverySerializer,
    CourseRecognitionSerializer,
    DeliveryInputSerializer,
    PledgeTrainingInputSerializer,
    PledgeTrainingSerializer,
    RecognitionInputSerializer,
    RecognitionRenewInputSerializer,
    TrainingCentreInputSerializer,
    TrainingCentreSerializer,
)


def _call(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except services.NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc


def _bad(field: str, message: str) -> Response:
    return Response(
        {"detail": "Invalid input.", "errors": {field: [message]}},
        status=status.HTTP_400_BAD_REQUEST,
    )


class TrainingCentreViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[TrainingCentre],
):
    """Training centres the caller may see, with their courses."""

    serializer_class = TrainingCentreSerializer

    def get_queryset(self) -> Any:
        return selectors.centres_visible_to(self.request.user).prefetch_related("courses")

    def get_object(self) -> TrainingCentre:
        return selectors.access_centre(user=self.request.user, centre_id=self.kwargs["pk"])

    @extend_schema(request=TrainingCentreInputSerializer, responses=TrainingCentreSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = TrainingCentreInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        centre = _call(services.centre_create, actor=acting_user(request), **form.validated_data)
        return Response(TrainingCentreSerializer(centre).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeliveryInputSerializer, responses={201: CourseDeliverySerializer})
    @action(detail=True, methods=["post"])
    def deliveries(self, request: Request, pk: str) -> Response:
        """Record a delivery of one of the centre's courses, with its trainees per State."""
        centre = self.get_object()
        form = DeliveryInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        course = Course.objects.filter(pk=data["course"], centre=centre).first()
        if course is None:
            return _bad("course", "No such course at this centre.")
        delivery = _call(
            services.delivery_record,
            actor=acting_user(request),
            course=course,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            trainees=[services.TraineeInput(**row) for row in data["trainees"]],
        )
        return Response(CourseDeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)


class CourseRecognitionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[CourseRecognition],
):
    """UN recognitions of courses at centres the caller may see; the Secretariat grants and
    renews them (POST, POST {id}/renew/)."""

    serializer_class = CourseRecognitionSerializer

    def get_queryset(self) -> Any:
        return selectors.recognitions_visible_to(self.request.user)

    def get_object(self) -> CourseRecognition:
        return selectors.access_recognition(
            user=self.request.user, recognition_id=self.kwargs["pk"]
        )

    @extend_schema(request=RecognitionInputSerializer, responses=CourseRecognitionSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = RecognitionInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        course = Course.objects.filter(
            pk=data["course"], centre__in=selectors.centres_visible_to(request.user)
        ).first()
        if course is None:
            return Response(
                {"detail": "Invalid input.", "errors": {"course": ["No such course."]}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        recognition = _call(
            services.recognition_grant,
            actor=acting_user(request),
            course=course,
            recognised_on=data["recognised_on"],
            reference=data["reference"],
        )
        return Response(
            CourseRecognitionSerializer(recognition).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=RecognitionRenewInputSerializer, responses=CourseRecognitionSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, pk: str) -> Response:
        recognition = self.get_object()
        form = RecognitionRenewInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        renewal = _call(
            services.recognition_renew,
            actor=acting_user(request),
            recognition=recognition,
            **form.validated_data,
        )
        return Response(CourseRecognitionSerializer(renewal).data, status=status.HTTP_201_CREATED)


class PledgeTrainingViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet[PledgeTraining]):
    """Record how many of a pledge's personnel completed a recognised delivered course (the
    Secretariat, or the pledging State). A pledge the caller may not see is the one 404."""

    serializer_class = PledgeTrainingSerializer

    def get_queryset(self) -> Any:
        return PledgeTraining.objects.none()

    @extend_schema(request=PledgeTrainingInputSerializer, responses=PledgeTrainingSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = PledgeTrainingInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        pledge = access_pledge(user=request.user, pledge_id=data["pledge"])
        delivery = selectors.deliveries_with_trainees_of(pledge).filter(pk=data["delivery"]).first()
        if delivery is None:
            return _bad("delivery", "No delivery with trainees of the pledging State.")
        record = _call(
            services.pledge_training_record,
            actor=acting_user(request),
            pledge=pledge,
            delivery=delivery,
            personnel=data["personnel"],
        )
        return Response(PledgeTrainingSerializer(record).data, status=status.HTTP_201_CREATED)
