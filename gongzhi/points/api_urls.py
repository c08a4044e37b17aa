from django.urls import path

from gongzhi.points import apis

urlpatterns = [
    path("figures/", apis.PointsFiguresApi.as_view(), name="api-points-figures"),
    path("public/", apis.PublicRollsApi.as_view(), name="api-points-public"),
]
