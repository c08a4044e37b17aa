"""REST endpoints of safe households: apply, take a step, read figures per node and period."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gongzhi.api.viewsets import ScopedViewSet
from gongzhi.safety import selectors
from gongzhi.safety import serializers as s
from gongzhi.safety.models import SafeHouseholdAssessment
from gongzhi.safety.services import assessment_apply, assessment_transition


class SafeHouseholdAssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """平安家庭评定: the six steps (POST …/{id}/transition/) and the compliance figures."""

    model = SafeHouseholdAssessment
    # Residents apply for their own household; the services check every role.
    permission_classes = [IsAuthenticated]
    output_serializer_class = s.AssessmentOut
    input_serializer_class = s.AssessmentIn
    filterset_fields = ("state", "plaque", "origin", "household")
    ordering_fields = ("created_at", "next_recheck_on", "id")

    def get_queryset(self):
        return selectors.assessment_list(actor=self.request.user)

    def get_object(self):
        return selectors.assessment_get(actor=self.request.user, assessment_id=self.kwargs["pk"])

    def get_serializer_class(self):
        return s.AssessmentDetailOut if self.action == "retrieve" else s.AssessmentOut

    @extend_schema(summary="申请/推荐平安家庭", request=s.AssessmentIn, responses=s.AssessmentOut)
    def create(self, request):
        data = s.AssessmentIn(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = assessment_apply(actor=request.user, **data.validated_data)
        return Response(s.AssessmentOut(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="评定步骤", request=s.AssessmentTransitionIn, responses=s.AssessmentDetailOut)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        data = s.AssessmentTransitionIn(data=request.data)
        data.is_valid(raise_exception=True)
        assessment_transition(actor=request.user, assessment_id=pk, **data.validated_data)
        return Response(s.AssessmentDetailOut(self.get_object()).data)


ROUTES = {"safe-household-assessments": SafeHouseholdAssessmentViewSet}
