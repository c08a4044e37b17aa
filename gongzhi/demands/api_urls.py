"""Routes under /api/v1/demands/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from gongzhi.demands.apis import DemandTransitionApi, DemandViewSet

router = SimpleRouter()
router.register("", DemandViewSet, basename="demand")

urlpatterns = [
    *router.urls,
    path("<int:pk>/<slug:transition>/", DemandTransitionApi.as_view(), name="demand-transition"),
]
