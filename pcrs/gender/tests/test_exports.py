"""The gender parity overview exported: the States the page names to this user (all to the
Secretariat, its own to a focal point, none to others), and the colour counts with the page's
small counts still suppressed outside the Secretariat."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from pcrs.accounts.models import User
from pcrs.core.tests.helpers import exported_rows
from pcrs.gender import selectors
from pcrs.gender.tests.test_compliance import JAN, targets, users

pytestmark = pytest.mark.django_db
__all__ = ["targets", "users"]

STATE_HEADER = [
    "Month",
    "State",
    "ISO3",
    "Category",
    "Women",
    "Total",
    "Women %",
    "Target %",
    "Status",
]
COUNT_HEADER = ["Category", "Meets target", "Below target", "No women"]


def _export(user: User, query: str) -> list[list[str]]:
    client = Client()
    client.force_login(user)
    response = client.get(f"/gender/?month=2014-01-31&{query}")
    assert response.status_code == 200
    return exported_rows(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_state_export_names_the_states_the_page_names(
    january_2014: None, targets: None, users: dict[str, User], fmt: str
) -> None:
    full = _export(users["secretariat"], f"format={fmt}")
    assert full[0] == STATE_HEADER
    assert {"RWA", "GHA"} <= {r[2] for r in full[1:]}
    rwanda_ipo = next(r for r in full[1:] if r[2] == "RWA" and r[3] == "Individual police officers")
    table = selectors.month_table(user=users["secretariat"], month=JAN)
    cell = next(cells["ipo"] for state, cells in table.rows if state.iso3 == "RWA")
    assert cell.target is not None
    assert [float(v) for v in rwanda_ipo[4:8]] == [
        cell.women,
        cell.total,
        float(cell.share),
        float(cell.target.percent),
    ]
    assert rwanda_ipo[8] == cell.status_label
    assert len(full) == 1 + sum(len(cells) for _state, cells in table.rows)
    own = _export(users["fp_own"], f"format={fmt}")
    assert {r[2] for r in own[1:]} == {"RWA"}
    for role in ("fp_other", "observer", "planner"):
        rows = _export(users[role], f"format={fmt}")
        assert "RWA" not in {r[2] for r in rows[1:]}, role
    assert _export(users["observer"], f"format={fmt}") == [STATE_HEADER]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_count_export_keeps_small_counts_suppressed_outside_the_secretariat(
    january_2014: None,
    targets: None,
    users: dict[str, User],
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Across all missions every colour of January 2014 counts 3 States or more: a higher
    # threshold gives this month suppressed cells to check.
    monkeypatch.setattr(selectors, "SMALL_CELL", 15)
    public = selectors.month_table(user=users["observer"], month=JAN)
    suppressed = [label for label, counts in public.count_rows() if None in counts]
    assert suppressed, "the month has a suppressed count to check"
    rows = _export(users["observer"], f"format={fmt}&list=counts")
    assert rows[0] == COUNT_HEADER
    expected = [
        [label, *("fewer than 3" if n is None else str(n) for n in counts)]
        for label, counts in public.count_rows()
    ]
    assert rows[1:] == expected
    full = _export(users["secretariat"], f"format={fmt}&list=counts")
    assert "fewer than 3" not in {cell for row in full for cell in row}


def test_anonymous_export_is_sent_to_log_in(client: Any) -> None:
    response = client.get("/gender/?format=csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_overview_offers_both_exports(
    january_2014: None, targets: None, users: dict[str, User]
) -> None:
    client = Client()
    client.force_login(users["secretariat"])
    page = client.get("/gender/").content.decode()
    assert "format=csv&amp;list=states" in page
    assert "format=csv&amp;list=counts" in page
