from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Core: audit trail"
    name = "pcrs.core"
    label = "core"
