from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "pcrs.registry"
    label = "registry"

    def ready(self) -> None:
        from pcrs.core.home import register_home_panel
        from pcrs.registry.views import home_panel

        register_home_panel(home_panel)
