from django.urls import path

from gongzhi.points import apis

urlpatterns = [
    path("public/", apis.PublicRollsApi.as_view(), name="api-points-public"),
]
