"""The seam through which lower apps show published pledge counts (ADR 0050).

pcrs.statistics (above missions) owns the published, protected releases; pcrs.missions shows
"pledges that could fill" counts to users who may not see live figures. It asks here, and
pcrs.statistics registers the answer in its AppConfig.ready(). With nothing registered,
nothing is published: the count is withheld.
"""

from __future__ import annotations

from collections.abc import Callable

# capability type id -> live pledges of that type at Level 2 or above, as published (None:
# withheld, suppressed or nothing published yet).
PublishedCount = Callable[[int], int | None]
_PUBLISHERS: list[PublishedCount] = []


def register_published_level2_count(publisher: PublishedCount) -> None:
    _PUBLISHERS[:] = [publisher]


def published_level2_count(capability_type_id: int) -> int | None:
    if not _PUBLISHERS:
        return None
    return _PUBLISHERS[0](capability_type_id)
