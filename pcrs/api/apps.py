from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pcrs.api"
    label = "api"
