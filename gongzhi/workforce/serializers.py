"""What the workforce endpoints answer: output serializers (pay and phones only where allowed)."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.core.validators import mask_phone


class PayOut(serializers.Serializer):
    year = serializers.IntegerField()
    months = serializers.IntegerField(label="在岗月数")
    monthly_base = serializers.DecimalField(max_digits=9, decimal_places=2, label="月基本报酬")
    base_total = serializers.DecimalField(max_digits=11, decimal_places=2, label="基本报酬")
    performance_grade = serializers.CharField(label="考核等次代码")
    performance_grade_label = serializers.CharField(source="get_performance_grade_display", label="考核等次")
    coefficient = serializers.DecimalField(max_digits=5, decimal_places=2, label="绩效系数")
    performance_pay = serializers.DecimalField(max_digits=11, decimal_places=2, label="绩效报酬")
    total = serializers.DecimalField(max_digits=11, decimal_places=2, label="年度报酬合计")


class WorkerOut(serializers.Serializer):
    """A community worker with post type and grade; `pay` is null unless the viewer may see it."""

    id = serializers.IntegerField(source="worker.pk")
    name = serializers.CharField(source="worker.name")
    community_id = serializers.IntegerField(source="worker.territory_id")
    community = serializers.CharField(source="worker.territory.name")
    post = serializers.CharField(source="worker.post")
    post_type = serializers.CharField(label="岗位类别")
    grade = serializers.IntegerField(allow_null=True, label="等级")
    since = serializers.DateField(allow_null=True, label="定级日期")
    pay_visible = serializers.BooleanField(source="visible", label="可查看报酬")
    pay = PayOut(source="record", allow_null=True)


class PostingOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    person_name = serializers.CharField()
    phone = serializers.SerializerMethodField()
    from_unit = serializers.CharField()
    title = serializers.CharField()
    territory_id = serializers.IntegerField()
    territory = serializers.CharField(source="territory.name")
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)

    def get_phone(self, obj) -> str:
        return obj.phone if self.context.get("full") else mask_phone(obj.phone)


class VillageCoverageOut(serializers.Serializer):
    territory_id = serializers.IntegerField(source="node.pk")
    name = serializers.CharField(source="node.name")
    village = serializers.BooleanField(label="行政村")
    people = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), label="在岗人员（按类别）"
    )
    missing = serializers.ListField(child=serializers.CharField(), source="missing_kinds", label="缺少的类别")


class CourseOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    period_key = serializers.CharField()
    year = serializers.IntegerField()
    territory_id = serializers.IntegerField()
    territory = serializers.CharField(source="territory.name")
    sessions = serializers.IntegerField(source="n_sessions")
    enrolled = serializers.IntegerField(source="n_enrolled")


class ReserveOut(serializers.Serializer):
    id = serializers.IntegerField(source="candidate.pk")
    territory_id = serializers.IntegerField(source="candidate.territory_id")
    community = serializers.CharField(source="candidate.territory.name")
    name = serializers.CharField(source="candidate.name")
    gender = serializers.CharField(source="candidate.gender")
    birth_year = serializers.IntegerField(source="candidate.birth_year")
    education = serializers.CharField(source="candidate.get_education_display")
    exam_year = serializers.IntegerField(source="candidate.exam_year")
    exam_score = serializers.DecimalField(source="candidate.exam_score", max_digits=5, decimal_places=2)
    interview_score = serializers.DecimalField(
        source="candidate.interview_score", max_digits=5, decimal_places=2, allow_null=True
    )
    total = serializers.DecimalField(source="candidate.total", max_digits=5, decimal_places=2)
    state = serializers.CharField(source="candidate.state")
    state_label = serializers.CharField(source="candidate.get_state_display")
    rank = serializers.IntegerField(allow_null=True, label="递补顺序")
    promoted_on = serializers.DateField(source="candidate.promoted_on", allow_null=True)
    promoted_to = serializers.CharField(source="candidate.promoted_to")
