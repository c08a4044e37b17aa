from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "gongzhi.assessment"
    label = "assessment"
    verbose_name = _("考评")

    def ready(self):
        from gongzhi.assessment.indicators import PROVIDER
        from gongzhi.core import figures

        figures.register(PROVIDER)
        from gongzhi.assessment.badges import org_badges
        from gongzhi.people import badges

        badges.register(org_badges)
