from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatrolsConfig(AppConfig):
    name = "gongzhi.patrols"
    label = "patrols"
    verbose_name = _("网格巡访")

    def ready(self):
        from gongzhi.core import figures
        from gongzhi.patrols.indicators import PROVIDER

        figures.register(PROVIDER)
        from gongzhi.patrols.resources import register

        register()
