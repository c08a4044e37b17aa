"""`/dashboard/<code>/report/`: a node's weekly or monthly review as a PDF or Excel download."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header

from gongzhi.analytics.reports import (
    CONTENT_TYPES,
    review_build,
    review_check_node,
    review_format,
    review_kind,
    review_period,
    write_review,
)
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.people.nodes import figures_node


@login_required
def report(request, territory):
    try:
        node = figures_node(user=request.user, territory_id=territory)
    except NotFound:
        raise Http404("辖区未找到。")
    q = request.GET
    try:
        review_check_node(node)
        kind = review_kind(q.get("kind") or "monthly")
        period = review_period(kind, q.get("period"))
        fmt = review_format(q.get("format") or "pdf")
    except ValidationFailed as exc:
        # A person followed a link or typed an address: say what is wrong and lead back.
        back = reverse("analytics:node", args=[node.division_code or node.pk])
        return render(
            request, "analytics/report_error.html", {"message": exc.message, "back": back}, status=400
        )
    review = review_build(node=node, period=period, kind=kind)
    buf = io.BytesIO()
    write_review(review, fmt, buf)
    response = HttpResponse(buf.getvalue(), content_type=CONTENT_TYPES[fmt])
    # A PDF opens in the browser to print; a workbook is saved.
    response["Content-Disposition"] = content_disposition_header(fmt == "xlsx", review.filename(fmt))
    return response
