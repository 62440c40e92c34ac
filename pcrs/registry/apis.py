"""Registry API: the catalogue and pledges. Thin: selectors decide visibility, services write."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcrs.accounts.rights import Right
from pcrs.api.base import acting_user
from pcrs.core import freshness
from pcrs.registry import annex, selectors, services
from pcrs.registry.filters import PledgeFilter
from pcrs.registry.models import CapabilityType, Pledge
from pcrs.registry.serializers import (
    AnnotationSerializer,
    CapabilityTypeSerializer,
    HistoryEventSerializer,
    PledgeSerializer,
    PledgeWriteSerializer,
)


class CapabilityTypeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[CapabilityType],
):
    """The capability catalogue: everybody reads it, the Secretariat edits it."""

    serializer_class = CapabilityTypeSerializer
    lookup_field = "code"
    filterset_fields = ["category", "is_critical_enabler"]

    def get_queryset(self) -> Any:
        return selectors.capability_types(include_inactive=True)

    def perform_update(self, serializer: Any) -> None:
        if not acting_user(self.request).has_right(Right.CATALOGUE_EDIT):
            raise PermissionDenied(_("Only the Secretariat edits the capability catalogue."))
        serializer.instance = services.capability_type_update(
            actor=acting_user(self.request),
            capability_type=serializer.instance,
            changes=dict(serializer.validated_data),
        )


class PledgeViewSet(viewsets.GenericViewSet[Pledge]):
    """Pledges. A focal point sees and changes only its own State's; the Secretariat all.

    A pledge of another State answers 404, exactly like one that does not exist.
    """

    serializer_class = PledgeSerializer
    filterset_class = PledgeFilter
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> Any:
        return selectors.with_pending_change_requests(
            selectors.pledges_visible_to(acting_user(self.request))
        ).prefetch_related(
            "organization",
            "equipment",
            "caveat_missions",
            "partners__member_state",
            "partners__regional_organization",
        )

    def get_object(self) -> Pledge:
        return selectors.access_pledge(user=acting_user(self.request), pledge_id=self.kwargs["pk"])

    def _require_pledge_reader(self) -> None:
        user = acting_user(self.request)
        if not (user.has_right(Right.PLEDGE_VIEW_ALL) or user.has_right(Right.PLEDGE_VIEW_OWN)):
            raise PermissionDenied(_("Your role sees pledge aggregates only."))

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Free-text search")],
        responses=PledgeSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        self._require_pledge_reader()
        queryset = self.filter_queryset(self.get_queryset())
        query = request.query_params.get("q", "")
        if query:
            # A subquery, not `&`: the search may be distinct() and the filtered list not.
            found = selectors.pledge_search(user=acting_user(request), query=query[:200])
            queryset = queryset.filter(pk__in=found.values("pk"))

        def data() -> Any:
            page = self.paginate_queryset(queryset)
            return self.get_paginated_response(PledgeSerializer(page, many=True).data).data

        # Serialising a page of pledges is most of the call: once per data version and query
        # for this token or session (core/freshness, ADR 0065).
        return Response(
            freshness.cached(request, "api-pledges", data, vary=(request.build_absolute_uri(),))
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(PledgeSerializer(self.get_object()).data)

    @extend_schema(request=PledgeWriteSerializer, responses={201: PledgeSerializer})
    def create(self, request: Request) -> Response:
        user = acting_user(request)
        if not (user.has_right(Right.PLEDGE_EDIT_OWN) or user.has_right(Right.PLEDGE_EDIT_ALL)):
            raise PermissionDenied(_("Your role cannot make pledges."))
        form = PledgeWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # The service answers a focal point naming another State, as the page does.
        state = form.validated_data.get("member_state")
        pledge = services.pledge_create(
            actor=user,
            data=form.to_input(),
            member_state=state,
        )
        return Response(PledgeSerializer(pledge).data, status=status.HTTP_201_CREATED)

    def _update(self, request: Request, *, partial: bool) -> Response:
        pledge = self.get_object()
        sent = request.data
        if not isinstance(sent, dict):
            raise serializers.ValidationError(
                {"non_field_errors": ["Send a JSON object with the pledge's fields."]}
            )
        if "member_state" in sent:
            raise serializers.ValidationError(
                {"member_state": ["A pledge cannot move to another State."]}
            )
        payload: dict[str, Any] = dict(sent)
        if partial:
            payload = {**PledgeWriteSerializer(_as_input_dict(pledge)).data, **payload}
        form = PledgeWriteSerializer(data=payload)
        form.is_valid(raise_exception=True)
        pledge = services.pledge_update(
            actor=acting_user(request),
            pledge=pledge,
            data=form.to_input(),
            expected_version=form.validated_data.get("version"),
        )
        return Response(PledgeSerializer(pledge).data)

    @extend_schema(request=PledgeWriteSerializer, responses=PledgeSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self._update(request, partial=False)

    @extend_schema(request=PledgeWriteSerializer, responses=PledgeSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        return self._update(request, partial=True)

    @extend_schema(responses=HistoryEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        pledge = self.get_object()
        events = selectors.pledge_history_for(user=acting_user(request), pledge=pledge)
        return Response(HistoryEventSerializer(events, many=True).data)

    @extend_schema(methods=["get"], responses=AnnotationSerializer(many=True), request=None)
    @extend_schema(methods=["post"], request=AnnotationSerializer, responses=AnnotationSerializer)
    @action(detail=True, methods=["get", "post"])
    def annotations(self, request: Request, pk: str) -> Response:
        pledge = self.get_object()
        if request.method == "POST":
            if not acting_user(request).has_right(Right.PLEDGE_ANNOTATE):
                raise PermissionDenied(_("Only the Secretariat annotates pledges."))
            form = AnnotationSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            note = services.pledge_annotate(
                actor=acting_user(request),
                pledge=pledge,
                text=form.validated_data["text"],
                shared_with_state=form.validated_data.get("shared_with_state", False),
            )
            return Response(AnnotationSerializer(note).data, status=status.HTTP_201_CREATED)
        notes = selectors.pledge_annotations_for(user=acting_user(request), pledge=pledge)
        return Response(AnnotationSerializer(notes, many=True).data)


def _as_input_dict(pledge: Pledge) -> dict[str, Any]:
    """A pledge's current content in the write serializer's shape (for partial updates)."""
    data = services.input_of(pledge)
    values = {name: getattr(data, name) for name in services.PLEDGE_FIELDS}
    values["organization"] = [vars(line) for line in data.organization]
    values["equipment"] = [vars(line) for line in data.equipment]
    return values


# ---------------------------------------------------------------- the annex workbook


class AnnexTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The workbook is over the size limit.")


class XlsxParser(BaseParser):
    """The raw .xlsx body of a PUT, read up to the size limit and no further."""

    media_type = annex.CONTENT_TYPE

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = annex.max_upload_bytes()
        content = stream.read(limit + 1) if stream is not None else b""
        if len(content) > limit:
            raise AnnexTooLarge(str(annex.too_large_problem(len(content))))
        return content


class XlsxRenderer(BaseRenderer):
    """Lets a client ask for the workbook by its type; errors are still sent as JSON."""

    media_type = annex.CONTENT_TYPE
    format = "xlsx"
    charset = None

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data)


ANNEX_PROBLEMS = inline_serializer(
    "AnnexProblems",
    fields={
        "detail": serializers.CharField(),
        "problems": serializers.ListField(child=serializers.DictField()),
    },
)
NOT_FOUND = OpenApiResponse(description="No pledge you may see has this id (the one 404).")


class PledgeAnnexView(APIView):
    """The pledge's annex workbook: GET downloads it, PUT uploads a filled one.

    PUT takes the .xlsx bytes as the body (Content-Type: the xlsx type), or a multipart form
    with the file in `file`. The upload goes through the same service as the form (change
    control included) and is all-or-nothing: a 400 lists every problem by sheet, row, column.
    """

    parser_classes = [XlsxParser, MultiPartParser]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        operation_id="pledges_annex_retrieve",
        responses={
            (200, annex.CONTENT_TYPE): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="The annex workbook (.xlsx)"
            ),
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, pk: str) -> HttpResponse:
        pledge = selectors.access_pledge(user=acting_user(request), pledge_id=pk)
        response = HttpResponse(annex.build_workbook(pledge), content_type=annex.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{annex.filename(pledge)}"'
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        operation_id="pledges_annex_update",
        request={
            annex.CONTENT_TYPE: OpenApiTypes.BINARY,
            "multipart/form-data": inline_serializer(
                "AnnexUpload", fields={"file": serializers.FileField()}
            ),
        },
        responses={
            200: PledgeSerializer,
            400: ANNEX_PROBLEMS,
            403: OpenApiResponse(description="Your role cannot change pledges."),
            404: NOT_FOUND,
            409: OpenApiResponse(description="The pledge changed since the download."),
            413: OpenApiResponse(description="The file is over the size limit."),
            415: OpenApiResponse(description="Not an .xlsx body or a multipart form."),
        },
    )
    def put(self, request: Request, pk: str) -> Response:
        user = acting_user(request)
        pledge = selectors.access_pledge(user=user, pledge_id=pk)
        if not (user.has_right(Right.PLEDGE_EDIT_OWN) or user.has_right(Right.PLEDGE_EDIT_ALL)):
            raise PermissionDenied(_("Your role cannot change pledges."))
        # Refused before a byte of the body is read: the declared length is over the limit.
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > annex.max_upload_bytes() + MULTIPART_SLACK:
            raise AnnexTooLarge(str(annex.too_large_problem(int(declared))))
        content = request.data
        if not isinstance(content, bytes):
            upload = content.get("file") if hasattr(content, "get") else None
            if upload is None or not hasattr(upload, "read"):
                raise serializers.ValidationError(
                    {"file": [_("Send the workbook as the body or as the multipart field `file`.")]}
                )
            if upload.size > annex.max_upload_bytes():
                raise AnnexTooLarge(str(annex.too_large_problem(upload.size)))
            content = upload.read()
        try:
            pledge = annex.annex_apply(actor=user, pledge=pledge, content=content)
        except annex.AnnexInvalid as exc:
            return Response(
                {
                    "detail": _("The workbook was refused; nothing was changed."),
                    "problems": [p.as_dict() for p in exc.problems],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(PledgeSerializer(pledge).data)


# A multipart body carries its boundaries and headers around the file.
MULTIPART_SLACK = 64 * 1024
