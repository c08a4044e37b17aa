"""Write demo topics straight to the tables, each one's history consistent with its step table.

Every community gets one topic at each step of its procedure (六事 in urban communities,
四议两公开 in villages), dated over the past year: the meetings and votes each step needs,
the notices it publishes, and residents' comments and ratings on the results.
"""

from __future__ import annotations

import datetime as dt
import random

from gongzhi.deliberation import quorum, workflow
from gongzhi.deliberation.models import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotCast,
    Meeting,
    Publication,
    PublicationComment,
    Topic,
    TopicEvent,
    Vote,
)
from gongzhi.deliberation.models.meetings import Presence, RollSource
from gongzhi.deliberation.selectors import topic_rating
from gongzhi.deliberation.workflow import Body, Procedure, PublicationKind, Step
from gongzhi.people.models import CommunityWorker, CouncilMember, PartyMember, Resident, User
from gongzhi.territory.levels import Kind
from gongzhi.territory.models import Territory, subtree_bounds

URBAN = [
    ("加装电梯", "3号楼住户多为老人，希望加装电梯，费用按楼层分摊。"),
    ("小区停车位重新划线", "晚上车辆乱停，消防通道被占，建议重新规划车位。"),
    ("楼道堆物集中清理", "部分楼道堆放杂物，存在消防隐患。"),
    ("垃圾分类投放点调整", "投放点离3栋太近，夏天气味大，建议挪到北门。"),
    ("老旧小区改造方案", "外墙保温、雨污分流、路面修缮的先后顺序。"),
    ("小区公共收益使用", "广告位和停车费收益用于更换单元门禁。"),
    ("电动车充电桩安装", "集中充电棚选址和收费标准。"),
    ("社区长者食堂开办", "为60岁以上老人提供午餐，价格和补贴方式。"),
    ("儿童游乐设施更新", "滑梯老化，建议更换并铺设塑胶地面。"),
    ("居民公约修订", "增加宠物管理、高空抛物、噪音扰民条款。"),
]
RURAL = [
    ("村集体鱼塘承包", "鱼塘承包到期，重新公开发包。"),
    ("村道硬化工程", "东西主干道约2公里硬化，资金来源和施工方选定。"),
    ("土地流转集中连片", "三组土地流转给合作社种植蔬菜，租金标准。"),
    ("村集体仓库出租", "闲置仓库对外出租，租期和底价。"),
    ("农田水利沟渠修缮", "灌溉沟渠清淤和护坡。"),
    ("光伏项目入股", "村集体资金入股屋顶光伏，收益分配办法。"),
    ("村规民约修订", "红白事简办、移风易俗条款。"),
    ("人居环境整治", "房前屋后三清三拆，奖补标准。"),
    ("集体经济收益分红", "年度集体经济收益分配方案。"),
]
COMMENTS = [
    "办得好，感谢",
    "效果不错",
    "希望后续维护跟上",
    "比以前方便多了",
    "还有改进空间",
    "公开透明，支持",
]
VOTE_BODIES = {
    Procedure.SIX_STEPS: {Step.DECIDED: Body.COUNCIL},
    Procedure.FOUR_DELIBERATIONS: {
        Step.BRANCH_PROPOSED: Body.BRANCH,
        Step.COMMITTEES_DISCUSSED: Body.COMMITTEES,
        Step.MEMBERS_REVIEWED: Body.PARTY_MEMBERS,
        Step.DECIDED: Body.REPRESENTATIVES,
    },
}


