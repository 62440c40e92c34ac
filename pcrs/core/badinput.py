"""Pages: a value the database cannot store (huge integer, absurd date) is a 400, not a 500.

Forms validate ranges themselves (pcrs.core.bounds); this is the net under them, so that no
input a user can send reaches the 500 page. The API has the same rule in pcrs/api/errors.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template import loader

from pcrs.core.bounds import OUT_OF_RANGE

logger = logging.getLogger("pcrs.badinput")


class OutOfRangeInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (DataError, OverflowError)):
            return None
        logger.warning("Out-of-range input on %s %s: %s", request.method, request.path, exception)
        body = loader.get_template("400.html").render({"message": OUT_OF_RANGE}, request)
        return HttpResponse(body, status=400)
