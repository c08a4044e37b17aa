from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top floor: home page, menu, API hub and demo command, free to import every app."""

    name = "gongzhi.site"
    label = "site"
    verbose_name = _("门户")
