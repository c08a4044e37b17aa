from django.urls import path

from gongzhi.property import apis

urlpatterns = [
    path("compound-list/", apis.CompoundListApi.as_view(), name="api-property-compound-list"),
]
