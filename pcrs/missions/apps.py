from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "pcrs.missions"
    label = "missions"

    def ready(self) -> None:
        from pcrs.core.home import register_home_panel
        from pcrs.missions.home import planner_panel

        register_home_panel(planner_panel)
