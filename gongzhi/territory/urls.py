from django.urls import path

from gongzhi.territory import views

app_name = "territory"

urlpatterns = [
    path("", views.territory_index, name="index"),
    path("search/", views.territory_search, name="search"),
    path("<int:pk>/", views.territory_detail, name="detail"),
    path("<int:pk>/children.xlsx", views.territory_children_export, name="children-export"),
]
