"""REST endpoints of mediation: mediators (a registry), cases with their steps, figures per node and period."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gongzhi.api.viewsets import ScopedRegistryViewSet, ScopedViewSet
from gongzhi.mediation import selectors
from gongzhi.mediation import serializers as s
from gongzhi.mediation.models import Dispute, Mediator
from gongzhi.mediation.services import dispute_register, dispute_transition


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


ROUTES = {"mediators": MediatorViewSet, "disputes": DisputeViewSet}
