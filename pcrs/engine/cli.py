"""``python -m pcrs.engine``: solve, validate, generate and convert scenarios.

Exit codes: 0 success (a plan was found, or the plan is valid); 1 no acceptable plan
(infeasible, timed out, or violations found); 2 bad input (the message names the JSON path).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from pcrs.engine.errors import ScenarioError
from pcrs.engine.explain import explain
from pcrs.engine.gap import GAP_TYPES, gap_to_problem, generate_gap, read_orlib
from pcrs.engine.generate import TIERS, generate
from pcrs.engine.params import Params, SolverKind
from pcrs.engine.result import Allocation, Status
from pcrs.engine.scenario import (
    allocation_to_dict,
    load_allocation,
    load_problem,
    problem_to_dict,
    save_problem,
)
from pcrs.engine.solve import prepare, solve
from pcrs.engine.validate import validate

EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT = 0, 1, 2


def _positive[T: (int, float)](kind: type[T]) -> Callable[[str], T]:
    """An argparse type: a number above zero (argparse turns the error into exit code 2)."""

    def parse(text: str) -> T:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be above zero, got {text}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pcrs.engine", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    s = commands.add_parser("solve", help="allocate pledges to requirements")
    s.add_argument("scenario", type=Path)
    s.add_argument("--solver", choices=[k.value for k in SolverKind], default="exact")
    s.add_argument("--time-limit", type=_positive(float), default=30.0, help="seconds (default 30)")
    s.add_argument("--threads", type=_positive(int), default=2)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--allow-level-1", action="store_true", help="consider Level 1 pledges")
    s.add_argument("--previous", type=Path, help="earlier allocation to stay close to")
    s.add_argument("--out", type=Path, help="write the allocation as JSON")
    s.add_argument("--explain", action="store_true", help="print every requirement's story")
    s.add_argument(
        "--verbose", action="store_true", help="log each solver phase and its time to stderr"
    )

    v = commands.add_parser("validate", help="check an allocation against a scenario")
    v.add_argument("scenario", type=Path)
    v.add_argument("allocation", type=Path)
    v.add_argument("--allow-level-1", action="store_true")

    g = commands.add_parser("generate", help="write a synthetic scenario")
    g.add_argument("--tier", choices=sorted(TIERS), type=str.upper, default="S")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--out", type=Path, required=True)

    c = commands.add_parser("from-gap", help="convert an OR-Library GAP file to scenario(s)")
    c.add_argument("orlib", type=Path, nargs="?", help="OR-Library file (or use --random)")
    c.add_argument(
        "--random", metavar="TYPE:MxN", help="generate instead: type C, D or E, e.g. D:10x100"
    )
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--maximize", action="store_true", help="costs are profits (gap1..gap12)")
    c.add_argument("--out", type=Path, required=True, help="file, or directory for several")
    return parser


def _summary(allocation: Allocation, problem_units: int, out: TextIO) -> None:
    filled = len({a.requirement for a in allocation.assignments})
    print(f"status     {allocation.status.value} ({allocation.solver})", file=out)
    if allocation.objective is not None:
        word = "cost" if allocation.sense.value == "minimize" else "score"
        print(f"objective  {allocation.objective:,.3f} ({word})", file=out)
    if allocation.best_bound is not None:
        print(f"bound      {allocation.best_bound:,.3f}", file=out)
    if allocation.gap is not None:
        print(f"gap        {allocation.gap:.4%}", file=out)
    print(f"time       {allocation.wall_time:.2f} s", file=out)
    print(f"filled     {filled} requirement(s), {problem_units} unit(s) needed", file=out)
    if allocation.changes is not None:
        print(f"changes    {allocation.changes} of the previous assignments", file=out)
    for reason in allocation.infeasibility:
        print(f"reason     {reason}", file=out)


@contextlib.contextmanager
def _phase_log(stream: TextIO | None) -> Iterator[None]:
    """Send the engine's phase log (logger ``pcrs.engine``, DEBUG) to ``stream`` meanwhile."""
    if stream is None:
        yield
        return
    engine_log = logging.getLogger("pcrs.engine")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    level = engine_log.level
    engine_log.addHandler(handler)
    engine_log.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        engine_log.removeHandler(handler)
        engine_log.setLevel(level)


