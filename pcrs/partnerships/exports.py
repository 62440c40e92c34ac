"""Export columns of the partnerships page's three lists (pcrs.core.exports): needs, offers and
partnerships, each read through its selector (the Secretariat all, a State its own)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
