"""One owner of the pledge lifecycle: only the ladder's service writes status and level.

Two guards. A static one reads every module of `pcrs` (tests and migrations aside) and fails on
any assignment of a pledge's `status` / `readiness_level`, or any `update(...)` /
`Pledge(...)` naming them, outside pcrs/readiness/services.py. A dynamic one watches every
save and queryset update of a Pledge while the demo loader, a full climb, a change request and
a deployment run, and fails if a write that changes status or level comes from anywhere but
`services._apply`.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from pcrs.readiness import services
from pcrs.readiness.demo import readiness_load_demo
from pcrs.readiness.tests.conftest import move, record_aav
from pcrs.registry import services as registry
from pcrs.registry.models import Pledge, PledgeStatus

ROOT = Path(__file__).resolve().parents[2]  # pcrs/
OWNER = ROOT / "readiness" / "services.py"
LIFECYCLE = {"status", "readiness_level"}


def _writes_in(path: Path) -> list[str]:
    """Lines of `path` that write a pledge's status or level."""
    tree = ast.parse(path.read_text())
    found: list[str] = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr in LIFECYCLE
                and "pledge" in ast.unparse(target.value).lower()
            ):
                found.append(f"{path}:{target.lineno}: {ast.unparse(node)[:80]}")
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            keywords = {k.arg for k in node.keywords}
            on_pledge = "pledge" in name.lower()
            updates = name.endswith("update") and (
                "readiness_level" in keywords or (on_pledge and keywords & LIFECYCLE)
            )
            creates = name in ("Pledge", "Pledge.objects.create") and keywords & LIFECYCLE
            # setattr(pledge, "status", ...); a computed name is left to the runtime guard.
            sets = (
                name == "setattr"
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in LIFECYCLE
            )
            if updates or creates or sets:
                found.append(f"{path}:{node.lineno}: {name}(...)")
    return found


def test_no_module_but_the_ladder_service_writes_status_or_level():
    offenders = [
        line
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts and path != OWNER
        for line in _writes_in(path)
    ]
    assert offenders == []


def test_the_static_guard_catches_a_direct_write(tmp_path):
    """The guard above can fail: a module writing the level is reported."""
    rogue = tmp_path / "rogue.py"
    rogue.write_text(
        "def f(pledge):\n"
        "    pledge.readiness_level = '3'\n"
        "    Pledge.objects.filter(pk=1).update(status='active')\n"
        "    setattr(pledge, 'status', 'deployed')\n"
    )
    assert len(_writes_in(rogue)) == 3


class Watch:
    """Record every Pledge write that changes status or level, and who made it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.writers: list[str] = []
        original_save = Pledge.save
        original_update = QuerySet.update
        watch = self

        def save(pledge: Pledge, *args: Any, **kwargs: Any) -> None:
            before = Pledge.objects.filter(pk=pledge.pk).values("status", "readiness_level")
            row = before.first()
            if row is None or (row["status"], row["readiness_level"]) != (
                pledge.status,
                pledge.readiness_level,
            ):
                watch.writers.append(watch.caller())
            original_save(pledge, *args, **kwargs)

        def update(queryset: QuerySet[Any], **kwargs: Any) -> int:
            if queryset.model is Pledge and set(kwargs) & LIFECYCLE:
                watch.writers.append(watch.caller())
            return original_update(queryset, **kwargs)

        monkeypatch.setattr(Pledge, "save", save)
        monkeypatch.setattr(QuerySet, "update", update)

    @staticmethod
    def caller() -> str:
        for frame in inspect.stack()[2:]:
            if "/pcrs/" in frame.filename and "/tests/" not in frame.filename:
                return f"{Path(frame.filename).relative_to(ROOT.parent)}:{frame.function}"
        return "test set-up"


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch) -> Watch:
    return Watch(monkeypatch)


def _only_the_ladder(writers: list[str]) -> set[str]:
    return {w for w in writers if w != "test set-up"}


def test_the_demo_loader_goes_through_the_ladder(complete_pledge, secretariat, fp_bgd, watch):
    for i in range(40):
        complete_pledge(title=f"DEMO-{i}", is_synthetic=True)
    watch.writers.clear()
    readiness_load_demo(stdout=StringIO(), today=timezone.localdate())
    assert watch.writers, "the demo moved no pledge"
    assert _only_the_ladder(watch.writers) == {"pcrs/readiness/services.py:_apply"}
    assert Pledge.objects.exclude(status=PledgeStatus.DRAFT).exists()


def test_a_climb_a_change_and_a_deployment_write_only_through_the_ladder(
    pledge, fp_bgd, secretariat, generic_sur, watch
):
    day = timezone.localdate() - dt.timedelta(days=40)
    move(fp_bgd, pledge, "submit", day)
    move(secretariat, pledge, "acknowledge", day)
    move(secretariat, pledge, "accept", day)
    record_aav(secretariat, pledge, end=day + dt.timedelta(days=5))
    move(secretariat, pledge, "grant_level_2", day + dt.timedelta(days=6))
    services.sur_alignment_record(
        actor=secretariat,
        pledge=pledge,
        sur=generic_sur,
        agreed_on=day + dt.timedelta(days=7),
        variations=[],
        today=day + dt.timedelta(days=7),
    )
    move(secretariat, pledge, "grant_level_3", day + dt.timedelta(days=8))
    move(secretariat, pledge, "deploy", day + dt.timedelta(days=9))
    move(secretariat, pledge, "repatriate", day + dt.timedelta(days=30))
    pledge.refresh_from_db()
    assert (pledge.status, pledge.readiness_level) == ("active", "3")
    data = registry.input_of(pledge)
    changed = registry.PledgeInput(**{**data.__dict__, "personnel": 1200, "organization": []})
    registry.pledge_update(actor=fp_bgd, pledge=pledge, data=changed)
    request = registry.pending_change_request(pledge)
    assert request is not None
    services.change_request_accept(actor=secretariat, change_request=request)
    pledge.refresh_from_db()
    assert (pledge.status, pledge.readiness_level) == ("active", "1")
    assert _only_the_ladder(watch.writers) == {"pcrs/readiness/services.py:_apply"}
