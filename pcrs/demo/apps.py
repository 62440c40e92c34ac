from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "pcrs.demo"
    label = "demo"
    verbose_name = "Demo data"
