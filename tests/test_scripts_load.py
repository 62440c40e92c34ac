"""The Python scripts CI runs after the test suite load: their imports still resolve.

The PostgreSQL restart drill runs only in CI, after both test runs (about 40 minutes in); a name
it imports from the benchmarks was renamed once and CI failed there, with every test green. This
loads each Python script as a module (their `main()` is guarded by `__name__`), so a broken
import fails here, in the first minutes.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
PYTHON_SCRIPTS = sorted(
    path
    for path in SCRIPTS.iterdir()
    if path.is_file() and path.read_text(encoding="utf-8").startswith("#!/usr/bin/env python")
)


def test_the_python_scripts_are_found() -> None:
    assert {path.name for path in PYTHON_SCRIPTS} >= {"drill-postgres-restart", "makemessages-root"}


@pytest.mark.parametrize("script", PYTHON_SCRIPTS, ids=lambda path: path.name)
def test_a_script_loads_without_running(script: Path) -> None:
    name = script.name.replace("-", "_")
    loader = importlib.machinery.SourceFileLoader(name, str(script))
    spec = importlib.util.spec_from_loader(name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    assert callable(module.main)
