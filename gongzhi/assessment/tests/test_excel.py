"""Schemes in Excel: a round trip changes nothing; a change to a version in use makes the next version."""

import pytest
import tablib

from gongzhi.assessment.models import Indicator, SchemeVersion
from gongzhi.assessment.resources import GradeResource, IndicatorResource, SchemeResource
from gongzhi.assessment.services import scheme_run

pytestmark = pytest.mark.django_db


def round_trip(resource_class, edit=None):
    data = resource_class().export()
    book = tablib.Dataset().load(data.export("xlsx"), format="xlsx")
    if edit:
        edit(book)
    resource = resource_class()
    result = resource.import_data(book, dry_run=False, raise_errors=True)
    return resource, result


def test_an_exported_scheme_imports_back_unchanged(scheme):
    for resource_class in (SchemeResource, IndicatorResource, GradeResource):
        _resource, result = round_trip(resource_class)
        assert not result.has_errors() and not result.has_validation_errors()
        assert {row.import_type for row in result.rows} == {"skip"}
    assert SchemeVersion.objects.filter(scheme=scheme).count() == 1


def test_the_sheet_speaks_chinese(scheme):
    data = IndicatorResource().export()
    assert data.headers[:4] == ["方案代码", "指标代码", "指标名称", "顺序"]
    row = dict(zip(data.headers, data[0], strict=True))
    assert (row["来源"], row["计分规则"], row["越高越好"]) == ("统计指标", "线性", "是")


def test_editing_a_version_in_use_makes_the_next_version_and_says_so(scheme, orgs, clock):
    scheme_run(actor=None, scheme_code="test-branch", period_key="2024")

    def raise_target(book):
        i = book.headers.index("目标值")
        rows = [list(r) for r in book]
        rows[0][i] = "98"
        book.wipe()
        book.headers = list(IndicatorResource().export().headers)
        for r in rows:
            book.append(r)

    resource, result = round_trip(IndicatorResource, raise_target)
    assert not result.has_errors() and not result.has_validation_errors()
    assert resource.notes and "已另存为第2版" in resource.notes[0]
    v1, v2 = SchemeVersion.objects.filter(scheme=scheme).order_by("number")
    assert v1.indicators.get(code="resolution").target == 95  # the version in use is untouched
    assert v2.indicators.get(code="resolution").target == 98
    assert v2.indicators.count() == 4 and v2.grades.count() == 5
    assert (
        scheme_run(actor=None, scheme_code="test-branch", period_key="2024").changed == 3
    )  # a new version: new inputs


def test_a_bad_row_is_refused_in_chinese(scheme):
    def break_rule(book):
        i = book.headers.index("统计指标代码")
        rows = [list(r) for r in book]
        rows[0][i] = "nothing.here"
        book.wipe()
        book.headers = list(IndicatorResource().export().headers)
        for r in rows:
            book.append(r)

    data = IndicatorResource().export()
    book = tablib.Dataset().load(data.export("xlsx"), format="xlsx")
    break_rule(book)
    result = IndicatorResource().import_data(book, dry_run=True)
    assert result.has_validation_errors()
    errors = str(result.invalid_rows[0].error_dict)
    assert "统计指标「nothing.here」不存在" in errors
    assert Indicator.objects.get(code="resolution", version__number=1).figure_key == "testassess.resolution"
