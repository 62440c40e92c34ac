"""Page-number pagination whose parameters are validated and stated in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from pcrs.core.bounds import INT32_MAX, bounded_int
from pcrs.core.errors import DomainError


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        return _checked(raw, self.page_size_query_param, 1, self.max_page_size)

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        raw = request.query_params.get(self.page_query_param)
        if raw in (None, "") or raw in self.last_page_strings:
            return super().get_page_number(request, paginator)
        return _checked(raw, self.page_query_param, 1, INT32_MAX)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": INT32_MAX}
        return parameters


def _checked(raw: str, name: str, minimum: int, maximum: int) -> int:
    try:
        return bounded_int(raw, field=name, minimum=minimum, maximum=maximum)
    except DomainError as error:
        raise ValidationError({name: [error.message]}) from None
