from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "pcrs.consultations"
    label = "consultations"
    verbose_name = "Triangular consultations"

    def ready(self) -> None:
        from pcrs.consultations.views import (
            home_panel,
            mission_panel,
            notifications_panel,
        )
        from pcrs.core.home import register_home_panel
        from pcrs.core.panels import register_panel

        register_home_panel(home_panel)
        register_home_panel(notifications_panel)
        register_panel("missions.mission_detail", mission_panel)
