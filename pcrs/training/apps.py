from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "pcrs.training"
    label = "training"
    verbose_name = "Training centres and course recognition"

    def ready(self) -> None:
        from pcrs.core.home import register_home_panel
        from pcrs.training.views import home_panel

        register_home_panel(home_panel)
