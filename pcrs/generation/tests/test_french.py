"""The case workflow speaks the user's language: move labels and refusals come from the fr
catalogue when French is active, and stay English otherwise (issue 17, point 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from pcrs.generation.models import CaseState, GenerationCase
from pcrs.generation.workflow import CASE_MOVES, CaseMoveNotAllowed, Who, check_case_move


def refusal(language: str) -> str:
    case = GenerationCase(state=CaseState.CLOSED)
    with translation.override(language), pytest.raises(CaseMoveNotAllowed) as refused:
        check_case_move("accept", who=Who.STATE, case=case, data={}, today=dt.date(2026, 1, 5))
    return refused.value.message


def test_a_refused_step_on_a_closed_case_is_explained_in_french() -> None:
    assert refusal("fr") == (
        "Ce dossier est au statut « clos » : plus rien ne peut y être enregistré."
    )
    assert refusal("en") == "This case is closed: nothing can be recorded on it any more."


def test_the_move_labels_follow_the_active_language() -> None:
    with translation.override("fr"):
        assert str(CASE_MOVES["send_note_verbale"].label) == "Envoyer la note verbale"
    with translation.override("en"):
        assert str(CASE_MOVES["send_note_verbale"].label) == "Send the note verbale"
