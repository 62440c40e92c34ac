"""Gender fixtures: the real missions file and one real month of contributions."""

from __future__ import annotations

from typing import Any

import pytest

from pcrs.missions.services import contributions_import, missions_import
from pcrs.missions.tests.conftest import all_states_from_iso, real_path

JANUARY_2014 = "2014-01-31"


def month_lines(month: str) -> str:
    """The header and every line of one month, exactly as the real file has them."""
    with real_path("full_gender_data.csv").open(encoding="utf-8", newline="") as handle:
        lines = handle.readlines()
    return "".join([lines[0], *(line for line in lines[1:] if line.startswith(month))])


@pytest.fixture
def january_2014(db: Any) -> None:
    path = real_path("DPPADPOSS-PKO.csv")
    assert missions_import(actor=None, data=path.read_bytes(), file_name=path.name).accepted
    text = month_lines(JANUARY_2014)
    codes = {line.split(",")[2].strip("'") for line in text.splitlines()[1:]}
    all_states_from_iso(codes - {"all"})
    result = contributions_import(actor=None, data=text, file_name="january-2014.csv")
    assert result.report.accepted, result.report.as_text()
