from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Core: audit trail"
    name = "pcrs.core"
    label = "core"

    def ready(self) -> None:
        # Infrastructure, not domain flow: a database worker reaps dead workers' tasks before
        # each task it starts (pcrs/core/task_reaper.py).
        from django.tasks.signals import task_started

        from pcrs.core.task_reaper import reap_before_task

        task_started.connect(reap_before_task, dispatch_uid="pcrs-reaper")

        # Every connection reports its writes, so cached fragments are never stale
        # (pcrs/core/freshness.py).
        from django.db.backends.signals import connection_created

        from pcrs.core.freshness import watch_connection

        connection_created.connect(watch_connection, dispatch_uid="pcrs-freshness")
