from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "pcrs.performance"
    label = "performance"
    verbose_name = "Unit performance"