def _solve(args: argparse.Namespace, out: TextIO) -> int:
    problem = load_problem(args.scenario)
    params = Params(
        solver=SolverKind(args.solver),
        time_limit=args.time_limit,
        threads=args.threads,
        seed=args.seed,
        allow_level_1=args.allow_level_1,
    )
    previous = load_allocation(args.previous) if args.previous else None
    with _phase_log(sys.stderr if args.verbose else None):
        # The candidate graph is built once, for the solve and the explanations.
        prepared = prepare(problem, params, previous=previous)
        allocation = solve(problem, params, previous=previous, prepared=prepared)
    _summary(allocation, sum(r.units for r in problem.requirements), out)
    explanations = explain(
        problem,
        allocation,
        params,
        previous=previous.assignments if previous else (),
        prepared=prepared,
    )
    if allocation.status in (Status.OPTIMAL, Status.FEASIBLE):
        units = sum(e.filled for e in explanations)
        print(f"units      {units} filled", file=out)
        gaps = [e for e in explanations if e.filled < e.units]
        print(f"unfilled   {len(gaps)} requirement(s)", file=out)
        for e in gaps[: None if args.explain else 20]:
            print(
                f"  {e.requirement} {e.mission} {e.capability} ({e.priority}) "
                f"{e.units - e.filled} missing: {e.gap_reason}",
                file=out,
            )
        if len(gaps) > 20 and not args.explain:
            print(f"  ... and {len(gaps) - 20} more (use --explain)", file=out)
    if args.explain:
        for e in explanations:
            print(e.text(), file=out)
    if args.out:
        data = allocation_to_dict(allocation)
        data["explanations"] = [
            {
                "requirement": e.requirement,
                "filled": e.filled,
                "units": e.units,
                "chosen": [
                    {"offer": c.offer, "score": c.score, "terms": dict(c.terms)} for c in e.chosen
                ],
                "runners_up": [
                    {"offer": r.offer, "score": r.score, "kind": r.kind.value, "reason": r.reason}
                    for r in e.runners_up
                ],
            }
            for e in explanations
        ]
        args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return EXIT_OK if allocation.status in (Status.OPTIMAL, Status.FEASIBLE) else EXIT_NO_PLAN


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    problem = load_problem(args.scenario)
    allocation = load_allocation(args.allocation)
    violations = validate(problem, allocation, Params(allow_level_1=args.allow_level_1))
    if not violations:
        print(f"valid: {len(allocation.assignments)} assignment(s), no violation", file=out)
        return EXIT_OK
    print(f"{len(violations)} violation(s):", file=out)
    for v in violations:
        print(f"  [{v.label}] {v.message}", file=out)
    return EXIT_NO_PLAN


def _generate(args: argparse.Namespace, out: TextIO) -> int:
    problem = generate(args.tier, args.seed)
    save_problem(problem, args.out)
    units = sum(r.units for r in problem.requirements)
    print(
        f"wrote {args.out}: {len(problem.pledges)} pledges, {len(problem.requirements)} "
        f"requirements ({units} units)",
        file=out,
    )
    return EXIT_OK


def _from_gap(args: argparse.Namespace, out: TextIO) -> int:
    if args.random:
        try:
            kind, size = args.random.split(":")
            m, n = (int(v) for v in size.lower().split("x"))
        except ValueError:
            raise ScenarioError("--random", "expected TYPE:MxN, e.g. D:10x100") from None
        if kind.upper() not in GAP_TYPES:
            raise ScenarioError("--random", f"GAP type must be one of {', '.join(GAP_TYPES)}")
        if m < 1 or n < 1:
            raise ScenarioError("--random", "at least one agent and one job")
        instances = [generate_gap(kind, m, n, args.seed)]
    elif args.orlib:
        instances = read_orlib(args.orlib)
    else:
        raise ScenarioError("orlib", "give an OR-Library file or --random TYPE:MxN")
    if len(instances) == 1:
        targets = [args.out]
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        targets = [args.out / f"{g.name}.json" for g in instances]
    for gap, target in zip(instances, targets, strict=True):
        problem = gap_to_problem(gap, maximize=args.maximize)
        target.write_text(json.dumps(problem_to_dict(problem)) + "\n", encoding="utf-8")
        print(f"wrote {target}: {gap.agents} agents x {gap.jobs} jobs", file=out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting (handy in tests).

    >>> import io
    >>> main(["validate", "/nonexistent.json", "/nonexistent.json"], out=io.StringIO())
    2
    """
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    commands = {
        "solve": _solve,
        "validate": _validate,
        "generate": _generate,
        "from-gap": _from_gap,
    }
    try:
        return commands[args.command](args, out)
    except ScenarioError as exc:
        # Bad input is the user's to fix: the path and the reason, no traceback.
        print(f"error: {exc}", file=out if out is not sys.stdout else sys.stderr)
        return EXIT_BAD_INPUT


def run() -> int:
    """``python -m pcrs.engine``: :func:`main`, quiet when the reader stops early (``| head``).

    A closed pipe is not an error of the engine: no traceback, and stdout is pointed at
    /dev/null so that the interpreter's final flush does not raise again.
    """
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return code
