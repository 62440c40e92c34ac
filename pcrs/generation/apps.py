from django.apps import AppConfig


class GenerationConfig(AppConfig):
    name = "pcrs.generation"
    label = "generation"
    verbose_name = "Force generation"

    def ready(self) -> None:
        from pcrs.core.home import register_home_panel
        from pcrs.generation.views import home_panel

        register_home_panel(home_panel)
