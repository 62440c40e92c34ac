from django.apps import AppConfig


class GenerationConfig(AppConfig):
    name = "pcrs.generation"
    label = "generation"
    verbose_name = "Force generation"

    def ready(self) -> None:
        from pcrs.core.home import register_home_panel
        from pcrs.core.panels import register_panel
        from pcrs.generation.views import gaps_metrics_panel, home_panel

        register_home_panel(home_panel)
        register_panel("missions.gaps_dashboard", gaps_metrics_panel)
