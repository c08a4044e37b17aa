"""The assessment endpoints under /api/v1/assessment/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from gongzhi.assessment.apis import ResultViewSet, RunApi, SchemeViewSet

router = SimpleRouter()
router.register("schemes", SchemeViewSet, basename="assessment-scheme")
router.register("results", ResultViewSet, basename="assessment-result")

urlpatterns = [
    path("runs/", RunApi.as_view(), name="assessment-run"),
    *router.urls,
]
