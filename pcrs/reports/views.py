"""Report pages and their PDFs: thin; the selectors build the documents, the permissions
say who opens which."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pcrs.reports import permissions, selectors
from pcrs.reports.pdf import pdf_response


def _paper_context(request: HttpRequest) -> dict[str, Any]:
    if not permissions.may_open_paper(request.user):
        raise PermissionDenied(_("Your role has no access to the requirements paper."))
    return {
        "paper": selectors.requirements_paper(today=timezone.localdate()),
        "title": selectors.TITLE_PAPER,
    }


def _briefing_context(request: HttpRequest) -> dict[str, Any]:
    if not permissions.may_open_briefing(request.user):
        raise PermissionDenied(_("Your role has no access to the briefing pack."))
    pack = selectors.briefing_pack(
        user=request.user,
        today=timezone.localdate(),
        with_annex=request.GET.get("annex") == "secretariat",
    )
    return {
        "pack": pack,
        "title": selectors.TITLE_BRIEFING,
        "may_add_annex": selectors.sees_secretariat_annex(request.user),
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    paper = permissions.may_open_paper(request.user)
    briefing = permissions.may_open_briefing(request.user)
    if not (paper or briefing):
        raise PermissionDenied(_("Your role has no access to the reports."))
    return render(
        request,
        "reports/index.html",
        {
            "may_open_paper": paper,
            "may_open_briefing": briefing,
            "may_add_annex": selectors.sees_secretariat_annex(request.user),
            "title_paper": selectors.TITLE_PAPER,
            "title_briefing": selectors.TITLE_BRIEFING,
        },
    )


@require_GET
def requirements(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/requirements.html", _paper_context(request))


@require_GET
def requirements_pdf(request: HttpRequest) -> HttpResponse:
    context = _paper_context(request)
    return pdf_response(
        request,
        "reports/requirements_pdf.html",
        context,
        filename=f"requirements-{context['paper'].generated_on:%Y-%m-%d}.pdf",
    )


@require_GET
def briefing(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/briefing.html", _briefing_context(request))


@require_GET
def briefing_pdf(request: HttpRequest) -> HttpResponse:
    context = _briefing_context(request)
    suffix = "-secretariat" if context["pack"].annex else ""
    return pdf_response(
        request,
        "reports/briefing_pdf.html",
        context,
        filename=f"briefing-{context['pack'].generated_on:%Y-%m-%d}{suffix}.pdf",
    )


def gaps_panel(request: HttpRequest, _page_object: Any) -> dict[str, Any] | None:
    """The gaps dashboard links to the paper built from the same gaps (ADR 0092's slots)."""
    if not permissions.may_open_paper(request.user):
        return None
    return {"template": "reports/_gaps_panel.html", "title": selectors.TITLE_PAPER}
