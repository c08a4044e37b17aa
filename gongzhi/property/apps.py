from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PropertyConfig(AppConfig):
    name = "gongzhi.property"
    label = "property"
    verbose_name = _("红色物业")

    def ready(self):
        from gongzhi.core import figures
        from gongzhi.property.indicators import PROVIDER

        figures.register(PROVIDER)
        from gongzhi.property.resources import register

        register()
