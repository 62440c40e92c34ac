"""Force-generation runs as Django tasks, worked by `manage.py db_worker` (django-tasks-db).

The task only calls the service: run_execute claims the queued run, solves it with a
heartbeat, and always leaves it in a final status; a worker killed mid-run is caught by
runs_reap_stale (called by the next task, and whenever a run page or the API is read).
"""

from __future__ import annotations

from django.tasks import task

from pcrs.generation.services import run_execute


@task
def generation_run_task(run_id: str) -> str:
    """Solve one queued run; returns its final status."""
    return str(run_execute(run_id=run_id).status)
