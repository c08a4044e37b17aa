"""Input and output serializers of the patrol endpoints; none of them writes."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.api.serializers import InputSerializer, MaskedOutputSerializer
from gongzhi.patrols.models import Disposition, DutyRule, Finding, FindingCategory, Patrol, Visit


class DutyRuleIn(InputSerializer):
    class Meta:
        model = DutyRule
        fields = ["name", "kind", "tag", "interval_days", "territory", "description", "active"]


class DutyRuleOut(MaskedOutputSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    territory_name = serializers.CharField(source="territory.name", read_only=True)

    class Meta:
        model = DutyRule
        fields = ["id", *DutyRuleIn.Meta.fields, "kind_label", "territory_name", "created_at", "updated_at"]


class VisitOut(serializers.ModelSerializer):
    household_name = serializers.CharField(source="household.name", read_only=True)

    class Meta:
        model = Visit
        fields = ["id", "patrol", "household", "household_name", "visited_on", "note"]


class FindingOut(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    disposition_label = serializers.CharField(source="get_disposition_display", read_only=True)
    territory_name = serializers.CharField(source="territory.name", read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "patrol",
            "territory",
            "territory_name",
            "category",
            "category_label",
            "description",
            "disposition",
            "disposition_label",
            "demand",
            "handoff_note",
        ]


class PatrolOut(serializers.ModelSerializer):
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    patroller_name = serializers.SerializerMethodField()
    visit_count = serializers.IntegerField(source="n_visits", read_only=True, default=None)
    finding_count = serializers.IntegerField(source="n_findings", read_only=True, default=None)

    class Meta:
        model = Patrol
        fields = [
            "id",
            "territory",
            "territory_name",
            "grid_worker",
            "council_member",
            "patroller_name",
            "date",
            "route",
            "distance_m",
            "note",
            "visit_count",
            "finding_count",
            "created_at",
        ]

    def get_patroller_name(self, obj) -> str:
        return obj.patroller.name if obj.patroller else ""


class PatrolDetailOut(PatrolOut):
    visits = VisitOut(many=True, read_only=True)
    findings = FindingOut(many=True, read_only=True)

    class Meta(PatrolOut.Meta):
        fields = [*PatrolOut.Meta.fields, "visits", "findings"]


class VisitIn(serializers.Serializer):
    household_id = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class FindingIn(serializers.Serializer):
    category = serializers.ChoiceField(choices=FindingCategory.choices)
    description = serializers.CharField()
    disposition = serializers.ChoiceField(choices=Disposition.choices, default=Disposition.PASSED_ON)
    territory_id = serializers.IntegerField(required=False)
    to_demand = serializers.BooleanField(default=False, help_text="一键转为诉求")


class PatrolIn(serializers.Serializer):
    territory_id = serializers.IntegerField()
    date = serializers.DateField(required=False)
    grid_worker_id = serializers.IntegerField(required=False, allow_null=True)
    council_member_id = serializers.IntegerField(required=False, allow_null=True)
    route = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        required=False,
        help_text="[[经度, 纬度], …]",
    )
    coord_system = serializers.ChoiceField(choices=["gcj02", "wgs84"], default="gcj02")
    visits = VisitIn(many=True, required=False)
    findings = FindingIn(many=True, required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    client_key = serializers.CharField(required=False, allow_blank=True, max_length=64)


class DueItemOut(serializers.Serializer):
    household = serializers.IntegerField(source="household.pk")
    household_name = serializers.CharField(source="household.name")
    address = serializers.CharField(source="household.address")
    tags = serializers.ListField(child=serializers.CharField())
    rules = serializers.ListField(child=serializers.CharField())
    interval_days = serializers.IntegerField()
    last_visit = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    overdue_days = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField()
