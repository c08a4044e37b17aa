"""Deliberation figures per territory node and period, read from the topics' timelines.

- raised: topics raised in the period (百姓点事);
- decided: topics that reached the decided step in the period (与会决事 / 村民代表会议决议);
- implemented: topics whose implementation ended in the period: 六事 reaching 公众评事,
  四议两公开 reaching 实施结果公开;
- days per step: for each step, the mean days topics spent in the step before it, over the
  steps taken in the period;
- public rating: the mean of the ratings (1–5) residents gave in the period to published results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db.models import Avg, Count, Q
from django.utils import timezone

from gongzhi.deliberation.models import PublicationComment, Topic, TopicEvent
from gongzhi.deliberation.workflow import IMPLEMENTED_STEPS, PROCEDURES, PublicationKind, Step
from gongzhi.territory.models import Territory, subtree_bounds


@dataclass
class Figures:
    territory_id: int
    territory: str
    start: dt.date
    end: dt.date
    raised: int
    decided: int
    implemented: int
    open_topics: int
    rating: float | None
    ratings: int
    days_per_step: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["start"], d["end"] = self.start.isoformat(), self.end.isoformat()
        return d


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Return [start 00:00, the day after end 00:00) in the local time zone."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def deliberation_figures(*, node: Territory, start: dt.date, end: dt.date) -> Figures:
    """Compute the figures of everything under `node` for the days start..end (inclusive)."""
    low, high = period_bounds(start, end)
    bounds = subtree_bounds(node.path)
    topics = Topic.objects.order_by().filter(territory__path__range=bounds)
    events = TopicEvent.objects.order_by().filter(
        topic__territory__path__range=bounds, at__gte=low, at__lt=high
    )
    implemented = Q()
    for procedure, step in IMPLEMENTED_STEPS.items():
        implemented |= Q(topic__procedure=procedure, to_step=step)
    steps = (
        events.exclude(to_step="")
        .exclude(to_step=Step.RAISED)
        .values("topic__procedure", "to_step")
        .annotate(n=Count("id"), days=Avg("duration_days"))
    )
    per_step = []
    for row in steps:
        proc = PROCEDURES[row["topic__procedure"]]
        per_step.append(
            {
                "procedure": proc.procedure,
                "procedure_label": proc.label,
                "step": row["to_step"],
                "label": proc.label_of(row["to_step"]),
                "order": proc.index(row["to_step"]),
                "count": row["n"],
                "avg_days": round(row["days"], 1) if row["days"] is not None else None,
            }
        )
    per_step.sort(key=lambda r: (r["procedure"] != "six_steps", r["order"]))
    ratings = PublicationComment.objects.order_by().filter(
        publication__territory__path__range=bounds,
        publication__kind=PublicationKind.RESULT,
        rating__isnull=False,
        created_at__gte=low,
        created_at__lt=high,
    )
    rated = ratings.aggregate(avg=Avg("rating"), n=Count("id"))
    return Figures(
        territory_id=node.pk,
        territory=node.name,
        start=start,
        end=end,
        raised=topics.filter(created_at__gte=low, created_at__lt=high).count(),
        decided=events.filter(to_step=Step.DECIDED).count(),
        implemented=events.filter(implemented).count(),
        open_topics=topics.exclude(step=Step.EVALUATED).count(),
        rating=round(rated["avg"], 2) if rated["avg"] is not None else None,
        ratings=rated["n"],
        days_per_step=per_step,
    )


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months up to today."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=364), today
