"""Shared by the import commands: read a file, run an import service, exit 0 or 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pcrs.missions.datafiles import real_data_file


def resolve_path(path: str | None, default_name: str) -> Path:
    resolved = Path(path) if path else real_data_file(default_name)
    if not resolved.is_file():
        raise CommandError(f"{resolved}: no such file")
    return resolved


def finish(command: BaseCommand, report: Any) -> None:
    """Print the summary; a rejected file exits 1 with the report (nothing was changed)."""
    if report.accepted:
        command.stdout.write(report.as_text())
        return
    raise CommandError(report.as_text())
