from django.apps import AppConfig


class GenderConfig(AppConfig):
    name = "pcrs.gender"
    label = "gender"
    verbose_name = "Gender parity"
