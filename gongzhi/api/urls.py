from django.urls import include, path
from rest_framework.routers import DefaultRouter

from gongzhi.api.views import MeApi
from gongzhi.people.apis import REGISTRY_ROUTES
from gongzhi.territory.apis import TerritoryViewSet

router = DefaultRouter()
router.register("territories", TerritoryViewSet, basename="territory")
for prefix, viewset in REGISTRY_ROUTES.items():
    router.register(prefix, viewset, basename=prefix.removesuffix("s"))

urlpatterns = [
    path("me/", MeApi.as_view(), name="api-me"),
    path("demands/", include("gongzhi.demands.api_urls")),
    *router.urls,
]
