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
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate
        from django.tasks.signals import task_finished

        from pcrs.core import freshness

        connection_created.connect(freshness.watch_connection, dispatch_uid="pcrs-freshness")
        pre_migrate.connect(freshness.migration_starts, dispatch_uid="pcrs-freshness-pre")
        post_migrate.connect(freshness.migration_ends, dispatch_uid="pcrs-freshness-post")
        request_finished.connect(freshness.settle, dispatch_uid="pcrs-freshness-request")
        task_finished.connect(freshness.settle, dispatch_uid="pcrs-freshness-task")
