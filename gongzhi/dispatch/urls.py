"""Pages of smart dispatch under /dispatch/."""

from django.urls import path

from gongzhi.dispatch import views

app_name = "dispatch"

urlpatterns = [
    path("hotspots/", views.hotspots_page, name="hotspots"),
]
