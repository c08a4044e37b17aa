"""The mediation registers in Excel: mediators, cases and parties, each all-or-nothing.

A case imported from Excel starts as 已登记 (its steps are taken on the platform); parties
are exported masked unless the viewer is the case's mediator or supervisor.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gongzhi.core.cells import ChoiceWidget, DateWidget, TextWidget, YesNoWidget, text
from gongzhi.mediation import workflow
from gongzhi.mediation.models import Dispute, DisputeEvent, DisputeParty, Mediator, PartyRole
from gongzhi.mediation.selectors import PARTY_MASKS, dispute_visible, party_view, sees_parties
from gongzhi.mediation.workflow import Kind, MediatorKind, Source, State
from gongzhi.people.resource_base import RegistryResource, col, territory_col
from gongzhi.people.scope import roles_at
from gongzhi.territory.levels import Level


class DateTimeWidget(DateWidget):
    """A date (or date and time) cell; a bare date means 09:00 China time that day."""

    def clean(self, value, row=None, **kwargs):
        import datetime as dt

        from gongzhi.core.periods import CHINA

        if isinstance(value, dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=CHINA)
        v = text(value)
        if not v:
            return None
        try:
            parsed = dt.datetime.fromisoformat(v)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA)
        except ValueError:
            day = super().clean(value, row, **kwargs)
            return dt.datetime.combine(day, dt.time(9), tzinfo=CHINA)

    def render(self, value, obj=None, **kwargs):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class DisputeRefWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        key = text(value).lstrip("#")
        user = kwargs.get("user")
        qs = Dispute.objects.all() if user is None else dispute_visible(actor=user)
        found = qs.filter(pk=int(key)).first() if key.isdigit() else None
        if found is None:
            raise ValueError(f"找不到编号为「{key}」的案件，或它不在您的管辖范围内")
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value.pk)


class MediatorResource(RegistryResource):
    name = col("name", "姓名")
    kind = col("kind", "类型", ChoiceWidget(MediatorKind.choices))
    phone = col("phone", "手机号")
    organisation = col("organisation", "所在调委会/单位")
    territory = territory_col(
        "territory", "服务辖区", {Level.STREET, Level.COMMUNITY, Level.GRID, Level.NATURAL_VILLAGE}
    )
    active = col("active", "在岗", YesNoWidget())
    natural_key = ("territory", "name")
    example = {
        "name": "陈老师",
        "kind": "五老",
        "phone": "13800138000",
        "organisation": "某某社区人民调解委员会",
        "territory": "340302001001",
        "active": "是",
    }

    class Meta(RegistryResource.Meta):
        model = Mediator
        fields = ("id", "name", "kind", "phone", "organisation", "territory", "active")


class DisputeResource(RegistryResource):
    territory = territory_col("territory", "发生辖区")
    source = col("source", "来源", ChoiceWidget(Source.choices))
    police_ref = col("police_ref", "110 接警单号")
    kind = col("kind", "纠纷类型", ChoiceWidget(Kind.choices))
    summary = col("summary", "纠纷概要")
    received_at = col("received_at", "受理时间", DateTimeWidget())
    state = col("state", "状态", ChoiceWidget(State.choices), readonly=True)
    mediator = col("mediator", "调解员", readonly=True)
    parties = col("parties", "当事人", readonly=True)
    natural_key = ()
    example = {
        "territory": "340302001001",
        "source": "群众来访",
        "kind": "邻里纠纷",
        "summary": "楼上漏水引发邻里矛盾",
        "received_at": "2024-05-06 09:30",
    }

    class Meta(RegistryResource.Meta):
        model = Dispute
        fields = (
            "id",
            "territory",
            "source",
            "police_ref",
            "kind",
            "summary",
            "received_at",
            "state",
            "mediator",
            "parties",
        )

    def get_queryset(self):
        return Dispute.objects.all() if self.actor is None else dispute_visible(actor=self.actor)

    def related(self):
        return ["territory", "mediator", "mediator__user"]

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        return super().export(queryset=queryset.prefetch_related("parties"), **kwargs)

    def dehydrate_mediator(self, dispute):
        return dispute.mediator.name if dispute.mediator_id else ""

    def dehydrate_parties(self, dispute):
        full = self.actor is None or sees_parties(actor=self.actor, dispute=dispute)
        views = [party_view(p, full=full) for p in dispute.parties.all()]
        return "、".join(f"{v['name']}（{v['role_label']}）" for v in views)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None and self.actor is not None:
            instance.registered_by = self.actor
            desk = (
                self.actor.is_superuser or roles_at(self.actor, instance.territory.path) & workflow.DESK_ROLES
            )
            instance.supervisor = self.actor if desk else None

    def do_instance_save(self, instance, is_create):
        super().do_instance_save(instance, is_create)
        if is_create:
            DisputeEvent.objects.create(
                dispute=instance,
                actor=self.actor,
                action="register",
                to_state=instance.state,
                note="Excel 导入",
            )


class DisputePartyResource(RegistryResource):
    dispute = col("dispute", "案件编号", DisputeRefWidget())
    role = col("role", "身份", ChoiceWidget(PartyRole.choices))
    name = col("name", "姓名")
    id_number = col("id_number", "身份证号", TextWidget(upper=True))
    phone = col("phone", "手机号")
    address = col("address", "住址")
    household = territory_col("household", "所在户", {Level.HOUSEHOLD}, "所在户")
    natural_key = ("dispute", "name")
    example = {
        "dispute": "1",
        "role": "申请人",
        "name": "王某某",
        "phone": "13900139000",
        "address": "某某小区 3 栋 502 室",
    }

    class Meta(RegistryResource.Meta):
        model = DisputeParty
        fields = ("id", "dispute", "role", "name", "id_number", "phone", "address", "household")

    def get_queryset(self):
        qs = DisputeParty.objects.all()
        if self.actor is None:
            return qs
        return qs.filter(dispute__in=dispute_visible(actor=self.actor).values("pk"))

    def related(self):
        return ["dispute", "dispute__mediator", "dispute__territory", "household"]

    def export_field(self, field, instance, **kwargs):
        value = super(RegistryResource, self).export_field(field, instance, **kwargs)
        mask = PARTY_MASKS.get(field.attribute or "")
        if (
            mask
            and value
            and self.actor is not None
            and not sees_parties(actor=self.actor, dispute=instance.dispute)
        ):
            return mask(str(value))
        return value

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if (
            instance.dispute_id
            and self.actor is not None
            and not sees_parties(actor=self.actor, dispute=instance.dispute)
        ):
            raise ValidationError({"案件编号": ["只有本案调解员或督导人可以登记当事人"]})

    def do_instance_save(self, instance, is_create):
        super().do_instance_save(instance, is_create)
        from gongzhi.mediation.services import KIND_CRITERION
        from gongzhi.safety.services import household_record_against

        criterion = KIND_CRITERION.get(instance.dispute.kind)
        if is_create and instance.household_id and criterion:
            household_record_against(
                actor=self.actor,
                household_id=instance.household_id,
                source="dispute",
                reference=f"纠纷案件 #{instance.dispute_id}",
                criterion=criterion,
            )


RESOURCES = {
    "mediators": MediatorResource,
    "disputes": DisputeResource,
    "dispute-parties": DisputePartyResource,
}


def register() -> None:
    """Add these registers to the ones `gongzhi registry` and the back office know (idempotent)."""
    from gongzhi.people.resources import REGISTRIES

    for name, resource in RESOURCES.items():
        REGISTRIES.setdefault(name, resource)
