from django.urls import path

from gongzhi.analytics import report_views, views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("<str:territory>/", views.dashboard, name="node"),
    path("<str:territory>/screen/", views.screen, name="screen"),
    path("<str:territory>/report/", report_views.report, name="report"),
]
