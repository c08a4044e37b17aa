from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "gongzhi.dispatch"
    label = "dispatch"
    verbose_name = _("智能分派")

    def ready(self) -> None:
        from gongzhi.demands import merging, suggesting, timers
        from gongzhi.dispatch import hooks

        # Demands asks through its hooks and never imports dispatch: dependencies point one way.
        suggesting.register(suggest=hooks.suggest, learn=hooks.learn)
        merging.register(hooks.merge_suggestions)
        timers.register_hourly(hooks.retrain_if_due)
        timers.register_hourly(hooks.rises_notify)
