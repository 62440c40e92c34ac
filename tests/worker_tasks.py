"""Tasks the fault drills run in a real worker process (importable by `manage.py db_worker`)."""

from __future__ import annotations

import time

from django.tasks import task


@task
def sleep_for(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"
