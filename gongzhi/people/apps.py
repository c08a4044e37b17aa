from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "gongzhi.people"
    label = "people"
    verbose_name = _("组织与人员")

    def ready(self):
        from gongzhi.core import figures
        from gongzhi.people.indicators import PROVIDER

        figures.register(PROVIDER)
