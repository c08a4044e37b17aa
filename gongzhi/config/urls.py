from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

admin.site.site_header = "共治 Gongzhi 后台管理"
admin.site.site_title = "共治后台"
admin.site.index_title = "党建引领基层治理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("gongzhi.site.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"),
        name="api-redoc",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("gongzhi.site.urls")),
    path("", include("gongzhi.core.urls")),
    path("territory/", include("gongzhi.territory.urls")),
    path("people/", include("gongzhi.people.urls")),
    path("deliberation/", include("gongzhi.deliberation.urls")),
    path("volunteering/", include("gongzhi.volunteering.urls")),
    path("points/", include("gongzhi.points.urls")),
    path("property/", include("gongzhi.property.urls")),
    path("patrols/", include("gongzhi.patrols.urls")),
    path("safety/", include("gongzhi.safety.urls")),
    path("mediation/", include("gongzhi.mediation.urls")),
    path("demands/", include("gongzhi.demands.urls")),
    path("demand-rates/", include("gongzhi.demands.rate_urls")),
    path("dispatch/", include("gongzhi.dispatch.urls")),
    path("dashboard/", include("gongzhi.analytics.urls")),
    path("assessment/", include("gongzhi.assessment.urls")),
    path("workforce/", include("gongzhi.workforce.urls")),
    path("notifications/", include("gongzhi.notifications.urls")),
    path("open311/v2/", include("gongzhi.open311.urls")),
]
