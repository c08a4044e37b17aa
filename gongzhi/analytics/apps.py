from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "gongzhi.analytics"
    label = "analytics"
    verbose_name = _("指挥中心与统计")

    def ready(self) -> None:
        from gongzhi.analytics.reports.delivery import reviews_send
        from gongzhi.analytics.warming import figures_warm
        from gongzhi.demands import timers

        # Beat sends the reviews on Monday and the 1st at 08:00; hourly, they go out once they fall due.
        timers.register_hourly(reviews_send)
        # The last full month's figures are ready before an official looks (Celery beat: hourly too).
        timers.register_hourly(figures_warm)
