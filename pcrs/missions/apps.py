from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "pcrs.missions"
    label = "missions"
