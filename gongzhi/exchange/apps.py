from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "gongzhi.exchange"
    label = "exchange"
    verbose_name = _("数据共享交换")

    def ready(self):
        # drf-spectacular finds an extension by its class being defined: importing registers it.
        from gongzhi.exchange import schema  # noqa: F401
