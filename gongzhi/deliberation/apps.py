from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "gongzhi.deliberation"
    label = "deliberation"
    verbose_name = _("议事协商")

    def ready(self) -> None:
        from gongzhi.core import figures
        from gongzhi.deliberation.indicators import PROVIDER

        figures.register(PROVIDER)
        from gongzhi.deliberation.resources import register
        from gongzhi.deliberation.services import topic_raise_from_demand
        from gongzhi.demands import escalation

        register()
        # A demand escalated into deliberation (三重一大, several compounds) becomes a topic at once.
        escalation.register("deliberation", topic_raise_from_demand)
