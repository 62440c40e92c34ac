"""The requirements paper: exactly the live gaps, critical enablers first, the Level 2+ ask,
the date of its data, and no pledge of any State (counts only from the published release)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pcrs.reports import selectors
from pcrs.statistics.services import publication_publish

PAPER = "/reports/requirements/"
PDF = "/reports/requirements.pdf"


@pytest.fixture
def gaps(make_requirement, minusca, unmiss, helicopters, signals):
    """Two missions' needs: a critical-priority signals company (not a critical enabler),
    helicopters for both missions, and requirements that are no longer gaps."""
    return {
        "signals": make_requirement(
            minusca, signals, priority="critical", personnel=151, title="Signals for Bangui"
        ),
        "heli_minusca": make_requirement(minusca, helicopters, personnel=101, location="Bria"),
        "heli_unmiss": make_requirement(unmiss, helicopters, personnel=102, units=2),
        "filled": make_requirement(unmiss, signals, personnel=153, status="filled"),
        "cancelled": make_requirement(minusca, signals, personnel=154, status="cancelled"),
    }


def _lines(paper):
    return [
        (capability.name, r.mission, r.personnel)
        for capability in paper.capabilities
        for r in capability.requirements
    ]


def test_the_paper_lists_exactly_the_unfilled_requirements_critical_enablers_first(gaps):
    paper = selectors.requirements_paper(today=timezone.localdate())

    assert _lines(paper) == [
        ("Utility helicopter unit", "MINUSCA", 101),
        ("Utility helicopter unit", "UNMISS", 102),
        ("Signals company", "MINUSCA", 151),
    ]
    assert [c.name for c in paper.critical_enablers] == ["Utility helicopter unit"]
    assert [(m.acronym, m.requirements, m.personnel) for m in paper.missions] == [
        ("MINUSCA", 2, 252),
        ("UNMISS", 1, 102),
    ]


def test_the_page_shows_the_gap_lines_in_that_order_with_the_level_2_ask(client, observer, gaps):
    client.force_login(observer)
    page = client.get(PAPER).content.decode()

    assert "Current and Emerging Uniformed Capability Requirements" in page
    assert "Level 2 or above" in page
    heli, signals = page.index("Utility helicopter unit"), page.index("Signals company")
    assert heli < signals, "critical enablers come before a critical-priority other capability"
    assert "Signals for Bangui" in page and "Bria" in page
    assert "153" not in page and "154" not in page, "filled or cancelled needs are not gaps"


def test_the_paper_says_the_date_of_its_data(client, observer, gaps, secretariat, make_pledge):
    client.force_login(observer)
    before = client.get(PAPER).content.decode()
    assert "No pledge statistics have been published yet" in before
    assert f"Generated on {timezone.localdate():%-d %B %Y}" in before

    publication_publish(actor=secretariat, as_of=dt.date(2026, 11, 1), viewers=[None])
    after = client.get(PAPER).content.decode()
    assert "statistics published as of 1 November 2026" in after


def test_no_pledge_of_any_state_and_only_the_published_count(
    client, observer, fp_bgd, secretariat, gaps, helicopters, make_pledge
):
    for state in ("BGD", "KAZ", "NPL"):
        make_pledge(
            state,
            capability_type=helicopters,
            title=f"{state}-SECRET-HELI",
            personnel=97,
            women=9,
            readiness_level="2",
            status="active",
            available_from=timezone.localdate() - dt.timedelta(days=1),
        )
    publication_publish(actor=secretariat, as_of=dt.date(2026, 11, 1), viewers=[None])
    # A fourth pledge after the release: a live count would say 4.
    make_pledge(
        "RWA",
        capability_type=helicopters,
        title="RWA-SECRET-HELI",
        personnel=97,
        readiness_level="2",
        status="active",
        available_from=timezone.localdate() - dt.timedelta(days=1),
    )

    for user in (observer, fp_bgd, secretariat):
        paper = selectors.requirements_paper(today=timezone.localdate())
        (heli,) = paper.critical_enablers
        assert heli.published_level2 == 3, "the published figure, never the live one"
        client.force_login(user)
        page = client.get(PAPER).content.decode()
        assert "pledged at Level 2 or above:" in page
        assert "<strong>3</strong>" in page and "<strong>4</strong>" not in page
        for secret in ("SECRET-HELI", "Bangladesh", "Kazakhstan", "Nepal", "Rwanda"):
            assert secret not in page, (user.username, secret)


def test_a_suppressed_published_count_is_shown_as_suppressed(
    client, observer, secretariat, gaps, helicopters, make_pledge
):
    make_pledge(
        "BGD", capability_type=helicopters, readiness_level="2", status="active", personnel=97
    )
    publication_publish(actor=secretariat, as_of=dt.date(2026, 11, 1), viewers=[None])
    paper = selectors.requirements_paper(today=timezone.localdate())
    assert paper.critical_enablers[0].published_level2 is None
    client.force_login(observer)
    assert "suppressed" in client.get(PAPER).content.decode()


def test_the_pdf_is_a_pdf_with_the_gap_lines(client, observer, gaps):
    client.force_login(observer)
    response = client.get(PDF)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 1
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Current and Emerging Uniformed Capability Requirements" in text
    assert "Level 2 or above" in text
    assert text.index("Utility helicopter unit") < text.index("Signals company")
    for fragment in ("Signals for Bangui", "MINUSCA", "UNMISS", "101", "102", "151"):
        assert fragment in text, fragment
    assert "153" not in text


def test_the_index_offers_the_paper(client, planner):
    client.force_login(planner)
    page = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:requirements") in page
    assert reverse("reports:requirements_pdf") in page
