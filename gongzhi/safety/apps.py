from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "gongzhi.safety"
    label = "safety"
    verbose_name = _("平安家庭")

    def ready(self):
        from gongzhi.core import figures
        from gongzhi.safety.indicators import PROVIDER

        figures.register(PROVIDER)
        from gongzhi.demands import households
        from gongzhi.safety.resources import register
        from gongzhi.safety.services import household_record_demand

        register()
        # Every demand recorded against a household, whatever its channel, reaches the safe-household rule.
        households.register(household_record_demand)
