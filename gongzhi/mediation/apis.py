"""REST endpoints of mediation: mediators (a registry), cases with their steps, figures per node and period."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gongzhi.api.viewsets import ScopedRegistryViewSet, ScopedViewSet
from gongzhi.core.periods import period_from_params
from gongzhi.mediation import selectors
from gongzhi.mediation import serializers as s
from gongzhi.mediation.models import Dispute, Mediator
from gongzhi.mediation.services import dispute_register, dispute_transition
from gongzhi.patrols.apis import PERIOD_PARAMS
from gongzhi.people.nodes import figures_node


class MediatorViewSet(ScopedRegistryViewSet):
    """调解员（人民调解员、乡贤、五老、法律顾问）."""

    model = Mediator
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.MediatorIn, s.MediatorOut
    filterset_fields = ("kind", "active", "territory")
    search_fields = ("name", "organisation")


class DisputeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """矛盾纠纷: register, take a step (POST …/{id}/transition/), success rate and time to first contact."""

    model = Dispute
    # Mediators may hold no role at all; the services decide who may do what on each case.
    permission_classes = [IsAuthenticated]
    output_serializer_class = s.DisputeOut
    input_serializer_class = s.DisputeIn
    filterset_fields = ("state", "source", "kind", "territory", "mediator")
    ordering_fields = ("received_at", "id")

    def get_queryset(self):
        return selectors.dispute_list(actor=self.request.user)

    def get_object(self):
        return selectors.dispute_get(actor=self.request.user, dispute_id=self.kwargs["pk"])

    def get_serializer_class(self):
        return s.DisputeDetailOut if self.action == "retrieve" else s.DisputeOut

    @extend_schema(summary="登记矛盾纠纷", request=s.DisputeIn, responses=s.DisputeDetailOut)
    def create(self, request):
        data = s.DisputeIn(data=request.data)
        data.is_valid(raise_exception=True)
        dispute = dispute_register(actor=request.user, **data.validated_data)
        body = s.DisputeDetailOut(self._fetch(dispute.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(summary="办理步骤", request=s.DisputeTransitionIn, responses=s.DisputeDetailOut)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        data = s.DisputeTransitionIn(data=request.data)
        data.is_valid(raise_exception=True)
        dispute_transition(actor=request.user, dispute_id=pk, **data.validated_data)
        return Response(s.DisputeDetailOut(self._fetch(pk), context={"request": request}).data)

    def _fetch(self, pk):
        return selectors.dispute_get(actor=self.request.user, dispute_id=pk)

    @extend_schema(summary="调解统计（本级及下级）", parameters=PERIOD_PARAMS)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def figures(self, request):
        node = figures_node(user=request.user, territory_id=request.query_params.get("territory"))
        period = period_from_params(request.query_params)
        return Response(
            {
                "territory": {"id": node.pk, "name": node.name},
                "period": period.as_dict(),
                "figures": selectors.mediation_figures(node=node, period=period).as_dict(),
                "children": [
                    {"id": c.pk, "name": c.name, **f.as_dict()}
                    for c, f in selectors.mediation_figures_by_child(node=node, period=period)
                ],
            }
        )


ROUTES = {"mediators": MediatorViewSet, "disputes": DisputeViewSet}
