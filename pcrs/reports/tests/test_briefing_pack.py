"""The Council briefing pack: protected aggregates only. Rapid deployment capacity from the
published release (suppressed cells stay suppressed, no live count), generation timelines
only over enough States, and the Secretariat's annex never by default."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from pcrs.generation.models import CaseState, GenerationCase
from pcrs.missions.models import Ceiling, ContingentStatus, DeployedContingent
from pcrs.reports import selectors
from pcrs.statistics.services import publication_publish

PACK = "/reports/briefing/"
PDF = "/reports/briefing.pdf"
DAY = dt.date(2026, 11, 1)


def _rdl(make_pledge, state, capability_type, **fields):
    return make_pledge(
        state,
        capability_type=capability_type,
        readiness_level="rdl",
        status="active",
        personnel=fields.pop("personnel", 100),
        women=fields.pop("women", 10),
        **fields,
    )


@pytest.fixture
def released(make_pledge, secretariat, helicopters, signals):
    """Helicopters at RDL from three States, published; no signals company at RDL (an empty
    cell, suppressed like a sensitive one). Then, after the release, live RDL pledges of
    both that no pack may count."""
    for state in ("BGD", "KAZ", "NPL"):
        _rdl(make_pledge, state, helicopters)
    publication = publication_publish(actor=secretariat, as_of=DAY, viewers=[None])
    _rdl(make_pledge, "FRA", helicopters, title="FRA-HELI-RDL")
    _rdl(make_pledge, "RWA", signals, title="RWA-SIGNALS-RDL")
    return publication


def test_rdl_capacity_comes_from_the_release_and_suppressed_cells_stay_suppressed(
    client, observer, secretariat, released
):
    published = {c.capability_type: c for c in released.cells.filter(grouping="level", group="rdl")}
    assert published["Utility helicopter unit"].pledges == 3
    assert published["Signals company"].suppressed
    for user in (observer, secretariat):
        pack = selectors.briefing_pack(user=user, today=timezone.localdate())
        cells = {c.capability_type: c for c in pack.rdl_cells}
        assert set(cells) == set(published)
        for name, cell in cells.items():
            assert cell.suppressed == published[name].suppressed, name
            assert cell.pledges == (None if cell.suppressed else published[name].pledges)
        assert cells["Utility helicopter unit"].pledges == 3, "published, not the live 4"
        assert pack.rdl_total == 3

        client.force_login(user)
        page = client.get(PACK).content.decode()
        rdl = page[page.index('id="rapid-deployment"') : page.index('id="timelines"')]
        assert rdl.count("suppressed") >= 2  # the signals cell and the note under the table
        assert '<td class="num">3</td>' in rdl
        assert '<td class="num">4</td>' not in rdl, user.username
        assert '<td class="num">1</td>' not in rdl, user.username
        assert "3 pledges at the Rapid Deployment Level in all" in rdl
        for secret in ("FRA-HELI-RDL", "RWA-SIGNALS-RDL", "Rwanda", "France", "Bangladesh"):
            assert secret not in page, (user.username, secret)


def test_before_any_release_no_rdl_figure_is_shown(client, observer, make_pledge, helicopters):
    for state in ("BGD", "KAZ", "NPL"):
        _rdl(make_pledge, state, helicopters)
    client.force_login(observer)
    page = client.get(PACK).content.decode()
    assert "rapid deployment capacity is not shown" in page
    assert selectors.briefing_pack(user=observer, today=timezone.localdate()).rdl_cells == []


@pytest.fixture
def cases(make_pledge, make_requirement, minusca, unmiss, helicopters, secretariat):
    """Notes verbales sent 10, 20 and 30 days after the requirement opened, to three States
    in MINUSCA; one to a single State in UNMISS (8 days)."""
    opened = timezone.localdate() - dt.timedelta(days=60)
    made = []
    for mission, state, days in (
        (minusca, "BGD", 10),
        (minusca, "KAZ", 20),
        (minusca, "NPL", 30),
        (unmiss, "RWA", 8),
    ):
        requirement = make_requirement(mission, helicopters, opened_on=opened)
        pledge = make_pledge(state, capability_type=helicopters, readiness_level="2")
        made.append(
            GenerationCase.objects.create(
                requirement=requirement,
                pledge=pledge,
                member_state=pledge.member_state,
                state=CaseState.NOTE_VERBALE_SENT,
                nv_date=opened + dt.timedelta(days=days),
                created_by=secretariat,
            )
        )
    return made


def test_timelines_are_medians_over_three_states_or_suppressed(client, observer, cases):
    pack = selectors.briefing_pack(user=observer, today=timezone.localdate())
    lines = {line.mission: line for line in pack.timelines}

    assert lines["MINUSCA"].to_note_verbale.days == 20
    assert lines["MINUSCA"].to_note_verbale.states == 3
    assert lines["UNMISS"].to_note_verbale.suppressed, "one State's own timeline"
    assert lines["UNMISS"].to_note_verbale.days is None
    assert lines[""].to_note_verbale.days == 15  # all four cases
    assert not lines["MINUSCA"].to_answer.suppressed and lines["MINUSCA"].to_answer.days is None

    client.force_login(observer)
    page = client.get(PACK).content.decode()
    table = page[page.index('id="timelines-table"') :]
    assert "20 days (3 States)" in table
    assert "8 days" not in table


def test_the_secretariat_annex_is_never_the_default_and_never_for_others(
    client, observer, fp_bgd, secretariat, cases
):
    client.force_login(secretariat)
    assert "Secretariat only" not in client.get(PACK).content.decode()
    with_annex = client.get(PACK, {"annex": "secretariat"}).content.decode()
    assert "Secretariat only" in with_annex
    assert "8.0" in with_annex or "8 " in with_annex  # UNMISS's single case, unprotected

    for user in (observer, fp_bgd):
        client.force_login(user)
        page = client.get(PACK, {"annex": "secretariat"}).content.decode()
        assert "Secretariat only" not in page, user.username
        pack = selectors.briefing_pack(user=user, today=timezone.localdate(), with_annex=True)
        assert pack.annex is None


def test_strength_against_ceilings_per_mission(client, observer, minusca, helicopters, make_state):
    Ceiling.objects.create(
        mission=minusca,
        category="troops",
        authorized=14400,
        effective_from=dt.date(2023, 11, 15),
        resolution="S/RES/2709 (2023)",
    )
    DeployedContingent.objects.create(
        mission=minusca,
        member_state=make_state("BGD"),
        capability_type=helicopters,
        personnel=7200,
        women=500,
        deployed_on=dt.date(2026, 1, 1),
        rotation_months=12,
        next_rotation_on=dt.date(2027, 1, 1),
        status=ContingentStatus.DEPLOYED,
    )
    pack = selectors.briefing_pack(user=observer, today=timezone.localdate())
    (line,) = [s for s in pack.strength if s.acronym == "MINUSCA"]
    (troops,) = [c for c in line.ceilings if c.category == "troops"]
    assert (troops.authorized, troops.deployed, troops.percent_of_ceiling) == (14400, 7200, 50.0)
    client.force_login(observer)
    page = client.get(PACK).content.decode()
    assert "14,400" in page and "S/RES/2709 (2023)" in page and "50.0%" in page


def test_the_pdf_is_a_pdf_with_the_protected_figures(client, observer, released, cases):
    client.force_login(observer)
    response = client.get(PDF, {"annex": "secretariat"})

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Security Council briefing pack" in text
    assert "Rapid deployment capacity" in text
    assert "suppressed" in text
    assert "20 days (3 States)" in text
    assert "Secretariat only" not in text
