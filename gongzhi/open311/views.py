"""The GeoReport v2 endpoints under /open311/v2/: each parses its input, calls a selector or service, renders."""

from __future__ import annotations

import functools
import re

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt

from gongzhi.core.errors import ApplicationError, ValidationFailed
from gongzhi.open311 import representations as rep
from gongzhi.open311.formats import FORMATS, render, render_errors
from gongzhi.open311.selectors import (
    STATUSES,
    RequestFilters,
    jurisdiction_get,
    request_get,
    request_list,
    service_get,
    service_list,
    token_get,
)
from gongzhi.open311.services import apikey_authenticate, request_submit

ATTRIBUTE = re.compile(r"^attribute\[(?P<code>[^\]]+)\]$")
# A client that does not escape the query turns the + of "+08:00" into a space.
UNESCAPED_PLUS = re.compile(r"(?<=\d) (\d{2}:?\d{2})$")


def endpoint(*methods: str):
    """Check the format and method, and answer every refusal in the spec's error format."""

    def wrap(view):
        @csrf_exempt
        @functools.wraps(view)
        def run(request, *args, fmt: str, **kwargs):
            if fmt not in FORMATS:
                return render_errors("json", 404, f"不支持的格式「{fmt}」：请用 .json 或 .xml。")
            if request.method not in methods:
                response = render_errors(fmt, 405, f"不支持 {request.method} 请求。")
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except ApplicationError as exc:
                return render_errors(fmt, exc.status, exc.message)

        return run

    return wrap


def _jurisdiction(request):
    params = request.POST if request.method == "POST" else request.GET
    return jurisdiction_get(jurisdiction_id=params.get("jurisdiction_id"))


@endpoint("GET")
def service_collection(request, *, fmt):
    _jurisdiction(request)
    return render(fmt, "services", [rep.service(c) for c in service_list()])


@endpoint("GET")
def service_definition(request, *, fmt, service_code):
    _jurisdiction(request)
    return render(fmt, "service_definition", rep.definition(service_get(service_code=service_code)))


def _many(params, name: str) -> list[str]:
    """Read a parameter that may be repeated and comma delimited."""
    return [v.strip() for raw in params.getlist(name) for v in raw.split(",") if v.strip()]


def _when(params, name: str):
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    value = parse_datetime(UNESCAPED_PLUS.sub(r"+\1", raw))
    if value is None and parse_date(raw):
        value = parse_datetime(f"{raw}T00:00:00")
    if value is None:
        raise ValidationFailed(f"{name} 格式不对，应为 w3 格式，如 2026-01-01T00:00:00+08:00。")
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _filters(params) -> RequestFilters:
    ids = _many(params, "service_request_id")
    statuses = [s.lower() for s in _many(params, "status")]
    unknown = sorted(set(statuses) - set(STATUSES))
    if unknown:
        raise ValidationFailed(f"status 只能是 open 或 closed，收到「{','.join(unknown)}」。")
    return RequestFilters(
        service_request_ids=[int(i) for i in ids if i.isdigit()] or ([-1] if ids else []),
        service_codes=_many(params, "service_code"),
        statuses=statuses,
        start=_when(params, "start_date"),
        end=_when(params, "end_date"),
    )


@endpoint("GET", "POST")
def request_collection(request, *, fmt):
    jurisdiction = _jurisdiction(request)
    if request.method == "POST":
        return _create(request, fmt)
    rows = request_list(jurisdiction=jurisdiction, filters=_filters(request.GET), now=timezone.now())
    return render(fmt, "service_requests", [rep.request(d) for d in rows])


def _create(request, fmt):
    key = apikey_authenticate(raw_key=request.POST.get("api_key"))
    fields, attributes = {}, {}
    for name in request.POST:
        match = ATTRIBUTE.match(name)
        if match:
            attributes[match["code"]] = request.POST.get(name, "")
        elif name not in ("idempotency_key", "jurisdiction_id"):
            fields[name] = request.POST.get(name, "")
    client_id = request.headers.get("Idempotency-Key") or request.POST.get("idempotency_key", "")
    result = request_submit(api_key=key, fields=fields, attributes=attributes, client_request_id=client_id)
    body = [rep.submitted(result.demand.pk, result.token)]
    return render(fmt, "service_requests", body, status=201 if result.created else 200)


@endpoint("GET")
def request_detail(request, *, fmt, request_id):
    demand = request_get(jurisdiction=_jurisdiction(request), request_id=request_id)
    return render(fmt, "service_requests", [rep.request(demand)])


@endpoint("GET")
def token_detail(request, *, fmt, token):
    _jurisdiction(request)
    value, demand_id = token_get(token=token)
    return render(fmt, "service_requests", [rep.token(value, demand_id)])
