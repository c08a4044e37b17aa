"""Meeting records and resolutions as a page, a printable A4 record and Excel workbooks.

A secret vote appears only as its tallies; the voters of an open (记名) vote are listed.
"""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from gongzhi.core.spreadsheet import XLSX
from gongzhi.deliberation.models import Meeting


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def vote_rows(meeting: Meeting) -> list[dict]:
    out = []
    for vote in meeting.votes.select_related("topic").order_by("id"):
        named = []
        if not vote.secret and vote.state == "closed":
            named = [
                (b.voter.name, b.get_choice_display())
                for b in vote.ballots.select_related("voter").order_by("voter__id")
                if b.voter_id
            ]
        out.append({"vote": vote, "named": named})
    return out


def meeting_context(meeting: Meeting) -> dict:
    roll = list(meeting.roll.order_by("source", "id"))
    voting_roll = [a for a in roll if a.voting]
    return {
        "meeting": meeting,
        "roll": roll,
        "items": meeting.items.select_related("topic").order_by("order", "id"),
        "roll_count": len(voting_roll),
        "present_count": sum(1 for a in voting_roll if a.status == "present"),
        "votes": vote_rows(meeting),
        "printed_at": timezone.localtime(),
    }


def meeting_workbook(meeting: Meeting) -> bytes:
    """Write a meeting's record: the meeting, the roll, the votes, the agenda, one sheet each."""
    from openpyxl import Workbook

    ctx = meeting_context(meeting)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("会议")
    for label, value in [
        ("会议名称", meeting.title),
        ("会议主体", meeting.get_body_display()),
        ("辖区", meeting.territory.name),
        ("召开时间", _local(meeting.held_at or meeting.scheduled_at)),
        ("地点", meeting.place),
        ("主持人", meeting.chair_name),
        ("记录人", meeting.recorder_name),
        ("应到人数", ctx["roll_count"]),
        ("实到人数", ctx["present_count"]),
        ("议程", meeting.agenda),
        ("会议记录", meeting.minutes),
    ]:
        ws.append([label, value])
    ws = wb.create_sheet("参会名单")
    ws.append(["姓名", "身份", "表决权", "出席情况"])
    for a in ctx["roll"]:
        ws.append([a.name, a.get_source_display(), "有" if a.voting else "列席", a.get_status_display()])
    ws = wb.create_sheet("表决")
    ws.append(["表决事项", "方式", "应到", "实到", "赞成", "反对", "弃权", "结果", "说明"])
    for row in ctx["votes"]:
        v = row["vote"]
        closed = v.state == "closed"
        ws.append(
            [
                v.motion,
                "无记名" if v.secret else "记名",
                v.roll_count if closed else "",
                v.present_count if closed else "",
                v.for_count if closed else "",
                v.against_count if closed else "",
                v.abstain_count if closed else "",
                v.get_outcome_display() if closed else "表决中",
                v.reason,
            ]
        )
    named = [(row["vote"].motion, n, c) for row in ctx["votes"] for n, c in row["named"]]
    if named:
        ws = wb.create_sheet("记名表决明细")
        ws.append(["表决事项", "姓名", "表决意见"])
        for r in named:
            ws.append(list(r))
    ws = wb.create_sheet("议题")
    ws.append(["议题", "程序", "当前步骤", "决议内容"])
    for item in ctx["items"]:
        t = item.topic
        ws.append([t.title, t.get_procedure_display(), t.step_display, t.decision])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def meeting_workbook_response(meeting: Meeting) -> HttpResponse:
    response = HttpResponse(meeting_workbook(meeting), content_type=XLSX)
    name = f"会议记录-{meeting.title}-{timezone.localtime(meeting.scheduled_at):%Y%m%d}.xlsx".replace("/", "")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def resolution_rows(*, topics) -> tuple[list[str], list[list]]:
    """List the decided topics with their resolution and the vote that carried it."""
    headers = [
        "编号",
        "辖区",
        "议题",
        "程序",
        "当前步骤",
        "决议内容",
        "表决结果",
        "决定时间",
        "实施结果",
        "公众评分",
    ]
    rows = []
    qs = topics.select_related("territory").prefetch_related("votes__meeting", "events")
    for t in qs:
        passed = [v for v in t.votes.all() if v.outcome == "passed"]
        decided = next((e.at for e in t.events.all() if e.to_step == "decided"), None)
        tally = "；".join(
            f"{v.meeting.get_body_display()} 赞成{v.for_count}/反对{v.against_count}/弃权{v.abstain_count}"
            for v in passed
        )
        rows.append(
            [
                t.pk,
                t.territory.name,
                t.title,
                t.get_procedure_display(),
                t.step_display,
                t.decision,
                tally,
                _local(decided),
                t.result,
                t.rating_avg if t.rating_avg is not None else "",
            ]
        )
    return headers, rows
