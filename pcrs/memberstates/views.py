"""Member State pages: reference data for every logged-in user (no pledge data here)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from pcrs.core import exports as core_exports
from pcrs.memberstates import exports
from pcrs.memberstates.reference import language_name
from pcrs.memberstates.selectors import (
    member_state_get,
    member_state_list,
    regional_organization_list,
)


def state_list(request: HttpRequest) -> HttpResponseBase:
    filterset = member_state_list(filters=request.GET)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        # A prefetch (the organizations) needs a chunk size with iterator().
        return core_exports.export_response(
            columns=exports.STATE_COLUMNS,
            rows=filterset.qs.iterator(chunk_size=core_exports.CHUNK_SIZE),
            name="member-states",
            fmt=fmt,
        )
    return render(
        request,
        "memberstates/state_list.html",
        {"filter": filterset, "states": filterset.qs, "filtered": bool(request.GET)},
    )


def state_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    state = member_state_get(iso3=iso3)
    languages = {
        "official": [(code, language_name(code)) for code in state.official_languages],
        "working": [(code, language_name(code)) for code in state.working_languages],
    }
    return render(
        request,
        "memberstates/state_detail.html",
        {"state": state, "languages": languages, "organizations": state.organizations.all()},
    )


def organization_list(request: HttpRequest) -> HttpResponseBase:
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.ORGANIZATION_COLUMNS,
            rows=regional_organization_list().iterator(chunk_size=core_exports.CHUNK_SIZE),
            name="regional-organizations",
            fmt=fmt,
        )
    return render(
        request,
        "memberstates/organization_list.html",
        {"organizations": regional_organization_list()},
    )
