"""Missions: import the whole real UN contributions file (target: under 60 s on the CI machine).

Runs against a throwaway SQLite database (or PCRS_BENCH_DATABASE_URL, e.g. a PostgreSQL test
database) so that `make bench` never touches the demo data.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 60.0


def _setup() -> str:
    workdir = tempfile.mkdtemp(prefix="pcrs-bench-missions-")
    url = os.environ.get("PCRS_BENCH_DATABASE_URL") or f"sqlite:///{Path(workdir) / 'bench.db'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url.split(":", 1)[0]


def run() -> str:
    engine = _setup()
    from pcrs.memberstates.services import member_states_load
    from pcrs.missions.datafiles import CONTRIBUTIONS_FILE, MISSIONS_FILE, real_data_file
    from pcrs.missions.models import Contribution
    from pcrs.missions.services import contributions_import, missions_import

    member_states_load()
    missions_path = real_data_file(MISSIONS_FILE)
    missions_import(actor=None, data=missions_path.read_bytes(), file_name=missions_path.name)
    path = real_data_file(CONTRIBUTIONS_FILE)
    data = path.read_bytes()

    started = time.perf_counter()
    first = contributions_import(actor=None, data=data, file_name=path.name)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = contributions_import(actor=None, data=data, file_name=path.name)
    again_seconds = time.perf_counter() - started
    assert first.report.accepted and again.report.accepted
    counts = first.report.counts
    verdict = "within" if max(first_seconds, again_seconds) < TARGET_SECONDS else "OVER"
    return "\n".join(
        [
            "## Missions: import of the real UN contributions file",
            "",
            f"`{path.name}`: {len(data) / 1e6:.1f} MB, {counts['rows_read']:,} rows, "
            f"{counts['months']} months; database: {engine}.",
            "",
            "| step | seconds | records |",
            "|---|---:|---:|",
            f"| first import (parse, check, reconcile, write) | {first_seconds:.1f} | "
            f"{counts['records']:,} |",
            f"| re-import (replaces every month) | {again_seconds:.1f} | "
            f"{Contribution.objects.count():,} |",
            "",
            f"Target: under {TARGET_SECONDS:.0f} s: {verdict}. Rows imported "
            f"{counts['rows_imported']:,}, aggregate rows reconciled "
            f"{counts['aggregates_reconciled']:,} ({counts['aggregates_differing']} differ, "
            "all in the grand totals' *_Total columns).",
        ]
    )


if __name__ == "__main__":
    print(run())
