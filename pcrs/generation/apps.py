from django.apps import AppConfig


class GenerationConfig(AppConfig):
    name = "pcrs.generation"
    label = "generation"
    verbose_name = "Force generation"
