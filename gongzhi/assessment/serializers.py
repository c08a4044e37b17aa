"""Serializers of the assessment endpoints: schemes, results with their lines and events, the steps' inputs."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.assessment.models import Grade, Indicator, Result, ResultEvent, ResultLine, Scheme
from gongzhi.assessment.workflow import State

# Plain strings in the schema: "state" names other apps' choice sets too (see the docs' enum names).
STATES = "、".join(f"{v} {lbl}" for v, lbl in State.choices)


class IndicatorOut(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code", "name", "weight", "source", "figure_key", "rule", "target", "floor",
            "thresholds", "per_unit", "higher_is_better", "no_data_points", "note",
        ]  # fmt: skip


class GradeOut(serializers.ModelSerializer):
    class Meta:
        model = Grade
        fields = ["code", "label", "min_score"]


class SchemeOut(serializers.ModelSerializer):
    subject_kind_label = serializers.CharField(source="get_subject_kind_display", read_only=True)
    period_kind_label = serializers.CharField(source="get_period_kind_display", read_only=True)
    version = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()
    grades = serializers.SerializerMethodField()
    periods = serializers.SerializerMethodField(help_text='有考评结果的考核期，如 ["2025"]')

    class Meta:
        model = Scheme
        fields = [
            "code", "name", "subject_kind", "subject_kind_label", "period_kind", "period_kind_label",
            "org_kinds", "territory_level", "publish_to_board", "description", "version", "indicators",
            "grades", "periods",
        ]  # fmt: skip

    def _current(self, scheme):
        return scheme.current_versions[0] if getattr(scheme, "current_versions", None) else None

    def get_version(self, scheme) -> int | None:
        v = self._current(scheme)
        return v.number if v else None

    def get_indicators(self, scheme) -> list[dict]:
        v = self._current(scheme)
        return IndicatorOut(v.indicators.all(), many=True).data if v else []

    def get_grades(self, scheme) -> list[dict]:
        v = self._current(scheme)
        return GradeOut(v.grades.all(), many=True).data if v else []

    def get_periods(self, scheme) -> list[str]:
        return self.context.get("periods", {}).get(scheme.pk, [])


class ResultOut(serializers.ModelSerializer):
    scheme = serializers.CharField(source="scheme.code", read_only=True)
    state = serializers.CharField(read_only=True, help_text=f"状态：{STATES}")
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    published = serializers.BooleanField(read_only=True)

    class Meta:
        model = Result
        fields = [
            "id", "scheme", "period_key", "subject_kind", "subject_id", "subject_name", "subject_post",
            "territory", "territory_name", "number", "current", "score", "grade", "grade_label", "vetoed",
            "bottom", "state", "state_label", "published", "reason", "computed_at", "published_at",
        ]  # fmt: skip


class ResultLineOut(serializers.ModelSerializer):
    class Meta:
        model = ResultLine
        fields = [
            "id", "code", "name", "weight", "source", "figure_key", "rule", "value", "numerator",
            "denominator", "points", "vetoed", "corrected", "explanation",
        ]  # fmt: skip


class ResultEventOut(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True, default="")
    from_state = serializers.CharField(read_only=True, help_text=f"原状态（首次计算为空）：{STATES}")
    to_state = serializers.CharField(read_only=True, help_text=f"新状态：{STATES}")

    class Meta:
        model = ResultEvent
        fields = ["at", "action", "from_state", "to_state", "note", "extra", "actor_name"]


class ResultDetailOut(ResultOut):
    lines = ResultLineOut(many=True, read_only=True)
    events = ResultEventOut(many=True, read_only=True)
    version_number = serializers.IntegerField(source="version.number", read_only=True)

    class Meta(ResultOut.Meta):
        fields = [*ResultOut.Meta.fields, "version_number", "lines", "events"]


class RunIn(serializers.Serializer):
    scheme = serializers.SlugField(help_text="方案代码，如 branch-five-star")
    period = serializers.CharField(help_text="考核期：年度 2025，半年 2025H1")


class RunOut(serializers.Serializer):
    scheme = serializers.CharField()
    period = serializers.CharField()
    assessed = serializers.IntegerField()
    changed = serializers.IntegerField()
    grades = serializers.DictField(child=serializers.IntegerField())
    message = serializers.CharField()
    seconds = serializers.FloatField()


class NoteIn(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AppealIn(serializers.Serializer):
    line_id = serializers.IntegerField(help_text="申诉的指标（结果明细编号）")
    reason = serializers.CharField()


class DecideIn(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("uphold", "维持原结果"), ("correct", "更正")])
    reason = serializers.CharField()
    points = serializers.DecimalField(max_digits=6, decimal_places=1, required=False, allow_null=True)
