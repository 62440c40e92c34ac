"""The database is away (restarting, unreachable, a writer held the lock too long): a clean 503.
The disk is full (an upload's temporary file, ENOSPC): a clean 507. Never a 500 page.

Pages get templates/503.html, the API gets {"detail": ...} with status 503 and Retry-After.
Nothing is cached about the failed connection: Django discards an unusable connection when the
request ends and the pool checks each connection before handing it out, so the next request
after the database is back is served as usual, without restarting the application.
"""

from __future__ import annotations

import errno
import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template import loader
from django.utils.translation import gettext, gettext_noop
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("pcrs.outage")

# Plain English here (the API and tests compare them); each answer translates them.
OUTAGE_MESSAGE = gettext_noop(
    "The database is unavailable for a moment; nothing was changed. Try again shortly."
)
RETRY_AFTER_SECONDS = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)


DISK_FULL_MESSAGE = gettext_noop(
    "The server has no disk space left to receive this; nothing was changed. "
    "Try again later, and tell the PCRS administrators."
)


def is_database_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_ERRORS)


def is_disk_full(exc: BaseException | None) -> bool:
    """ENOSPC (or a quota) while writing an upload's temporary file or any other file."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def disk_full_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext(DISK_FULL_MESSAGE)}, status=507)
    body = loader.get_template("503.html").render(
        {"message": gettext(DISK_FULL_MESSAGE), "title": gettext("No space left")}
    )
    return HttpResponse(body, status=507)


def outage_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer; rendered without the request's context (that would query the database)."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": gettext(OUTAGE_MESSAGE)}, status=503)
    else:
        response = HttpResponse(
            loader.get_template("503.html").render({"message": gettext(OUTAGE_MESSAGE)}),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseOutageMiddleware:
    """Turns a database error raised by a view into the 503 answer (and logs it once)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_disk_full(exception):
            logger.error("Disk full on %s %s: %s", request.method, request.path, exception)
            return disk_full_response(request)
        if not is_database_outage(exception):
            return None
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exception)
        return outage_response(request)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a database error raised outside a view (session, login middleware) is a 503."""
    if is_database_outage(sys.exc_info()[1]):
        return outage_response(request)
    if is_disk_full(sys.exc_info()[1]):
        return disk_full_response(request)
    return django_server_error(request, template_name)
