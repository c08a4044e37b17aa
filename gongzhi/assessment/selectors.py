"""Reads of schemes and results; `results_for` is the contract workforce builds on."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from gongzhi.assessment.access import assessor_paths, own_q, visible_q
from gongzhi.assessment.models import (
    Appeal,
    Candidate,
    CommitteeMember,
    Nomination,
    Result,
    ResultEvent,
    ResultLine,
    Scheme,
    SchemeVersion,
    Selection,
    SelectionEvent,
    Vote,
)
from gongzhi.assessment.workflow import AppealState, State
from gongzhi.core.errors import NotFound
from gongzhi.core.periods import Period, parse_period, period_of, today
from gongzhi.territory.models import Territory, subtree_bounds

PUBLISHED_STATES = frozenset({State.PUBLISHED, State.APPEALED})


@dataclass(frozen=True)
class ResultSummary:
    """One subject's current result for one period, as other apps read it."""

    subject_kind: str
    subject_id: int
    territory_id: int
    subject_name: str
    score: float
    grade: str
    grade_label: str
    published: bool


def results_for(*, scheme_code: str, period_key: str) -> dict[int, ResultSummary]:
    """Current (latest-version) results of a scheme for one period, by subject_id."""
    rows = Result.objects.filter(scheme__code=scheme_code, period_key=period_key, current=True).values_list(
        "subject_kind",
        "subject_id",
        "territory_id",
        "subject_name",
        "score",
        "grade",
        "grade_label",
        "state",
        "published_at",
    )
    out: dict[int, ResultSummary] = {}
    for kind, subject_id, territory_id, name, score, grade, label, state, published_at in rows:
        out[subject_id] = ResultSummary(
            subject_kind=kind,
            subject_id=subject_id,
            territory_id=territory_id,
            subject_name=name,
            score=float(score),
            grade=grade,
            grade_label=label,
            published=published_at is not None and state in PUBLISHED_STATES,
        )
    return out


# --- results ---------------------------------------------------------------------------------
def result_visible(*, actor) -> QuerySet[Result]:
    """Return the results `actor` may see: their own, those they assess, and organisations in scope."""
    q = visible_q(actor)
    return Result.objects.all() if q is None else Result.objects.filter(q)


def result_list(
    *,
    actor,
    scheme: Scheme | None = None,
    period_key: str = "",
    grade: str = "",
    state: str = "",
    node: Territory | None = None,
) -> QuerySet[Result]:
    """List the current results `actor` may see, best score first, narrowed by the filters given."""
    qs = result_visible(actor=actor).filter(current=True)
    if scheme is not None:
        qs = qs.filter(scheme=scheme)
    if period_key:
        qs = qs.filter(period_key=period_key)
    if grade:
        qs = qs.filter(grade=grade)
    if state:
        qs = qs.filter(state=state)
    if node is not None:
        qs = qs.filter(territory__path__range=subtree_bounds(node.path))
    return qs.select_related("scheme", "territory").order_by("-score", "subject_name", "pk")


def result_get(*, actor, result_id) -> Result:
    """Fetch one result (any version) with its lines, events and appeals; out of sight is not found."""
    events = ResultEvent.objects.select_related("actor").order_by("at", "pk")
    lines = ResultLine.objects.select_related("evidence").order_by("order", "pk")
    appeals = Appeal.objects.select_related("line", "appellant", "decided_by").order_by("created_at", "pk")
    try:
        return (
            result_visible(actor=actor)
            .select_related("scheme", "version", "territory")
            .prefetch_related(
                Prefetch("lines", queryset=lines),
                Prefetch("events", queryset=events),
                Prefetch("appeals", queryset=appeals),
            )
            .get(pk=int(result_id))
        )
    except (Result.DoesNotExist, TypeError, ValueError):
        raise NotFound("考评结果未找到。")


def result_versions(*, result: Result) -> list[Result]:
    """List every version of the same subject's result for the same period, oldest first."""
    return list(
        Result.objects.filter(
            scheme_id=result.scheme_id,
            period_key=result.period_key,
            subject_kind=result.subject_kind,
            subject_id=result.subject_id,
        ).order_by("number")
    )


def appeals_waiting(*, actor) -> QuerySet[Appeal]:
    """List the open appeals on results `actor` assesses (a reviewer's to-do)."""
    paths = assessor_paths(actor)
    qs = Appeal.objects.filter(state=AppealState.OPEN, result__current=True)
    if paths is not None:
        qs = qs.filter(result__in=Result.objects.filter(_below(paths)))
    return qs.select_related("result__scheme", "result__territory", "line").order_by("created_at", "pk")


