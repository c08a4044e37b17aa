from django.urls import path

from gongzhi.patrols import views

app_name = "patrols"

urlpatterns = [
    path("", views.review, name="review"),
    path("log/", views.log, name="log"),
    path("due/", views.due, name="due"),
    path("<int:pk>/", views.detail, name="detail"),
    path("findings/<int:pk>/to-demand/", views.to_demand, name="to-demand"),
]
