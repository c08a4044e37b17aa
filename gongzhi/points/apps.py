from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "gongzhi.points"
    label = "points"
    verbose_name = _("积分制（积分积德）")

    def ready(self):
        from gongzhi.core import figures
        from gongzhi.points.indicators import PROVIDER

        figures.register(PROVIDER)
        from gongzhi.points.resources import register

        register()
