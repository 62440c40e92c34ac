from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "pcrs.readiness"
    label = "readiness"
