from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "gongzhi.volunteering"
    label = "volunteering"
    verbose_name = _("志愿服务")

    def ready(self):
        from gongzhi.core import figures
        from gongzhi.volunteering.indicators import PROVIDER

        figures.register(PROVIDER)
        from gongzhi.volunteering.resources import register

        register()