def _below(paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(territory__path__range=subtree_bounds(p)) & ~Q(territory__path=p)
    return q


def my_results(*, actor) -> QuerySet[Result]:
    """List the current results whose assessed party is `actor` (their own cards and scores)."""
    if not getattr(actor, "is_authenticated", False):
        return Result.objects.none()
    return (
        Result.objects.filter(own_q(actor), current=True)
        .select_related("scheme", "territory")
        .order_by("-period_key", "scheme__code")
    )


# --- schemes ---------------------------------------------------------------------------------
def scheme_list() -> QuerySet[Scheme]:
    return Scheme.objects.filter(active=True).order_by("code")


def scheme_get(*, code: str) -> Scheme:
    try:
        return Scheme.objects.get(code=code)
    except Scheme.DoesNotExist:
        raise NotFound("考核方案未找到。")


def scheme_periods(*, scheme: Scheme) -> list[str]:
    """Return the periods a scheme has results for, oldest first."""
    keys = Result.objects.filter(scheme=scheme).values_list("period_key", flat=True).distinct()
    return sorted(set(keys), key=lambda k: parse_period(k).start)


def periods_with_results() -> dict[int, list[str]]:
    """Return every scheme's periods with results, by scheme id, oldest first (one query)."""
    out: dict[int, set[str]] = defaultdict(set)
    for scheme_id, key in Result.objects.values_list("scheme_id", "period_key").distinct():
        out[scheme_id].add(key)
    return {k: sorted(v, key=lambda p: parse_period(p).start) for k, v in out.items()}


def version_current(*, scheme: Scheme) -> SchemeVersion | None:
    return scheme.versions.order_by("-number").first()


def version_frozen(*, version: SchemeVersion) -> bool:
    """Tell whether any result refers to this version (then edits make the next version)."""
    return Result.objects.filter(version=version).exists()


def due_periods(*, scheme: Scheme, done: set[str], on=None, back: int = 2) -> list[Period]:
    """List the recent finished periods of a scheme's kind that have no results yet."""
    period = period_of(scheme.period_kind, on or today()).previous()
    out = []
    for _ in range(back):
        if period.key not in done:
            out.append(period)
        period = period.previous()
    return out


def grade_counts(*, actor, scheme: Scheme, period_key: str, node: Territory | None = None) -> dict[str, int]:
    """Count the current results per grade code for one scheme and period, as far as `actor` sees."""
    qs = result_list(actor=actor, scheme=scheme, period_key=period_key, node=node).order_by()
    return dict(qs.values_list("grade").annotate(n=Count("pk")).values_list("grade", "n"))


def state_counts(*, actor, scheme: Scheme, period_key: str) -> Counter:
    qs = result_list(actor=actor, scheme=scheme, period_key=period_key).order_by()
    return Counter(dict(qs.values_list("state").annotate(n=Count("pk")).values_list("state", "n")))


def assessed_waiting(*, actor) -> list[dict]:
    """List the scheme periods with results `actor` assesses still to be reviewed or published."""
    paths = assessor_paths(actor)
    qs = Result.objects.filter(current=True, state__in=[State.COMPUTED, State.REVIEWED])
    if paths is not None:
        qs = qs.filter(_below(paths))
    rows = (
        qs.order_by()
        .values("scheme__code", "scheme__name", "period_key", "state")
        .annotate(n=Count("pk"))
        .order_by("scheme__code", "period_key", "state")
    )
    out: dict[tuple, dict] = {}
    for r in rows:
        key = (r["scheme__code"], r["period_key"])
        item = out.setdefault(
            key,
            {
                "code": key[0],
                "name": r["scheme__name"],
                "period": parse_period(key[1]),
                "computed": 0,
                "reviewed": 0,
            },
        )
        item[r["state"]] = r["n"]
    return list(out.values())


def public_board(*, node: Territory | None = None, limit: int = 500) -> QuerySet[Result]:
    """List the published current results of schemes that publish to the residents' board."""
    qs = Result.objects.filter(current=True, scheme__publish_to_board=True, state__in=list(PUBLISHED_STATES))
    if node is not None:
        qs = qs.filter(territory__path__range=subtree_bounds(node.path))
    return qs.select_related("scheme", "territory").order_by("scheme__code", "-period_key", "-score", "pk")[
        :limit
    ]


# --- 十佳 selections -------------------------------------------------------------------------
def selection_visible(*, actor) -> QuerySet[Selection]:
    """Return the selections `actor` organises (an assessor over their territory) or sits on the committee of."""
    qs = Selection.objects.select_related("territory", "scheme")
    paths = assessor_paths(actor)
    if paths is None:
        return qs
    q = Q(members__user=actor) if getattr(actor, "is_authenticated", False) else Q(pk__in=[])
    for p in paths:
        q |= Q(territory__path__range=subtree_bounds(p))
    return qs.filter(q).distinct()


def selection_get(*, actor, selection_id) -> Selection:
    try:
        return (
            selection_visible(actor=actor)
            .prefetch_related(
                Prefetch(
                    "candidates",
                    queryset=Candidate.objects.annotate(nominated=Count("nominations")).order_by("rank"),
                ),
                Prefetch("members", queryset=CommitteeMember.objects.select_related("user")),
                Prefetch(
                    "events", queryset=SelectionEvent.objects.select_related("actor").order_by("at", "pk")
                ),
            )
            .get(pk=int(selection_id))
        )
    except (Selection.DoesNotExist, TypeError, ValueError):
        raise NotFound("评选未找到。")


def selection_nominations(*, selection: Selection) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(candidate__selection=selection)
        .select_related("candidate", "nominator")
        .order_by("at", "pk")
    )


def my_votes(*, actor, selection: Selection) -> set[int]:
    if not getattr(actor, "is_authenticated", False):
        return set()
    return set(
        Vote.objects.filter(member__selection=selection, member__user=actor).values_list(
            "candidate_id", flat=True
        )
    )
