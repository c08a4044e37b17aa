"""gongzhi assessment list | run: one line per scheme; a run's last line is one JSON object."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongzhi.assessment.services import scheme_run

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:

    out = StringIO()
    call_command("assessment", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_list_prints_a_line_per_scheme_with_its_periods(scheme, clock):
    assert run("list") == ["test-branch  测试支部考评  （尚无结果）"]
    scheme_run(actor=None, scheme_code="test-branch", period_key="2024")
    assert run("list") == ["test-branch  测试支部考评  2024"]


def test_run_ends_with_the_json_line_and_a_second_run_changes_nothing(scheme, clock):
    first = json.loads(run("run", "--scheme", "test-branch", "--period", "2024")[-1])
    assert first == {
        "scheme": "test-branch",
        "period": "2024",
        "assessed": 3,
        "changed": 3,
        "grades": {"5": 0, "4": 0, "3": 0, "2": 1, "1": 2},
    }
    lines = run("run", "--scheme", "test-branch", "--period", "2024")
    assert "没有改写任何结果" in lines[0]
    assert json.loads(lines[-1])["changed"] == 0


def test_run_errors_are_one_line_saying_what_to_fix(scheme, clock):
    with pytest.raises(CommandError, match="考核方案「nope」不存在。可用的方案：test-branch"):
        run("run", "--scheme", "nope", "--period", "2024")
    with pytest.raises(CommandError, match="按年度考核，考核期请写成 2024 这样"):
        run("run", "--scheme", "test-branch", "--period", "2024H1")
    with pytest.raises(CommandError, match="--as"):
        run("run", "--scheme", "test-branch", "--period", "2024", "--as", "nobody")
