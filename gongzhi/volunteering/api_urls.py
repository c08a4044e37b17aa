from django.urls import path

from gongzhi.volunteering import apis

urlpatterns = [
    path("public/", apis.PublicPledgesApi.as_view(), name="api-volunteering-public"),
]
