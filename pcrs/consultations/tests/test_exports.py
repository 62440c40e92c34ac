"""The meetings and action items lists exported: the page's rows for the user, in CSV and XLSX;
another State's focal point gets none of a meeting it was not invited to, nor another State's
action items; a visitor who is not logged in is sent to log in as for the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from pcrs.consultations import services
from pcrs.consultations.models import ActionItem, Meeting
from pcrs.consultations.tests.conftest import MEETING_DAY
from pcrs.core.tests.helpers import exported_rows

pytestmark = pytest.mark.django_db

MEETING_HEADER = ["Date", "Mission", "Type", "Chair", "Public summary"]
ITEM_HEADER = ["Action", "Owner", "Meeting", "Due", "Status", "Overdue since"]


def _export(client: Any, user: Any, name: str, fmt: str, query: str = "") -> list[list[str]]:
    client.force_login(user)
    response = client.get(reverse(f"consultations:{name}") + f"?format={fmt}{query}")
    assert response.status_code == 200
    return exported_rows(response)


@pytest.fixture
def npl_item(secretariat: Any, meeting: Meeting, make_state: Any) -> ActionItem:
    return services.action_item_create(
        actor=secretariat,
        meeting=meeting,
        title="Confirm the rotation date of NEPBAT-2",
        due_on=MEETING_DAY + dt.timedelta(days=30),
        owner_state=make_state("NPL"),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_meeting_export_has_the_meetings_the_user_sees(
    client: Any, secretariat: Any, fp_bgd: Any, fp_kaz: Any, meeting: Meeting, fmt: str
) -> None:
    for user in (secretariat, fp_bgd):
        rows = _export(client, user, "meeting_list", fmt)
        assert rows[0] == MEETING_HEADER
        assert rows[1:] == [
            ["2026-06-10", "MINUSCA", "Before a mandate renewal", meeting.chair, ""]
        ]
    # Not invited, summary not published: the page lists nothing, nor does the export.
    assert _export(client, fp_kaz, "meeting_list", fmt) == [MEETING_HEADER]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_action_item_export_has_only_the_own_states_items(
    client: Any,
    secretariat: Any,
    fp_bgd: Any,
    fp_kaz: Any,
    observer: Any,
    action_item: ActionItem,
    npl_item: ActionItem,
    fmt: str,
) -> None:
    rows = _export(client, secretariat, "action_item_list", fmt)
    assert rows[0] == ITEM_HEADER
    assert sorted(r[0] for r in rows[1:]) == sorted([action_item.title, npl_item.title])
    rows = _export(client, fp_bgd, "action_item_list", fmt)
    assert [r[:2] for r in rows[1:]] == [[action_item.title, "Bangladesh"]]
    for outsider in (fp_kaz, observer):
        assert _export(client, outsider, "action_item_list", fmt) == [ITEM_HEADER]


def test_action_item_export_follows_the_pages_closed_filter(
    client: Any, secretariat: Any, action_item: ActionItem
) -> None:
    ActionItem.objects.filter(pk=action_item.pk).update(status="done")
    assert _export(client, secretariat, "action_item_list", "csv") == [ITEM_HEADER]
    rows = _export(client, secretariat, "action_item_list", "csv", "&all=1")
    assert [r[0] for r in rows[1:]] == [action_item.title]


@pytest.mark.parametrize("name", ["meeting_list", "action_item_list"])
def test_anonymous_export_is_sent_to_log_in_like_the_page(client: Any, name: str) -> None:
    response = client.get(reverse(f"consultations:{name}") + "?format=csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_lists_offer_the_export_links(client: Any, secretariat: Any, meeting: Any) -> None:
    client.force_login(secretariat)
    for name in ("meeting_list", "action_item_list"):
        page = client.get(reverse(f"consultations:{name}")).content.decode()
        assert "format=csv" in page
        assert "format=xlsx" in page
