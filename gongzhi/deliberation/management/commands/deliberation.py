"""gongzhi manage deliberation: schedule regular meetings, send reminders, export a meeting's record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongzhi.deliberation.meetings import meetings_schedule, reminders_send
from gongzhi.deliberation.models import Meeting, MeetingSeries
from gongzhi.deliberation.records import meeting_workbook


class Command(BaseCommand):
    help = "议事协商：排出例会、发送会议提醒、导出会议记录 / deliberation: schedule, remind, export"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser("schedule", help="按重复规则排出例会（可重复运行）/ schedule regular meetings")
        p.add_argument("--days", type=int, default=31, help="排到多少天以后 / how many days ahead")
        p = sub.add_parser("remind", help="给参会人发送会议提醒（可重复运行）/ send reminders, idempotent")
        p.add_argument(
            "--hours", type=int, default=24, help="提醒多少小时内召开的会议 / meetings within hours"
        )
        p = sub.add_parser("export", help="导出一次会议的记录 / export a meeting's record")
        p.add_argument("meeting_id", type=int)
        p.add_argument("file", help=".xlsx")

    def handle(self, *args, action: str, **options):
        now = timezone.now()
        if action == "schedule":
            until = now + dt.timedelta(days=options["days"])
            created = sum(
                meetings_schedule(series=s, until=until, now=now)
                for s in MeetingSeries.objects.filter(active=True)
            )
            self.stdout.write(f"新排会议 {created} 次 / {created} meetings scheduled")
        elif action == "remind":
            sent = reminders_send(now=now, within_hours=options["hours"])
            self.stdout.write(f"发送提醒 {sent} 条 / {sent} reminders sent")
        else:
            meeting = Meeting.objects.filter(pk=options["meeting_id"]).first()
            if meeting is None:
                raise CommandError("会议未找到 / no such meeting")
            Path(options["file"]).write_bytes(meeting_workbook(meeting))
            self.stdout.write(f"已写入 {options['file']} / written")
