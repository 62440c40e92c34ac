"""Tasks the fault drills run in a real worker process (importable by `manage.py db_worker`)."""

from __future__ import annotations

import time

from django.tasks import task


@task
def sleep_for(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


@task
def record_run(path: str, key: str) -> str:
    """Append one line per run (O_APPEND: lines from several processes never interleave)."""
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"{key}\n")
    return key
