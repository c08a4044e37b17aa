from django.urls import path

from gongzhi.volunteering import views

app_name = "volunteering"

urlpatterns = [
    path("", views.figures, name="figures"),
    path("activities/", views.activities, name="activities"),
    path("volunteers/", views.volunteers, name="volunteers"),
    path("pledges/", views.pledges, name="pledges"),
    path("public/", views.public, name="public"),
]
