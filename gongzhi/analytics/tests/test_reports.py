"""Review reports (一周一碰头、一月一盘点): the command, the page and the Monday / 1st delivery."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone

from gongzhi import cli
from gongzhi.analytics.reports import KINDS, review_build, review_period
from gongzhi.analytics.reports.delivery import reviews_send
from gongzhi.analytics.reports.xlsx import SHEETS
from gongzhi.analytics.tasks import send_review_reports
from gongzhi.analytics.tests import test_figures_api
from gongzhi.analytics.tests.test_figures_api import api, this_month
from gongzhi.core.periods import TZ, period_of, today
from gongzhi.demands.models import Demand
from gongzhi.notifications.models import Notification
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

resolved = test_figures_api.resolved  # two demands in A区 this month: one resolved, one open


def this_week() -> str:
    return period_of("week", today()).key  # Beijing's week, the one the demands were counted in


@pytest.fixture
def gongzhi(capsys, monkeypatch):
    """Run `gongzhi …` as the console script does; return the exit code, stdout and stderr."""
    # A command closes every connection when it ends; the test's database must outlive it.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:
            code = exc.code
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture
def overdue(resolved):
    """Given the open demand of `resolved` past its deadline since yesterday."""
    demand = Demand.objects.exclude(state__in=["resolved", "followed_up"]).get()
    Demand.objects.filter(pk=demand.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    return demand


@pytest.fixture
def admin(resolved):
    return user_with_role(Role.CITY_ADMIN, resolved["tree"]["city"], username="cityadmin")


def test_the_monthly_workbook_has_every_section_and_the_api_s_figures(
    resolved, overdue, admin, tmp_path, gongzhi
):
    city = resolved["tree"]["city"]
    target = tmp_path / "月报.xlsx"

    code, out, _ = gongzhi(
        "report",
        "monthly",
        "--territory",
        city.division_code,
        "--period",
        this_month(),
        "--output",
        str(target),
    )

    assert code == 0 and out.strip().count("\n") == 0 and str(target) in out
    assert [p.name for p in tmp_path.iterdir()] == ["月报.xlsx"]  # no temporary file left behind
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == list(SHEETS)
    figures = {(r[0], r[1]): r for r in book["各领域指标"].iter_rows(min_row=2, values_only=True)}
    body = api(admin).get(
        "/api/v1/figures/", {"territory": city.pk, "period": this_month(), "area": "demands"}
    )
    from_api = {f["label"]: f for f in body.json()["areas"][0]["figures"]}
    resolution = figures[("民呼我应", "办结率")]
    assert resolution[3] == from_api["办结率"]["value"] * 100 == 50.0  # a number, in percent
    assert (resolution[7], resolution[8]) == (1, 2)
    assert figures[("民呼我应", "诉求量")][3] == from_api["诉求量"]["value"] == 2
    ranking = list(book["下级排名"].iter_rows(values_only=True))
    assert ranking[0][0] == "区县" and {r[0] for r in ranking[1:]} == {"A区", "B区"}
    assert all(r[2] == "不排名" for r in ranking[1:])  # two demands are too few to rank on
    problems = list(book["突出问题"].iter_rows(min_row=2, values_only=True))
    assert problems[0][:3] == (1, "物业", 2)
    late = list(book["超期诉求"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[6]) for r in late] == [(overdue.pk, "A第一网格", "A社区物业服务中心")]
    assert isinstance(late[0][4], dt.datetime) and late[0][5] >= 1
    text = " ".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row)
    assert "13912345678" not in text and "王秀英" not in text and "漏水" not in text  # no resident's data


def test_the_weekly_pdf_is_a_printable_file_with_the_node_s_name(resolved, overdue, tmp_path, gongzhi):
    street = resolved["tree"]["street_a"]
    target = tmp_path / "weekly.pdf"

    code, out, _ = gongzhi(
        "report",
        "weekly",
        "--territory",
        street.division_code,
        "--period",
        this_week(),
        "--output",
        str(target),
    )

    assert code == 0 and "weekly.pdf" in out
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the text was not checked")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True, text=True).stdout
    assert "A街道周报" in text and "一周一碰头" in text
    assert "第1页/共" in "".join(text.split())  # pdftotext may drop the spaces
    assert "13912345678" not in text and "王秀英" not in text


@pytest.mark.parametrize(
    "args, says",
    [
        (["--territory", "999999999999"], "区划代码"),
        (["--territory", "no-such-place"], "区划代码"),
        (["--period", "2026-13"], "统计期间"),
        (["--output", "{tmp}/report.docx"], "扩展名"),
        (["--output", "{tmp}/missing/report.pdf"], "目录"),
    ],
)
def test_bad_input_exits_non_zero_with_one_chinese_line_and_writes_nothing(
    resolved, tmp_path, gongzhi, args, says
):
    argv = ["report", "monthly", "--output", str(tmp_path / "report.xlsx")]
    argv += [a.format(tmp=tmp_path) for a in args]

    code, out, err = gongzhi(*argv)

    assert code not in (0, None)
    assert says in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_bad_kind_is_refused_in_chinese(resolved, tmp_path, gongzhi):
    code, _, err = gongzhi("report", "daily", "--output", str(tmp_path / "r.pdf"))
    assert code not in (0, None) and "weekly（周报）" in err and list(tmp_path.iterdir()) == []


def test_the_page_serves_both_formats_in_scope_and_404_out_of_scope(resolved):
    t = resolved["tree"]
    c = Client()
    c.force_login(resolved["official"])  # street official of A街道
    url = f"/dashboard/{t['street_a'].division_code}/report/"

    pdf = c.get(url, {"kind": "weekly", "period": this_week(), "format": "pdf"})
    xlsx = c.get(url, {"kind": "monthly", "period": this_month(), "format": "xlsx"})

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Disposition"].startswith("inline")
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].startswith("attachment")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert dict(book["概况"].iter_rows(values_only=True))["辖区"] == "A街道"
    other = c.get(f"/dashboard/{t['district_b'].division_code}/report/", {"format": "pdf"})
    missing = c.get("/dashboard/999999999999/report/", {"format": "pdf"})
    assert other.status_code == missing.status_code == 404
    bad = c.get(url, {"format": "docx"})
    assert bad.status_code == 400 and "xlsx" in bad.content.decode()
    assert "返回指挥中心" in bad.content.decode()  # a page with the menu and a way back, not bare text
    home = c.get(f"/dashboard/{t['household_a'].pk}/report/", {"format": "pdf"})
    assert home.status_code == 400 and "网格及以上" in home.content.decode()
    assert Client().get(url).status_code == 302  # to the login page


def test_the_review_defaults_to_the_last_full_week_and_month():
    wednesday = dt.date(2026, 11, 18)  # in ISO week 47
    assert review_period(KINDS["weekly"], None, on=wednesday).key == "2026-W46"
    assert review_period(KINDS["monthly"], "", on=wednesday).key == "2026-10"
    assert review_period(KINDS["monthly"], "2026-Q3", on=wednesday).key == "2026-Q3"


def test_the_review_lists_overdue_demands_of_the_node_only(resolved, overdue):
    t = resolved["tree"]
    period = period_of("month", today())
    mine = review_build(node=t["street_a"], period=period, kind=KINDS["monthly"])
    theirs = review_build(node=t["district_b"], period=period, kind=KINDS["monthly"])
    assert mine.overdue_total == 1 and mine.overdue[0].title == "物业类诉求"
    assert theirs.overdue_total == 0 and theirs.problems_total == 0


@pytest.fixture
def officials(resolved):
    t = resolved["tree"]
    user_with_role(Role.CITY_ADMIN, t["city"], username="both")
    both = user_with_role(Role.DISTRICT_OFFICIAL, t["district_a"], username="both")  # and a node below
    return {
        "street": resolved["official"],
        "district": user_with_role(Role.DISTRICT_OFFICIAL, t["district_a"], username="district_a"),
        "city": user_with_role(Role.CITY_ADMIN, t["city"], username="city"),
        "both": both,
        "desk": resolved["desk"],  # a community worker: no review
    }


@pytest.fixture
def inbox_only(settings):
    settings.CELERY_BROKER_URL = ""
    settings.GONGZHI_NOTIFICATION_BACKENDS = ["gongzhi.notifications.backends.InboxBackend"]


def inbox(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user).order_by("id"))


def test_the_task_run_twice_sends_each_official_one_message(
    resolved,
    officials,
    inbox_only,
    django_capture_on_commit_callbacks,
):
    t = resolved["tree"]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_review_reports(kind="weekly", period="2026-W47")

    for who, node in [("street", "street_a"), ("district", "district_a"), ("city", "city"), ("both", "city")]:
        notes = inbox(officials[who])
        assert len(notes) == 1, who
        assert notes[0].title == f"一周一碰头：{t[node].name}周报（2026年第47周（11-16 至 11-22））"
        assert (
            notes[0].link
            == f"/dashboard/{t[node].division_code}/report/?kind=weekly&period=2026-W47&format=pdf"
        )
        reader = Client()
        reader.force_login(officials[who])
        assert reader.get(notes[0].link).status_code == 200  # the link opens the reader's own report
    assert inbox(officials["desk"]) == []


def test_a_review_goes_out_when_it_falls_due_and_not_days_later(
    officials, inbox_only, django_capture_on_commit_callbacks
):
    def at(day: int, hour: int) -> dt.datetime:
        return dt.datetime(2026, 11, day, hour, tzinfo=TZ)  # Monday 2026-11-23 is in week 48

    with django_capture_on_commit_callbacks(execute=True):
        early = reviews_send(kinds=[KINDS["weekly"]], now=at(23, 7))  # before 08:00: week 46, long past
        due = reviews_send(kinds=[KINDS["weekly"]], now=at(23, 8))
        again = reviews_send(kinds=[KINDS["weekly"]], now=at(23, 15))
        late = reviews_send(kinds=[KINDS["monthly"]], now=at(23, 8))  # October's went out on the 1st

    assert early["weekly"] == {"period": "2026-W46", "nodes": 0, "deliveries": 0, "skipped": "past"}
    assert due["weekly"] == {"period": "2026-W47", "nodes": 3, "deliveries": 4}
    assert again["weekly"]["deliveries"] == 0
    assert late["monthly"]["skipped"] == "past"
    assert [n.title for n in inbox(officials["street"])] == [
        "一周一碰头：A街道周报（2026年第47周（11-16 至 11-22））"
    ]


def test_beat_sends_the_reviews_on_monday_and_the_first_at_eight():
    schedule = settings.CELERY_BEAT_SCHEDULE
    weekly, monthly = schedule["review-reports-weekly"], schedule["review-reports-monthly"]
    assert weekly["task"] == monthly["task"] == send_review_reports.name
    assert weekly["kwargs"] == {"kind": "weekly"} and monthly["kwargs"] == {"kind": "monthly"}
    assert weekly["schedule"].day_of_week == {1} and weekly["schedule"].hour == {8}
    assert monthly["schedule"].day_of_month == {1} and monthly["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
