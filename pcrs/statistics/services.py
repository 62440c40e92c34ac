"""Publishing the protected pledge tables: the only writes of this app."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pcrs.core.audit import audit_record
from pcrs.core.errors import DomainError
from pcrs.statistics import disclosure
from pcrs.statistics.conf import disclosure_params
from pcrs.statistics.models import Publication, PublishedCell, PublishedRecord
from pcrs.statistics.releases import release_model
from pcrs.statistics.tables import live_layout, live_records


class AlreadyPublished(DomainError):
    pass


def _refuse_unless_next(as_of: dt.date, previous: Publication | None) -> None:
    if Publication.objects.filter(as_of=as_of).exists():
        raise AlreadyPublished(
            _("Statistics as of %(date)s are already published.") % {"date": f"{as_of:%Y-%m-%d}"}
        )
    latest = Publication.objects.order_by("-as_of").first()
    if latest is not None and latest.as_of > as_of:
        raise DomainError(
            _("Statistics as of %(date)s are published: a release must be later.")
            % {"date": f"{latest.as_of:%Y-%m-%d}"},
            field="as_of",
        )
    if latest != previous:
        raise DomainError(_("Another release was published meanwhile: publish again."))


def publication_publish(
    *, actor: Any, as_of: dt.date, viewers: list[str | None] | None = None
) -> Publication:
    """Compute, protect and store the release as of `as_of` from the live pledges.

    Protected against observers and every focal point, together with the previous release
    (their difference is audited too). One release per date, each later than the last. The
    computation (seconds to a minute) runs outside the transaction that stores it."""
    previous_row = Publication.objects.order_by("-as_of").first()
    _refuse_unless_next(as_of, previous_row)
    layout = live_layout()
    params = disclosure_params()
    previous = release_model(previous_row, layout) if previous_row else None
    protected = disclosure.protect(
        live_records(), layout, params, previous=previous, viewers=viewers
    )
    return _publication_store(
        actor=actor, as_of=as_of, previous=previous_row, protected=protected, params=params
    )


@transaction.atomic
def _publication_store(
    *,
    actor: Any,
    as_of: dt.date,
    previous: Publication | None,
    protected: disclosure.Publication,
    params: disclosure.Params,
) -> Publication:
    _refuse_unless_next(as_of, previous)
    layout = protected.layout
    publication = Publication(
        as_of=as_of,
        params=dataclasses.asdict(params),
        suppressed_cells=len(protected.suppressed),
    )
    publication.full_clean()
    publication.save()
    PublishedCell.objects.bulk_create(
        PublishedCell(
            publication=publication,
            grouping=key[0],
            group=key[1],
            capability_type=key[2],
            suppressed=key in protected.suppressed,
            **protected.published(key),
        )
        for key in layout.all_keys()
    )
    PublishedRecord.objects.bulk_create(
        PublishedRecord(
            publication=publication,
            state=r.state,
            capability_type=r.capability_type,
            groups=dict(r.groups),
            pledges=r.pledges,
            personnel=r.personnel,
            women=r.women,
        )
        for r in protected.records
    )
    audit_record(
        actor=actor,
        action="statistics.publish",
        target=publication,
        note=f"{len(protected.suppressed)} of {len(protected.cells)} cells suppressed",
    )
    return publication
