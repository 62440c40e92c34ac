"""`load_demo` end to end, on the real data files: what `make demo` shows a new user.

One test, because loading the real files takes tens of seconds; each block says what it checks.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from pcrs.accounts.models import Role, User
from pcrs.demo.users import DEMO_PASSWORD
from pcrs.missions.models import Mission
from pcrs.registry.models import Pledge


def _counts():
    return (Pledge.objects.count(), User.objects.count(), Mission.objects.count())


@pytest.mark.django_db
def test_load_demo_end_to_end():
    first = StringIO()
    call_command("load_demo", stdout=first)

    # Real missions; several hundred pledges, all labelled synthetic, from about 100 States.
    assert (
        Mission.objects.filter(acronym__in=["MINUSCA", "MONUSCO", "UNMISS", "UNIFIL"]).count() == 4
    )
    pledges = Pledge.objects.all()
    assert pledges.count() >= 400
    assert not pledges.filter(is_synthetic=False).exists()
    assert all("(synthetic)" in title for title in pledges.values_list("title", flat=True))
    assert 90 <= pledges.values("member_state").distinct().count() <= 130

    # Shaped like real contributions: the largest contributors pledge most.
    per_state = dict(pledges.values_list("member_state__iso3").annotate(n=Count("id")))
    median = sorted(per_state.values())[len(per_state) // 2]
    for iso3 in ("BGD", "PAK", "IND"):
        assert per_state[iso3] > 3 * median, iso3

    # The README's demo users exist, with the documented password, and are printed.
    for username, role in [
        ("secretariat", Role.FORCE_GENERATION),
        ("admin", Role.ADMINISTRATOR),
        ("observer", Role.OBSERVER),
        ("fp-kaz", Role.FOCAL_POINT),
        ("fp-bgd", Role.FOCAL_POINT),
        ("planner-minusca", Role.MISSION_PLANNER),
    ]:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username
        assert user.role == role
    kazakhstan = User.objects.get(username="fp-kaz").member_state
    assert kazakhstan is not None
    assert kazakhstan.iso3 == "KAZ"
    assert DEMO_PASSWORD in first.getvalue()

    # MINUSMA is shown closed on 2023-12-31 with its source (the UN file still says active),
    # and the page says how old the contributions data is.
    client = Client()
    client.force_login(User.objects.get(username="secretariat"))
    minusma = client.get("/missions/MINUSMA/").content.decode()
    assert "closed on 2023-12-31 (S/RES/2690 (2023))" in minusma
    assert "Security Council resolution 2690 (2023)" in minusma
    assert "UN monthly data as of 31 March 2014" in minusma
    assert not User.objects.filter(username="planner-minusma").exists()

    # Idempotent: a second run adds nothing.
    before = _counts()
    second = StringIO()
    call_command("load_demo", stdout=second)
    assert _counts() == before
    assert "already present" in second.getvalue()


def test_load_demo_without_the_real_data_says_where_it_looked(db, settings, tmp_path):
    """A clone away from shared/ gets a clear message, not a traceback, and nothing loaded."""
    from django.core.management import CommandError

    from pcrs.memberstates.models import MemberState

    settings.PCRS_REAL_DATA_DIR = tmp_path / "nowhere"
    with pytest.raises(CommandError, match="PCRS_REAL_DATA_DIR"):
        call_command("load_demo")
    assert not MemberState.objects.exists()
