"""A stored release as the disclosure module sees it: read by the services (to audit the next
release against it) and the selectors (to derive figures it already determines)."""

from __future__ import annotations

from pcrs.statistics import disclosure
from pcrs.statistics.conf import disclosure_params
from pcrs.statistics.models import Publication


def release_model(publication: Publication, layout: disclosure.Layout) -> disclosure.Publication:
    """The release's cells (from its stored per-State records), its suppression pattern and
    parameters. Cells the layout has that the release had not (a new capability type since)
    count as hidden."""
    records = [
        disclosure.Record(r.state, r.capability_type, r.groups, r.pledges, r.personnel, r.women)
        for r in publication.records.all()
    ]
    cells = disclosure.tabulate(records, layout)
    rows = list(publication.cells.values_list("grouping", "group", "capability_type", "suppressed"))
    suppressed = {(g, grp, ct) for g, grp, ct, hidden in rows if hidden}
    suppressed |= set(cells) - {(g, grp, ct) for g, grp, ct, _ in rows}
    params = disclosure_params()
    sensitive = {k for k, c in cells.items() if disclosure.is_sensitive(c, params)}
    return disclosure.Publication(cells, suppressed, sensitive, layout, params, records)
