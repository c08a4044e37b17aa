from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "gongzhi.workforce"
    label = "workforce"
    verbose_name = _("队伍")

    def ready(self):
        from gongzhi.core import figures
        from gongzhi.workforce.indicators import PROVIDER
        from gongzhi.workforce.resources import register

        figures.register(PROVIDER)
        register()
