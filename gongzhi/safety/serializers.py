"""Serializers of the safe-household endpoints; none of them writes."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.safety.models import AssessmentEvent, SafeHouseholdAssessment
from gongzhi.safety.workflow import Origin


class AssessmentEventOut(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True, default="")

    class Meta:
        model = AssessmentEvent
        fields = ["at", "action", "from_state", "to_state", "note", "extra", "actor_name"]


class AssessmentOut(serializers.ModelSerializer):
    household_name = serializers.CharField(source="household.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    plaque_label = serializers.CharField(source="get_plaque_display", read_only=True)

    class Meta:
        model = SafeHouseholdAssessment
        fields = [
            "id",
            "household",
            "household_name",
            "origin",
            "applicant_name",
            "state",
            "state_label",
            "criteria",
            "plaque",
            "plaque_label",
            "notice_until",
            "awarded_on",
            "last_checked_on",
            "next_recheck_on",
            "lost_reason",
            "created_at",
        ]


class AssessmentDetailOut(AssessmentOut):
    events = AssessmentEventOut(many=True, read_only=True)

    class Meta(AssessmentOut.Meta):
        fields = [*AssessmentOut.Meta.fields, "events"]


class AssessmentIn(serializers.Serializer):
    household_id = serializers.IntegerField()
    origin = serializers.ChoiceField(choices=Origin.choices, default=Origin.APPLIED)
    applicant_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    note = serializers.CharField(required=False, allow_blank=True)


class AssessmentTransitionIn(serializers.Serializer):
    action = serializers.CharField(
        help_text="grid_check / review / publish / award / recheck / revoke / reject"
    )
    note = serializers.CharField(required=False, allow_blank=True)
    criteria = serializers.DictField(
        child=serializers.BooleanField(), required=False, help_text="五无核查：{no_law_breaking: true, …}"
    )
