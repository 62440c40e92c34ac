from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "pcrs.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships and co-deployment"

    def ready(self) -> None:
        from pcrs.core.home import register_home_panel
        from pcrs.partnerships.views import home_panel

        register_home_panel(home_panel)
