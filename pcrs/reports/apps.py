from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "pcrs.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from pcrs.core.panels import register_panel
        from pcrs.reports.views import gaps_panel

        register_panel("missions.gaps_dashboard", gaps_panel)