class TopicMaker:
    def __init__(self, *, rng: random.Random, now: dt.datetime):
        self.rng, self.now = rng, now
        self.meeting_count = self.publication_count = 0
        self.events: list[TopicEvent] = []
        self.evaluated: list[Topic] = []

    # --- the people a community draws on -------------------------------------------------------
    def _pools(self, community: Territory) -> dict[str, list[tuple[str, object]]]:
        bounds = subtree_bounds(community.path)
        council = list(
            CouncilMember.objects.filter(council__territory__path__range=bounds).order_by("id")[:40]
        )
        reps = [
            m for m in council if {"resident_representative", "party_representative"} & set(m.roles or [])
        ]
        party = list(PartyMember.objects.filter(territory__path__range=bounds).order_by("id")[:40])
        workers = list(CommunityWorker.objects.filter(territory=community).order_by("id")[:9])
        names = [("council_member", m) for m in council]
        return {
            Body.COUNCIL: names[:9] or [("name", f"议事会成员{i}") for i in range(1, 8)],
            Body.REPRESENTATIVES: [("council_member", m) for m in (reps or council)][:21]
            or [("name", f"村民代表{i}") for i in range(1, 16)],
            Body.PARTY_MEMBERS: [("party_member", m) for m in party]
            or [("name", f"党员{i}") for i in range(1, 12)],
            Body.COMMITTEES: [("worker", w) for w in workers]
            or [("name", n) for n in ("书记", "主任", "副主任", "委员")],
            Body.BRANCH: [("worker", w) for w in workers[:5]]
            or [("name", n) for n in ("书记", "副书记", "组织委员")],
        }

    def _commenters(self, community: Territory) -> list[User]:
        residents = list(
            Resident.objects.filter(household__path__range=subtree_bounds(community.path), user__isnull=True)
            .order_by("id")
            .only("id", "name")[:4]
        )
        users = []
        for r in residents:
            user = User(username=f"demo-res-{r.pk}", display_name=r.name)
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users, ignore_conflicts=True)
        users = list(User.objects.filter(username__in=[u.username for u in users]).order_by("username"))
        by_name = {u.username: u for u in users}
        for r in residents:
            r.user = by_name.get(f"demo-res-{r.pk}")
        Resident.objects.bulk_update(residents, ["user"])
        return users

    # --- one community ------------------------------------------------------------------------
    def build_community(self, community: Territory) -> None:
        rural = community.kind == Kind.RURAL
        procedure = Procedure.FOUR_DELIBERATIONS if rural else Procedure.SIX_STEPS
        proc = workflow.procedure_of(procedure)
        texts = list(RURAL if rural else URBAN)
        self.rng.shuffle(texts)
        pools = self._pools(community)
        commenters = self._commenters(community)
        units = list(Territory.objects.filter(path__startswith=community.path, depth=community.depth + 1)[:6])
        for i in range(len(proc.steps)):
            title, text = texts[i % len(texts)]
            place = community if rural or not units or i % 2 == 0 else self.rng.choice(units)
            self._topic(place, procedure, i, title, text, pools, commenters, major=rural and i % 3 == 0)

    def _topic(self, node, procedure, last: int, title, text, pools, commenters, major: bool) -> None:
        proc = workflow.procedure_of(procedure)
        rng = self.rng
        # The later the step, the longer ago it started: a done topic began up to a year ago.
        start = self.now - dt.timedelta(
            days=rng.randint(8 + 25 * last, 40 + 35 * last), hours=rng.randint(0, 9)
        )
        topic = Topic.objects.create(
            territory=node,
            title=title,
            text=text,
            procedure=procedure,
            origin=rng.choice(["resident", "resident", "council", "committees"]),
            is_major=major,
        )
        when = start
        self.events.append(TopicEvent(topic=topic, action="raise", to_step=Step.RAISED, at=when))
        before = Step.RAISED
        for s in proc.steps[1 : last + 1]:
            gap = dt.timedelta(days=rng.randint(2, 21), hours=rng.randint(0, 8))
            body = VOTE_BODIES[procedure].get(s.step)
            if body:
                if (
                    s.step == Step.DECIDED
                    and procedure == Procedure.FOUR_DELIBERATIONS
                    and rng.random() < 0.3
                ):
                    self._meeting(topic, body, pools[body], when + gap / 3, fail=True)  # no quorum first time
                self._meeting(topic, body, pools[body], when + gap / 2)
                if s.step == Step.DECIDED:
                    topic.decision = f"同意{title}，由{'村' if procedure == Procedure.FOUR_DELIBERATIONS else '社区'}两委牵头实施。"
            if s.step == Step.RESOLUTION_PUBLISHED or (
                s.step == Step.IMPLEMENTING and procedure == Procedure.SIX_STEPS
            ):
                self._publish(
                    topic, PublicationKind.RESOLUTION, f"关于{title}的决议", topic.decision, when + gap / 2
                )
            if s.step in {Step.RESULT_PUBLISHED} or (
                s.step == Step.EVALUATED and procedure == Procedure.SIX_STEPS
            ):
                topic.result = f"{title}已完成，经验收合格。"
                pub = self._publish(
                    topic, PublicationKind.RESULT, f"{title}实施结果公示", topic.result, when + gap / 2
                )
                self._comments(pub, commenters, when + gap / 2)
            self.events.append(
                TopicEvent(
                    topic=topic,
                    action=s.action,
                    from_step=before,
                    to_step=s.step,
                    at=when + gap,
                    duration_days=round(gap.total_seconds() / 86400, 3),
                )
            )
            when, before = when + gap, s.step
        topic.step, topic.step_changed_at = before, when
        topic.created_at = start
        topic.save(update_fields=["step", "step_changed_at", "created_at", "decision", "result"])
        if topic.step == Step.EVALUATED:
            self.evaluated.append(topic)

    def _meeting(self, topic: Topic, body: str, pool, at: dt.datetime, fail: bool = False) -> None:
        rng = self.rng
        meeting = Meeting.objects.create(
            territory=topic.territory,
            title=f"{topic.territory.name}{workflow.Body(body).label}",
            body=body,
            scheduled_at=at,
            held_at=at,
            state="held",
            place="党群服务中心议事厅",
            agenda=f"审议「{topic.title}」",
            minutes=f"会议围绕「{topic.title}」充分讨论，与会人员发表意见。",
            chair_name=pool[0][1].name if pool and pool[0][0] != "name" else "主持人",
            recorder_name="社区工作者",
        )
        self.meeting_count += 1
        AgendaItem.objects.create(meeting=meeting, topic=topic)
        rule = quorum.DEFAULT_RULES[body]
        rows = []
        for kind, who in pool:
            a = Attendance(meeting=meeting, name=who if kind == "name" else who.name, source=_source(body))
            if kind == "council_member":
                a.council_member = who
            elif kind == "party_member":
                a.party_member = who
            rows.append(a)
        share = rng.uniform(0.35, 0.6) if fail else rng.uniform(0.8, 1.0)
        present = max(1, round(len(rows) * share))
        for i, a in enumerate(rows):
            a.status = Presence.PRESENT if i < present else rng.choice([Presence.ABSENT, Presence.EXCUSED])
        Attendance.objects.bulk_create(rows)
        here = [a for a in rows if a.status == Presence.PRESENT]
        against = 0 if not here else rng.randint(0, max(0, len(here) // 5))
        abstain = rng.randint(0, 1) if len(here) > 3 else 0
        for_ = len(here) - against - abstain
        outcome = quorum.decide(
            rule=rule, roll=len(rows), present=len(here), for_=for_, against=against, abstain=abstain
        )
        secret = body == Body.PARTY_MEMBERS or (body == Body.REPRESENTATIVES and rng.random() < 0.5)
        vote = Vote.objects.create(
            meeting=meeting,
            topic=topic,
            motion=f"同意「{topic.title}」",
            secret=secret,
            state="closed",
            roll_count=len(rows),
            present_count=len(here),
            for_count=for_,
            against_count=against,
            abstain_count=abstain,
            outcome="passed" if outcome.passed else "no_decision",
            reason=outcome.reason,
            rule=rule.as_dict(),
            closed_at=at,
        )
        choices = ["for"] * for_ + ["against"] * against + ["abstain"] * abstain
        rng.shuffle(choices)
        BallotCast.objects.bulk_create([BallotCast(vote=vote, attendance=a) for a in here])
        ballots = [
            Ballot(vote=vote, choice=c, voter=None if secret else a)
            for a, c in zip(here, choices, strict=True)
        ]
        if secret:
            rng.shuffle(ballots)
        Ballot.objects.bulk_create(ballots)
        self.events += [
            TopicEvent(
                topic=topic,
                action="agenda",
                note=f"列入{meeting.get_body_display()}议程",
                at=at - dt.timedelta(days=2),
            ),
            TopicEvent(
                topic=topic,
                action="vote_close",
                note=f"{meeting.get_body_display()}表决：{vote.get_outcome_display()}。{vote.reason}",
                extra={"vote_id": vote.pk, "outcome": vote.outcome, "body": body},
                at=at,
            ),
        ]

    def _publish(self, topic: Topic, kind: str, title: str, body: str, at: dt.datetime) -> Publication:
        days = 7 if kind != PublicationKind.NOTICE else 3
        pub = Publication.objects.create(
            territory=topic.territory,
            topic=topic,
            kind=kind,
            title=title,
            body=body or title,
            published_at=at,
            display_until=at + dt.timedelta(days=days + self.rng.randint(0, 7)),
            min_display_days=days,
        )
        self.publication_count += 1
        self.events.append(TopicEvent(topic=topic, action="publish", note=f"公开栏发布：{title}", at=at))
        if self.rng.random() < 0.15:  # now and then a notice is corrected by a new version
            later = at + dt.timedelta(days=1)
            fixed = Publication.objects.create(
                territory=pub.territory,
                topic=topic,
                kind=kind,
                title=title,
                body=pub.body + "（更正：实施单位名称）",
                published_at=later,
                display_until=max(pub.display_until, later + dt.timedelta(days=days)),
                min_display_days=days,
                version=2,
                corrects=pub,
                correction_reason="实施单位名称有误",
            )
            Publication.objects.filter(pk=pub.pk).update(superseded_at=later)
            self.events.append(TopicEvent(topic=topic, action="correct", note="更正公告为第 2 版", at=later))
            self.publication_count += 1
            return fixed
        return pub

    def _comments(self, pub: Publication, users: list[User], at: dt.datetime) -> None:
        rows = []
        for i, user in enumerate(self.rng.sample(users, k=min(len(users), self.rng.randint(1, 4)))):
            rating = self.rng.choices([5, 4, 3, 2], weights=[5, 4, 2, 1])[0]
            when = at + dt.timedelta(hours=3 + 7 * i)
            rows.append(
                PublicationComment(
                    publication=pub,
                    author=user,
                    text=self.rng.choice(COMMENTS),
                    rating=rating,
                    created_at=when,
                )
            )
            self.events.append(
                TopicEvent(topic=pub.topic, actor=user, action="comment", note=f"评分 {rating} 分", at=when)
            )
        PublicationComment.objects.bulk_create(rows)

    def flush(self) -> None:
        TopicEvent.objects.bulk_create(self.events, batch_size=2000)
        self.events = []
        for topic in self.evaluated:
            topic.rating_avg, topic.rating_count = topic_rating(topic=topic)
        Topic.objects.bulk_update(self.evaluated, ["rating_avg", "rating_count"], batch_size=500)


def _source(body: str) -> str:
    return {
        Body.COUNCIL: RollSource.COUNCIL,
        Body.REPRESENTATIVES: RollSource.REPRESENTATIVE,
        Body.PARTY_MEMBERS: RollSource.PARTY_MEMBER,
    }.get(body, RollSource.COMMITTEE)
