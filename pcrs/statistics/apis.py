"""The aggregates endpoint: thin; the selector decides live or published (ADR 0050)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcrs.api.base import acting_user
from pcrs.statistics import selectors
from pcrs.statistics.serializers import AggregateCellSerializer
from pcrs.statistics.tables import GROUPINGS

AS_OF_HEADER = "X-Statistics-As-Of"


class PledgeAggregatesView(APIView):
    """Pledges counted by region, sub-region, level or status x capability type.

    The Secretariat gets live figures. Everyone else gets the latest publication: every cell,
    suppressed ones (null figures, `suppressed: true`) looking the same whether empty or not;
    the header X-Statistics-As-Of dates it ("live" for the Secretariat).
    """

    @extend_schema(
        parameters=[
            OpenApiParameter("group_by", str, enum=list(GROUPINGS), description="Default: region")
        ],
        responses={200: AggregateCellSerializer(many=True), 400: OpenApiResponse()},
    )
    def get(self, request: Request) -> Response:
        group_by = request.query_params.get("group_by", "region")
        if group_by not in GROUPINGS:
            raise serializers.ValidationError(
                {"group_by": [_("Choose one of: %(choices)s.") % {"choices": ", ".join(GROUPINGS)}]}
            )
        try:
            table = selectors.pledge_aggregates(user=acting_user(request), group_by=group_by)
        except Http404 as exc:
            raise NotFound() from exc
        response = Response(AggregateCellSerializer(table.cells, many=True).data)
        if table.live:
            response[AS_OF_HEADER] = "live"
        elif table.as_of is not None:
            response[AS_OF_HEADER] = table.as_of.isoformat()
        else:
            response[AS_OF_HEADER] = "unpublished"
        return response
