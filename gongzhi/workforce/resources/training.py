"""Courses, sessions, the roll and attendance in Excel; member cards (亮身份) too."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gongzhi.core.cells import ChoiceWidget, DateWidget, YesNoWidget, text
from gongzhi.people.models import CommunityWorker, CouncilMember, PartyMember, PartyOrg
from gongzhi.people.resource_base import PartyMemberRefWidget, RegistryResource, col, territory_col
from gongzhi.people.scope import in_scope
from gongzhi.workforce.models import Attendance, Course, Enrollment, MemberCard, Session
from gongzhi.workforce.resources.cells import DecimalWidget, IntWidget, ScopedIdWidget
from gongzhi.workforce.workflow import CourseKind, PersonKind

# Where each kind of person is registered, and the territory they belong to.
PERSON_SOURCES = {
    PersonKind.PARTY_MEMBER: (PartyMember, "territory", "name"),
    PersonKind.COUNCIL_MEMBER: (CouncilMember, "council__territory", "name"),
    PersonKind.COMMUNITY_WORKER: (CommunityWorker, "territory", "name"),
    PersonKind.SECRETARY: (PartyOrg, "territory", "secretary_name"),
}


def person_of(kind: str, person_id: int):
    """Return (name, territory) of the person a roll names, or None when there is no such person."""
    model, territory_field, name_field = PERSON_SOURCES[kind]
    obj = model.objects.filter(pk=person_id).select_related(territory_field).first()
    if obj is None:
        return None
    territory = obj
    for part in territory_field.split("__"):
        territory = getattr(territory, part)
    return getattr(obj, name_field) or "", territory


class CourseResource(RegistryResource):
    name = col("name", "名称")
    kind = col("kind", "类别", ChoiceWidget(CourseKind.choices))
    period_key = col("period_key", "培训期")
    territory = territory_col("territory", "举办单位")
    note = col("note", "说明")
    natural_key = ("territory", "period_key", "name")
    example = {"name": "2026年组会成员轮训班", "kind": "组会成员培训", "period_key": "2026"}

    class Meta(RegistryResource.Meta):
        model = Course
        fields = ("id", "name", "kind", "period_key", "territory", "note")

    def before_save_instance(self, instance, row, **kwargs):
        instance.year = int(instance.period_key[:4])


class SessionResource(RegistryResource):
    course = col("course", "培训班编号", ScopedIdWidget(Course, "培训班"))
    course_name = col("course__name", "培训班", readonly=True)
    date = col("date", "日期", DateWidget())
    hours = col("hours", "学时", DecimalWidget())
    topic = col("topic", "内容")
    place = col("place", "地点")
    natural_key = ("course", "date", "topic")
    example = {
        "course": "#1",
        "date": "2026-04-12",
        "hours": "3",
        "topic": "基层治理政策解读",
        "place": "党群服务中心",
    }

    class Meta(RegistryResource.Meta):
        model = Session
        fields = ("id", "course", "course_name", "date", "hours", "topic", "place")

    def related(self):
        return ["course", "course__territory"]


class EnrollmentResource(RegistryResource):
    """A roll names each person by kind and 编号 in their registry; name and place come from there."""

    course = col("course", "培训班编号", ScopedIdWidget(Course, "培训班"))
    person_kind = col("person_kind", "学员类别", ChoiceWidget(PersonKind.choices))
    person_id = col("person_id", "学员编号", IntWidget())
    name = col("name", "姓名", readonly=True)
    territory = territory_col("territory", "所在辖区")
    natural_key = ("course", "person_kind", "person_id")
    example = {"course": "#1", "person_kind": "议事会成员", "person_id": "1"}

    class Meta(RegistryResource.Meta):
        model = Enrollment
        fields = ("id", "course", "person_kind", "person_id", "name", "territory")

    def header_errors(self, headers):
        # 所在辖区 is read from the person's registry: a file may leave the column out.
        return [e for e in super().header_errors(headers) if e[1] != "所在辖区"]

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.message_dict
        if instance.person_kind and instance.person_id and "学员编号" not in errors:
            found = person_of(instance.person_kind, instance.person_id)
            user = self.actor
            if found is None or (user is not None and not in_scope(user, found[1].path)):
                errors.setdefault("学员编号", []).append(
                    f"找不到编号为「{text(row.get('学员编号'))}」的{instance.get_person_kind_display()}，或不在您的管辖范围内"
                )
            else:
                instance.name, instance.territory = found[0][:50], found[1]
        if errors:
            raise ValidationError(errors)


class AttendanceResource(RegistryResource):
    session = col("session", "场次编号", ScopedIdWidget(Session, "培训场次"))
    enrollment = col("enrollment", "学员编号", ScopedIdWidget(Enrollment, "学员"))
    name = col("enrollment__name", "姓名", readonly=True)
    date = col("session__date", "日期", DateWidget(), readonly=True)
    natural_key = ("session", "enrollment")
    example = {"session": "#1", "enrollment": "#1"}

    class Meta(RegistryResource.Meta):
        model = Attendance
        fields = ("id", "session", "enrollment", "name", "date")

    def related(self):
        return ["session", "enrollment", "enrollment__territory"]


class MemberCardResource(RegistryResource):
    party_member = col("party_member", "党员身份证号", PartyMemberRefWidget())
    name = col("party_member__name", "姓名", readonly=True)
    public_post = col("public_post", "公开岗位")
    hidden = col("hidden", "不公开", YesNoWidget())
    natural_key = ("party_member",)
    example = {"public_post": "楼栋长", "hidden": "否"}

    class Meta(RegistryResource.Meta):
        model = MemberCard
        fields = ("id", "party_member", "name", "public_post", "hidden")

    def related(self):
        return ["party_member", "party_member__territory"]
