from django.urls import path

from gongzhi.site import views

urlpatterns = [
    path("", views.home, name="home"),
]
