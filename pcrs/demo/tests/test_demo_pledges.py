import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcrs.demo.pledges import _organization


@given(st.integers(min_value=10, max_value=1500), st.data())
def test_organization_adds_up_to_personnel_and_women(personnel, data):
    women = data.draw(st.integers(min_value=0, max_value=personnel))
    lines = _organization(personnel, women)
    assert sum(line.men + line.women for line in lines) == personnel
    assert sum(line.women for line in lines) == women
    assert all(line.men >= 0 and line.women >= 0 for line in lines)


@pytest.mark.parametrize(("personnel", "women"), [(850, 60), (140, 28), (10, 10), (65, 0)])
def test_organization_keeps_every_band_non_negative(personnel, women):
    lines = _organization(personnel, women)
    assert {line.rank_band for line in lines} <= {
        "senior_officers",
        "officers",
        "ncos",
        "other_ranks",
    }
