from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "pcrs.statistics"
    label = "statistics"
    verbose_name = "Published statistics"

    def ready(self) -> None:
        from pcrs.core.disclosure import register_published_level2_count
        from pcrs.core.home import register_home_panel
        from pcrs.statistics.selectors import published_level2_count
        from pcrs.statistics.views import home_panel

        register_home_panel(home_panel)
        register_published_level2_count(published_level2_count)
