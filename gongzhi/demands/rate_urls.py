"""Pages of the demand rates under /demand-rates/."""

from django.urls import path

from gongzhi.demands import rate_views

app_name = "demand_rates"

urlpatterns = [
    path("", rate_views.rates_page, name="index"),
    path("export.xlsx", rate_views.rates_export, name="export"),
]
