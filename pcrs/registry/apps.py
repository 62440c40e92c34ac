from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "pcrs.registry"
    label = "registry"
