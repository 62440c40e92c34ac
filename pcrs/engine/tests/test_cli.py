"""The command line, driven through main(argv): exit codes and what the planner reads."""

import io
import json

import pytest

from pcrs.engine.cli import main
from pcrs.engine.gap import gap_to_problem
from pcrs.engine.scenario import save_problem
from pcrs.engine.tests.factories import pledge, problem, requirement
from pcrs.engine.tests.test_gap import HAND


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_generate_solve_validate_round_trip(tmp_path):
    scenario, allocation = tmp_path / "s.json", tmp_path / "a.json"
    assert _run("generate", "--tier", "S", "--seed", "1", "--out", str(scenario))[0] == 0
    code, text = _run(
        "solve", str(scenario), "--time-limit", "20", "--threads", "2", "--out", str(allocation)
    )
    assert code == 0
    assert "status     optimal" in text and "gap        0.0000%" in text
    written = json.loads(allocation.read_text())
    assert written["assignments"] and written["explanations"]
    code, text = _run("validate", str(scenario), str(allocation))
    assert (code, text.split(":")[0]) == (0, "valid")


def test_verbose_solve_logs_each_phase_to_stderr(tmp_path, capsys):
    scenario = tmp_path / "s.json"
    assert _run("generate", "--tier", "S", "--seed", "2", "--out", str(scenario))[0] == 0
    code, _ = _run("solve", str(scenario), "--time-limit", "20", "--verbose")
    assert code == 0
    log = capsys.readouterr().err
    assert "LP done at" in log and "plans at" in log
    assert "HiGHS done at" in log or "CP-SAT done at" in log  # the exact phase
    # Quiet again afterwards: the handler does not outlive the call.
    assert _run("solve", str(scenario), "--time-limit", "20")[0] == 0
    assert capsys.readouterr().err == ""


def test_validate_lists_violations_and_exits_one(tmp_path):
    scenario, allocation = tmp_path / "s.json", tmp_path / "a.json"
    save_problem(
        problem([pledge("P1", caveats=frozenset({"MINUSCA"}))], [requirement("R1")]), scenario
    )
    allocation.write_text(json.dumps({"assignments": [{"pledge": "P1", "requirement": "R1"}]}))
    code, text = _run("validate", str(scenario), str(allocation))
    assert code == 1
    assert "[caveat] P1 (NPL) to R1: caveat: no deployment to MINUSCA" in text


def test_bad_scenario_names_the_json_path_and_exits_two(tmp_path):
    scenario = tmp_path / "bad.json"
    save_problem(problem([pledge("P1")], [requirement("R1")]), scenario)
    data = json.loads(scenario.read_text())
    data["pledges"][0]["personnel"] = -3
    scenario.write_text(json.dumps(data))
    code, text = _run("solve", str(scenario))
    assert code == 2
    assert text.strip() == "error: pledges[0].personnel: must be at least 1, got -3"


def test_infeasible_must_fill_prints_the_reason_and_exits_one(tmp_path):
    scenario = tmp_path / "s.json"
    save_problem(problem([pledge("P1")], [requirement("R1", units=2, must_fill=True)]), scenario)
    code, text = _run("solve", str(scenario), "--time-limit", "5")
    assert code == 1
    assert "status     infeasible" in text
    assert "R1 (MINUSCA, infantry) must be filled with 2 unit(s) but has 1 eligible" in text


def test_greedy_solver_and_previous_plan_options(tmp_path):
    scenario, first = tmp_path / "s.json", tmp_path / "first.json"
    save_problem(problem([pledge("P1"), pledge("P2", "BGD")], [requirement("R1")]), scenario)
    code, text = _run("solve", str(scenario), "--solver", "greedy", "--out", str(first))
    assert code == 0 and "status     feasible (greedy)" in text
    code, text = _run("solve", str(scenario), "--previous", str(first))
    assert code == 0 and "changes    0 of the previous assignments" in text


def test_from_gap_converts_an_orlib_file_that_then_solves(tmp_path):
    orlib, out = tmp_path / "hand.txt", tmp_path / "hand.json"
    numbers = [2, 4, *sum(HAND.cost, ()), *sum(HAND.resource, ()), *HAND.capacity]
    orlib.write_text(" ".join(map(str, numbers)))
    assert _run("from-gap", str(orlib), "--out", str(out))[0] == 0
    assert json.loads(out.read_text())["requirements"][0]["must_fill"] is True
    code, text = _run("solve", str(out))
    assert code == 0 and "objective  11.000 (cost)" in text
    assert gap_to_problem(HAND).states[0].total == 12


def test_from_gap_random_refuses_an_unknown_type_or_an_empty_size(tmp_path):
    out = tmp_path / "g.json"
    code, text = _run("from-gap", "--random", "X:5x20", "--out", str(out))
    assert (code, text.strip()) == (2, "error: --random: GAP type must be one of C, D, E")
    code, text = _run("from-gap", "--random", "E:5x0", "--out", str(out))
    assert (code, text.strip()) == (2, "error: --random: at least one agent and one job")
    assert not out.exists()
    assert _run("from-gap", "--random", "e:5x20", "--out", str(out))[0] == 0
    assert len(json.loads(out.read_text())["requirements"]) == 20


def test_solve_refuses_a_time_limit_or_thread_count_that_is_not_positive(tmp_path, capsys):
    scenario = tmp_path / "s.json"
    assert _run("generate", "--tier", "S", "--seed", "1", "--out", str(scenario))[0] == 0
    for option, value in (("--time-limit", "-5"), ("--time-limit", "0"), ("--threads", "0")):
        with pytest.raises(SystemExit) as exit_:
            main(["solve", str(scenario), option, value], out=io.StringIO())
        assert exit_.value.code == 2
        assert f"{option}: must be above zero, got {value}" in capsys.readouterr().err


def test_solve_piped_into_head_ends_without_a_broken_pipe_traceback():
    """`python -m pcrs.engine solve ... --explain | head`: the reader is gone before we write."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    golden = Path(__file__).parent / "golden" / "minusca_unmiss.json"
    read_end, write_end = os.pipe()
    os.close(read_end)  # what `head` has done once it has its lines
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "pcrs.engine", "solve", str(golden), "--explain"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    err = done.stderr.decode()
    assert "BrokenPipeError" not in err and "Traceback" not in err
    assert done.returncode == 0
