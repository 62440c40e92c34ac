from __future__ import annotations

from typing import Any

import pytest

from pcrs.memberstates.services import LoadReport, member_states_load


@pytest.fixture
def member_states(db: Any) -> LoadReport:
    """The 193 Member States and the regional organizations, loaded from the data files."""
    return member_states_load()
