"""The Light Coordination Mechanism's rule: two providers giving the same kind of support to the
same State for overlapping periods is flagged (offers made to that State and partnerships not
cancelled both count).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import combinations

from pcrs.partnerships.models import Offer, OfferStatus, Partnership, PartnershipStatus

FAR_FUTURE = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class SupportItem:
    what: str  # "offer" or "partnership"
    label: str
    provider: str
    recipient_id: int
    support_type: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Overlap:
    first: SupportItem
    second: SupportItem

    @property
    def message(self) -> str:
        a, b = self.first, self.second
        start, end = max(a.start, b.start), min(a.end, b.end)
        until = "open-ended" if end == FAR_FUTURE else f"{end:%Y-%m-%d}"
        return (
            f"{a.provider} and {b.provider} both give {a.support_type.replace('_', ' ')} "
            f"support from {start:%Y-%m-%d} to {until}: {a.label} / {b.label}"
        )


def support_items(*, recipient_id: int) -> list[SupportItem]:
    items: list[SupportItem] = []
    partnerships = Partnership.objects.filter(recipient_state_id=recipient_id).exclude(
        status=PartnershipStatus.CANCELLED
    )
    for p in partnerships.select_related("provider_state", "provider_organization"):
        items.append(
            SupportItem(
                "partnership",
                p.need_summary[:80],
                p.provider_label,
                recipient_id,
                p.support_type,
                p.start_on,
                p.end_on,
            )
        )
    offers = Offer.objects.filter(recipient_state_id=recipient_id, status=OfferStatus.OPEN)
    for o in offers.select_related("provider_state", "provider_organization").exclude(
        pk__in=partnerships.values("offer_id")
    ):
        items.append(
            SupportItem(
                "offer",
                o.title,
                o.provider_label,
                recipient_id,
                o.support_type,
                o.available_from,
                o.available_until or FAR_FUTURE,
            )
        )
    return items


def overlaps(items: list[SupportItem]) -> list[Overlap]:
    """Pairs from different providers, same support type and recipient, overlapping in time."""
    found = []
    for a, b in combinations(sorted(items, key=lambda i: (i.start, i.provider)), 2):
        if (
            a.recipient_id == b.recipient_id
            and a.support_type == b.support_type
            and a.provider != b.provider
            and a.start <= b.end
            and b.start <= a.end
        ):
            found.append(Overlap(a, b))
    return found


def state_overlaps(*, recipient_id: int) -> list[Overlap]:
    return overlaps(support_items(recipient_id=recipient_id))
