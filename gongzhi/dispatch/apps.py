from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "gongzhi.dispatch"
    label = "dispatch"
    verbose_name = _("智能分派")
