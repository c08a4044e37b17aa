from django.urls import path

from gongzhi.volunteering import apis

urlpatterns = [
    path("figures/", apis.VolunteeringFiguresApi.as_view(), name="api-volunteering-figures"),
    path("public/", apis.PublicPledgesApi.as_view(), name="api-volunteering-public"),
]
