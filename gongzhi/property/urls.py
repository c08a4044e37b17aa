from django.urls import path

from gongzhi.property import views

app_name = "property"

urlpatterns = [
    path("", views.figures, name="figures"),
]
