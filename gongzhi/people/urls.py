from django.urls import path

from gongzhi.people import views

app_name = "people"

urlpatterns = [
    path("", views.registry_index, name="index"),
    path("<slug:registry>/", views.registry_list, name="list"),
    path("<slug:registry>/export.xlsx", views.registry_export, name="export"),
    path("<slug:registry>/<int:pk>/", views.registry_detail, name="detail"),
]
