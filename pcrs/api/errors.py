"""One JSON error shape for the API: {"detail": ..., "errors": {field: [messages]}}.

Nothing a client sends may produce a 500: domain refusals, model validation, oversized or
malformed bodies all become 4xx answers naming the field where there is one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from pcrs.core.bounds import OUT_OF_RANGE
from pcrs.core.errors import ConcurrentChangeError, DomainError, NotVisible
from pcrs.core.outage import (
    DISK_FULL_MESSAGE,
    OUTAGE_MESSAGE,
    RETRY_AFTER_SECONDS,
    is_database_outage,
    is_disk_full,
)


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (field if field != "__all__" else "non_field_errors"): [str(m) for e in errs for m in e]
            for field, errs in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, NotVisible):
        return Response({"detail": exc.message}, status=status.HTTP_404_NOT_FOUND)
    if is_database_outage(exc):
        return Response(
            {"detail": OUTAGE_MESSAGE},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if is_disk_full(exc):
        return Response({"detail": DISK_FULL_MESSAGE}, status=status.HTTP_507_INSUFFICIENT_STORAGE)
    if isinstance(exc, ConcurrentChangeError):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": exc.message}
        if exc.field:
            body["errors"] = {exc.field: [exc.message]}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        errors = _django_errors(exc)
        return Response(
            {"detail": "Invalid input.", "errors": errors}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, (DataError, OverflowError)):
        # A value past what the database stores (a huge integer, an absurd date) that no
        # serializer caught: still the client's input, so a 400, never a 500.
        return Response({"detail": OUT_OF_RANGE}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": "Request body too large."},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == 400 and isinstance(response.data, dict):
        if "detail" not in response.data:
            response.data = {"detail": "Invalid input.", "errors": response.data}
    elif response is not None and isinstance(response.data, list):
        response.data = {"detail": "Invalid input.", "errors": {"non_field_errors": response.data}}
    return response
