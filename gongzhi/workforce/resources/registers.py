"""Population, reserve pool, postings and days on site in Excel."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gongzhi.core.cells import ChoiceWidget, DateWidget
from gongzhi.people.models.org import Gender
from gongzhi.people.resource_base import RegistryResource, col, territory_col
from gongzhi.people.scope import scope_of
from gongzhi.territory.levels import Level
from gongzhi.workforce.models import CommunityPopulation, OnSiteDay, Posting, ReserveCandidate
from gongzhi.workforce.resources.cells import DecimalWidget, IntWidget, ScopedIdWidget
from gongzhi.workforce.selectors.access import is_assessor_over
from gongzhi.workforce.workflow import ASSESSOR_ROLES, Education, PostingKind, ReserveState

COMMUNITY = {Level.COMMUNITY}


class CommunityPopulationResource(RegistryResource):
    territory = territory_col("territory", "社区", COMMUNITY)
    year = col("year", "年度", IntWidget())
    urban_resident_population = col("urban_resident_population", "城镇常住人口", IntWidget())
    source = col("source", "数据来源")
    natural_key = ("territory", "year")
    example = {"year": "2026", "urban_resident_population": "8600", "source": "统计局年报"}

    class Meta(RegistryResource.Meta):
        model = CommunityPopulation
        fields = ("id", "territory", "year", "urban_resident_population", "source")


class ReserveCandidateResource(RegistryResource):
    """The pool is the organisation side's: only street officials and above read or write it."""

    territory = territory_col("territory", "社区", COMMUNITY)
    name = col("name", "姓名")
    gender = col("gender", "性别", ChoiceWidget(Gender.choices))
    birth_year = col("birth_year", "出生年份", IntWidget())
    education = col("education", "学历", ChoiceWidget(Education.choices))
    exam_year = col("exam_year", "考试年度", IntWidget())
    exam_score = col("exam_score", "资格考试成绩", DecimalWidget())
    interview_score = col("interview_score", "面试成绩", DecimalWidget())
    total = col("total", "综合成绩", DecimalWidget(), readonly=True)
    state = col("state", "状态", ChoiceWidget(ReserveState.choices), readonly=True)
    promoted_on = col("promoted_on", "递补日期", DateWidget(), readonly=True)
    promoted_to = col("promoted_to", "递补岗位", readonly=True)
    note = col("note", "备注")
    natural_key = ("territory", "exam_year", "name")
    example = {
        "name": "李婷",
        "gender": "女",
        "birth_year": "1992",
        "education": "大学本科",
        "exam_year": "2026",
        "exam_score": "82.5",
        "interview_score": "85",
    }

    class Meta(RegistryResource.Meta):
        model = ReserveCandidate
        fields = (
            "id",
            "territory",
            "name",
            "gender",
            "birth_year",
            "education",
            "exam_year",
            "exam_score",
            "interview_score",
            "total",
            "state",
            "promoted_on",
            "promoted_to",
            "note",
        )

    def get_queryset(self):
        qs = ReserveCandidate.objects.all()
        if self.actor is None or self.actor.is_superuser:
            return qs
        return qs.within(scope_of(self.actor, roles=set(ASSESSOR_ROLES)) or [])

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if (
            self.actor is not None
            and instance.territory_id
            and not is_assessor_over(self.actor, instance.territory.path)
        ):
            raise ValidationError({"社区": ["只有街道及以上组织部门可以维护后备人才库"]})


class PostingResource(RegistryResource):
    kind = col("kind", "类别", ChoiceWidget(PostingKind.choices))
    person_name = col("person_name", "姓名")
    phone = col("phone", "手机号")
    from_unit = col("from_unit", "派出单位")
    title = col("title", "原职务")
    territory = territory_col("territory", "驻点村(社区)", COMMUNITY)
    start = col("start", "开始日期", DateWidget())
    end = col("end", "结束日期", DateWidget())
    note = col("note", "备注")
    natural_key = ("territory", "kind", "person_name")
    example = {
        "kind": "驻村第一书记",
        "person_name": "陈志远",
        "phone": "13800138000",
        "from_unit": "市自然资源局",
        "title": "科员",
        "start": "2026-03-01",
    }

    class Meta(RegistryResource.Meta):
        model = Posting
        fields = (
            "id",
            "kind",
            "person_name",
            "phone",
            "from_unit",
            "title",
            "territory",
            "start",
            "end",
            "note",
        )


class OnSiteDayResource(RegistryResource):
    posting = col("posting", "人员编号", ScopedIdWidget(Posting, "驻村(社区)人员"))
    person = col("posting__person_name", "姓名", readonly=True)
    date = col("date", "日期", DateWidget())
    note = col("note", "工作内容")
    natural_key = ("posting", "date")
    example = {"posting": "#1", "date": "2026-05-06", "note": "走访困难户"}

    class Meta(RegistryResource.Meta):
        model = OnSiteDay
        fields = ("id", "posting", "person", "date", "note")

    def related(self):
        return ["posting", "posting__territory"]
