"""The API hub: every app's endpoints under /api/v1/; gongzhi.api keeps only the shared plumbing."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from gongzhi.analytics.apis import AreaFiguresApi, FiguresApi
from gongzhi.api.views import MeApi
from gongzhi.deliberation import api_urls as deliberation_api
from gongzhi.demands.rate_apis import DemandRankingsApi, DemandRatesApi
from gongzhi.dispatch.apis import DuplicatesApi, HotspotsApi
from gongzhi.mediation.apis import ROUTES as MEDIATION_ROUTES
from gongzhi.notifications.apis import NotificationViewSet
from gongzhi.patrols.apis import ROUTES as PATROL_ROUTES
from gongzhi.people.apis import REGISTRY_ROUTES
from gongzhi.points.apis import ROUTES as POINTS_ROUTES
from gongzhi.property.apis import ROUTES as PROPERTY_ROUTES
from gongzhi.safety.apis import ROUTES as SAFETY_ROUTES
from gongzhi.territory.apis import TerritoryViewSet
from gongzhi.volunteering.apis import ROUTES as VOLUNTEERING_ROUTES

router = DefaultRouter()
router.register("territories", TerritoryViewSet, basename="territory")
router.register("notifications", NotificationViewSet, basename="notification")
for prefix, viewset in REGISTRY_ROUTES.items():
    router.register(prefix, viewset, basename=prefix.removesuffix("s"))
for prefix, viewset in {**PATROL_ROUTES, **SAFETY_ROUTES, **MEDIATION_ROUTES}.items():
    router.register(prefix, viewset, basename=prefix)
deliberation_api.register(router)
for prefix, viewset in {**VOLUNTEERING_ROUTES, **POINTS_ROUTES, **PROPERTY_ROUTES}.items():
    router.register(prefix, viewset, basename=prefix)

urlpatterns = [
    path("me/", MeApi.as_view(), name="api-me"),
    path("figures/", FiguresApi.as_view(), name="api-figures"),
    # Where each area's own figures endpoint was: now the layer's, for that area (before the router,
    # whose detail routes would read "figures" as an id).
    *(
        path(f"{prefix}/figures/", AreaFiguresApi.as_view(area=area), name=f"api-{area}-figures")
        for prefix, area in [
            ("points", "points"),
            ("property", "property"),
            ("volunteering", "volunteering"),
            ("safe-household-assessments", "safety"),
            ("disputes", "mediation"),
            ("patrols", "patrols"),
        ]
    ),
    path("changes/", include("gongzhi.exchange.api_urls")),
    path("demands/", include("gongzhi.demands.api_urls")),
    path("demand-rates/", DemandRatesApi.as_view(), name="demand-rates"),
    path("demand-rankings/", DemandRankingsApi.as_view(), name="demand-rankings"),
    path("dispatch/duplicates/", DuplicatesApi.as_view(), name="dispatch-duplicates"),
    path("dispatch/hotspots/", HotspotsApi.as_view(), name="dispatch-hotspots"),
    *deliberation_api.urlpatterns,
    path("volunteering/", include("gongzhi.volunteering.api_urls")),
    path("points/", include("gongzhi.points.api_urls")),
    path("property/", include("gongzhi.property.api_urls")),
    path("assessment/", include("gongzhi.assessment.api_urls")),
    path("workforce/", include("gongzhi.workforce.api_urls")),
    *router.urls,
]
