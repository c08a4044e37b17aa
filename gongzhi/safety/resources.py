"""平安家庭评定 in Excel: a new row opens an assessment (申请/提名); the steps are taken on the platform."""

from __future__ import annotations

from gongzhi.core.cells import ChoiceWidget, DateWidget
from gongzhi.people.resource_base import RegistryResource, col, territory_col
from gongzhi.safety.models import AssessmentEvent, SafeHouseholdAssessment
from gongzhi.safety.workflow import Origin, Plaque, State
from gongzhi.territory.levels import Level


class SafeHouseholdAssessmentResource(RegistryResource):
    household = territory_col("household", "户", {Level.HOUSEHOLD}, "户")
    origin = col("origin", "来源", ChoiceWidget(Origin.choices))
    applicant_name = col("applicant_name", "申请人/推荐人")
    state = col("state", "状态", ChoiceWidget(State.choices), readonly=True)
    plaque = col("plaque", "牌匾", ChoiceWidget(Plaque.choices), readonly=True)
    awarded_on = col("awarded_on", "授牌日期", DateWidget(), readonly=True)
    next_recheck_on = col("next_recheck_on", "下次复核日期", DateWidget(), readonly=True)
    lost_reason = col("lost_reason", "摘牌/不通过原因", readonly=True)
    example = {
        "household": "340302001001/第一网格/1栋/101室",
        "origin": "推荐提名",
        "applicant_name": "第一网格党支部",
    }

    class Meta(RegistryResource.Meta):
        model = SafeHouseholdAssessment
        fields = (
            "id",
            "household",
            "origin",
            "applicant_name",
            "state",
            "plaque",
            "awarded_on",
            "next_recheck_on",
            "lost_reason",
        )

    def do_instance_save(self, instance, is_create):
        super().do_instance_save(instance, is_create)
        if is_create:
            AssessmentEvent.objects.create(
                assessment=instance,
                actor=self.actor,
                action="apply",
                to_state=instance.state,
                note="Excel 导入",
            )


RESOURCES = {"safe-household-assessments": SafeHouseholdAssessmentResource}


def register() -> None:
    """Add this register to the ones `gongzhi registry` and the back office know (idempotent)."""
    from gongzhi.people.resources import REGISTRIES

    for name, resource in RESOURCES.items():
        REGISTRIES.setdefault(name, resource)
