"""Reading scenarios: precise error paths on bad input, faithful round trips, schema."""

import json
from typing import Any

import pytest

from pcrs.engine import ScenarioError, problem_from_dict, problem_to_dict
from pcrs.engine.generate import generate
from pcrs.engine.scenario import load_schema


def _scenario(**overrides: object) -> dict[str, Any]:
    data = {
        "missions": [{"code": "MINUSCA", "host_state": "CAF"}],
        "pledges": [
            {
                "id": f"P{i}",
                "state": "NPL",
                "capability": "fpu",
                "personnel": 140,
                "available_from": "2027-01-01",
            }
            for i in range(14)
        ],
        "requirements": [
            {"id": "R1", "mission": "MINUSCA", "capability": "fpu", "needed_by": "2027-03-01"}
        ],
    }
    data.update(overrides)
    return data


def _error(data: object) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        problem_from_dict(data)
    return info.value


def test_negative_personnel_names_the_pledge_path():
    data = _scenario()
    data["pledges"][12]["personnel"] = -5
    error = _error(data)
    assert error.path == "pledges[12].personnel"
    assert str(error) == "pledges[12].personnel: must be at least 1, got -5"


def test_unknown_mission_of_a_requirement_is_reported():
    data = _scenario()
    data["requirements"][0]["mission"] = "MINUSMA"
    assert _error(data).path == "requirements[0].mission"


def test_unknown_pledge_in_a_bundle_is_reported():
    error = _error(_scenario(bundles=[{"id": "B1", "pledges": ["P1", "P99"]}]))
    assert error.path == "bundles[0].pledges[1]"
    assert "P99" in error.message


def test_negative_cap_is_reported():
    error = _error(_scenario(states=[{"state": "NPL", "total_cap": -1}]))
    assert error.path == "states[0].total_cap"


def test_misspelled_field_is_an_error_not_a_default():
    data = _scenario()
    data["pledges"][3]["personel"] = 140
    assert _error(data).path == "pledges[3].personel"


def test_bad_date_and_bad_level_are_reported():
    data = _scenario()
    data["pledges"][0]["available_from"] = "01/01/2027"
    assert _error(data).path == "pledges[0].available_from"
    data = _scenario()
    data["pledges"][1]["level"] = 5
    assert _error(data).path == "pledges[1].level"


def test_duplicate_pledge_id_names_both_places():
    data = _scenario()
    data["pledges"][5]["id"] = "P0"
    error = _error(data)
    assert error.path == "pledges[5].id"
    assert "pledges[0]" in error.message


def test_generated_scenario_survives_a_json_round_trip():
    problem = generate("S", seed=3)
    again = problem_from_dict(json.loads(json.dumps(problem_to_dict(problem))))
    assert again == problem


def test_schema_accepts_generated_scenarios_and_rejects_negative_personnel():
    jsonschema = pytest.importorskip("jsonschema")
    schema = load_schema()
    data = problem_to_dict(generate("S", seed=2))
    jsonschema.validate(data, schema)
    data["pledges"][0]["personnel"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
