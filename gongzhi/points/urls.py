from django.urls import path

from gongzhi.points import views

app_name = "points"

urlpatterns = [
    path("", views.figures, name="figures"),
    path("ledger/", views.ledger, name="ledger"),
    path("rolls/", views.public, name="public"),
]
