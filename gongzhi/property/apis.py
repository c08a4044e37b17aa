"""REST endpoints of red property: one scoped register each, the figures, and the compound list."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.api.viewsets import ScopedRegistryViewSet
from gongzhi.core.periods import parse_period
from gongzhi.people.nodes import figures_node
from gongzhi.property import selectors
from gongzhi.property import serializers as s
from gongzhi.property.models import (
    CommitteeMember,
    Compound,
    CompoundRating,
    CrossAppointment,
    OwnersCommittee,
    PropertyCompany,
)
from gongzhi.volunteering.apis import FIGURE_PARAMS


def registry(model_, in_, out, related=("territory",), filters=(), search=("name",)):
    """Make a scoped CRUD viewset for one register."""
    return type(
        f"{model_.__name__}ViewSet",
        (ScopedRegistryViewSet,),
        {
            "__doc__": f"{model_._meta.verbose_name}.",
            "model": model_,
            "select_related": related,
            "input_serializer_class": in_,
            "output_serializer_class": out,
            "filterset_fields": filters,
            "search_fields": search,
        },
    )


ROUTES = {
    "property-companies": registry(
        PropertyCompany, s.PropertyCompanyIn, s.PropertyCompanyOut, filters=("territory", "has_party_org")
    ),
    "compounds": registry(
        Compound,
        s.CompoundIn,
        s.CompoundOut,
        related=("territory", "company", "branch"),
        filters=("service_mode", "company"),
        search=("territory__name",),
    ),
    "owners-committees": registry(OwnersCommittee, s.OwnersCommitteeIn, s.OwnersCommitteeOut),
    "committee-members": registry(
        CommitteeMember,
        s.CommitteeMemberIn,
        s.CommitteeMemberOut,
        related=("committee__territory",),
        filters=("committee", "role", "is_party_member"),
    ),
    "cross-appointments": registry(
        CrossAppointment, s.CrossAppointmentIn, s.CrossAppointmentOut, filters=("territory", "direction")
    ),
    "compound-ratings": registry(
        CompoundRating,
        s.CompoundRatingIn,
        s.CompoundRatingOut,
        filters=("territory", "year", "level"),
        search=("territory__name",),
    ),
}


class CompoundListApi(APIView):
    """The compounds under a node with company, committee, branch, rating and property complaints."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="小区红色物业一览", parameters=FIGURE_PARAMS, responses=dict)
    def get(self, request):
        node = figures_node(user=request.user, territory_id=request.query_params.get("territory"))
        period = parse_period(request.query_params.get("period"))
        rows = selectors.compound_rows(node=node, period=period)
        for r in rows:
            n = r.pop("node")
            r["compound"] = {"id": n.pk, "name": n.name}
        return Response({"period": period.as_dict(), "compounds": rows})
