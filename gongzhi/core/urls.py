from django.contrib.auth import views as auth_views
from django.urls import path

from gongzhi.core import views

# The home page is gongzhi.site's: it shows every app, and core imports none.
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="core/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
]
