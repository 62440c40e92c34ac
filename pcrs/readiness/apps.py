from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "pcrs.readiness"
    label = "readiness"
    verbose_name = "Readiness ladder"

    def ready(self) -> None:
        from pcrs.core.home import register_home_panel
        from pcrs.readiness.views import home_panel

        register_home_panel(home_panel)
