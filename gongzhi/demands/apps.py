from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandsConfig(AppConfig):
    name = "gongzhi.demands"
    label = "demands"
    verbose_name = _("民呼我应（诉求办理）")

    def ready(self):
        from gongzhi.core import figures
        from gongzhi.demands.indicators import PROVIDER

        figures.register(PROVIDER)
