"""pledge_performance_score: the State's record and the same unit's own, decayed over time,
in [0, 1]; the term the force-generation adapter hands to the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from pcrs.performance.models import ScoringPolicy, UnitEvaluation
from pcrs.performance.selectors import pledge_performance_score

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def test_no_record_gives_none(make_pledge: Callable[..., Any]) -> None:
    assert pledge_performance_score(pledge=make_pledge("BGD"), on=TODAY) is None


def test_the_documented_example(
    evaluate: Callable[..., UnitEvaluation], make_pledge: Callable[..., Any]
) -> None:
    pledge = make_pledge("BGD", title="BGDBAT")
    # Another BGD unit, 3 of 4 (0.667), two half-lives (1460 days) old.
    evaluate("BGD", (3, 3, 3), unit_designation="BANENGR", evaluated_on=TODAY - dt.timedelta(1460))
    # The same unit rotating, 4 of 4 (1.0), today.
    evaluate("BGD", (4, 4, 4), unit_designation="BGDBAT", evaluated_on=TODAY)
    score = pledge_performance_score(pledge=pledge, on=TODAY)
    assert score == pytest.approx((0.25 * (2 / 3) + 3 * 1.0) / 3.25)


def test_an_old_poor_record_decays_and_a_later_good_one_dominates(
    evaluate: Callable[..., UnitEvaluation], make_pledge: Callable[..., Any]
) -> None:
    pledge = make_pledge("BGD", title="OTHER")
    evaluate("BGD", (1, 1, 1), evaluated_on=dt.date(2018, 1, 1))
    evaluate("BGD", (4, 4, 4), evaluated_on=dt.date(2026, 1, 1))
    then = pledge_performance_score(pledge=pledge, on=dt.date(2018, 6, 1))
    now = pledge_performance_score(pledge=pledge, on=TODAY)
    assert then == 0.0  # only the 2018 evaluation was known then
    assert now is not None and 0.9 < now <= 1.0


def test_other_states_records_do_not_count(
    evaluate: Callable[..., UnitEvaluation], make_pledge: Callable[..., Any]
) -> None:
    evaluate("KAZ", (4, 4, 4))
    assert pledge_performance_score(pledge=make_pledge("BGD"), on=TODAY) is None


def test_a_shorter_half_life_dated_later_changes_the_weighting(
    evaluate: Callable[..., UnitEvaluation], make_pledge: Callable[..., Any]
) -> None:
    pledge = make_pledge("BGD", title="OTHER")
    evaluate("BGD", (1, 1, 1), evaluated_on=dt.date(2025, 6, 1))
    evaluate("BGD", (4, 4, 4), evaluated_on=dt.date(2026, 6, 1))
    before = pledge_performance_score(pledge=pledge, on=TODAY)
    ScoringPolicy.objects.create(
        effective_from=dt.date(2026, 1, 1),
        half_life_days=90,
        unit_weight=Decimal("3"),
        source="test",
    )
    after = pledge_performance_score(pledge=pledge, on=TODAY)
    assert before is not None and after is not None and after > before


def test_the_bulk_scores_equal_the_single_ones(
    evaluate: Callable[..., UnitEvaluation], make_pledge: Callable[..., Any]
) -> None:
    from pcrs.performance.selectors import pledge_performance_scores

    evaluate("BGD", (3, 2, 4), evaluated_on=dt.date(2025, 3, 1))
    evaluate("BGD", (4, 4, 3), unit_designation="BGDBAT", evaluated_on=dt.date(2026, 2, 1))
    evaluate("KAZ", (2, 2, 2), evaluated_on=dt.date(2024, 3, 1))
    pledges = [make_pledge("BGD", title="BGDBAT"), make_pledge("KAZ"), make_pledge("NPL")]
    bulk = pledge_performance_scores(pledges=pledges, on=TODAY)
    assert bulk == {p.pk: pledge_performance_score(pledge=p, on=TODAY) for p in pledges}
    assert bulk[pledges[2].pk] is None and bulk[pledges[1].pk] == pytest.approx(1 / 3)
