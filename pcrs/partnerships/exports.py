"""Export columns of the partnerships page's three lists (pcrs.core.exports): needs, offers and
partnerships, each read through its selector (the Secretariat all, a State its own)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pcrs.core.exports import Column

NEED_COLUMNS: tuple[Column, ...] = (
    Column(_("Member State"), lambda n: n.state_iso3),
    Column(_("Support"), lambda n: n.support_label),
    Column(_("Need"), lambda n: n.summary),
    Column(_("Blocks"), lambda n: n.blocks),
    Column(_("Item"), lambda n: n.item),
    Column(_("Quantity"), lambda n: n.quantity or ""),
    Column(_("Needed by"), lambda n: n.needed_by),
)


def _items(offer: Any) -> str:
    return "; ".join(f"{i.get('quantity')} x {i.get('item')}" for i in offer.items or [])


OFFER_COLUMNS: tuple[Column, ...] = (
    Column(_("Offer id"), lambda o: str(o.pk)),
    Column(_("Provider"), lambda o: o.provider_label),
    Column(_("Kind"), lambda o: o.get_kind_display()),
    Column(_("Support"), lambda o: o.get_support_type_display()),
    Column(_("Offer"), lambda o: o.title),
    Column(_("Items"), _items),
    Column(_("Available from"), lambda o: o.available_from),
    Column(_("Available until"), lambda o: o.available_until),
    Column(_("Announced at"), lambda o: o.announced_at),
)

PARTNERSHIP_COLUMNS: tuple[Column, ...] = (
    Column(_("Partnership id"), lambda p: str(p.pk)),
    Column(_("Provider"), lambda p: p.provider_label),
    Column(_("Recipient"), lambda p: p.recipient_state.iso3),
    Column(_("Support"), lambda p: p.get_support_type_display()),
    Column(_("Need"), lambda p: p.need_summary),
    Column(pgettext_lazy("period start", "From"), lambda p: p.start_on),
    Column(pgettext_lazy("period end", "To"), lambda p: p.end_on),
    Column(_("Status"), lambda p: p.get_status_display()),
    Column(_("Outcome"), lambda p: p.outcome),
)


# A regional organization's page: its members (everyone), and its members' live pledges (the
# Secretariat only; others get no pledge figure at all, ADR 0050).

REGION_MEMBER_COLUMNS: tuple[Column, ...] = (
    Column(_("Member State"), lambda s: s.name),
    Column(_("ISO3"), lambda s: s.iso3),
)

REGION_PLEDGE_COLUMNS: tuple[Column, ...] = (
    Column(_("State"), lambda p: p.member_state.iso3),
    Column(_("Pledge"), str),
    Column(_("Personnel"), lambda p: p.personnel),
    Column(_("Level"), lambda p: p.get_readiness_level_display()),
)


# The Triangular Partnership Programme courses: one row per course, with the trainee rows the
# user may see (the Secretariat all, a focal point its own State's).


def _trainees(trainees: Any) -> str:
    return "; ".join(
        f"{t.member_state.iso3}: "
        + gettext("%(men)s men, %(women)s women") % {"men": t.men, "women": t.women}
        + (f" ({t.pledge})" if t.pledge else "")
        for t in trainees
    )


TPP_COLUMNS: tuple[Column, ...] = (
    Column(_("Project"), lambda r: r[0].get_project_display()),
    Column(_("Course"), lambda r: r[0].title),
    Column(_("Starts on"), lambda r: r[0].start_on),
    Column(_("Ends on"), lambda r: r[0].end_on),
    Column(_("Place"), lambda r: r[0].place),
    Column(_("Funded by"), lambda r: [s.iso3 for s in r[0].funding_states.all()]),
    Column(_("Trainers"), lambda r: [s.iso3 for s in r[0].trainer_states.all()]),
    Column(_("Trainees"), lambda r: _trainees(r[1])),
)
