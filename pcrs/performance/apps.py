from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "pcrs.performance"
    label = "performance"
    verbose_name = "Unit performance"

    def ready(self) -> None:
        from pcrs.core.home import register_home_panel
        from pcrs.performance.views import home_panel

        register_home_panel(home_panel)
