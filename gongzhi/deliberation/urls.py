from django.urls import path

from gongzhi.deliberation import views

app_name = "deliberation"

urlpatterns = [
    path("", views.topic_index, name="index"),
    path("topics/new/", views.topic_create, name="topic-create"),
    path("topics/<int:pk>/", views.topic_detail, name="topic"),
    path("topics/<int:pk>/step/", views.topic_step, name="topic-step"),
    path("resolutions.xlsx", views.resolutions_export, name="resolutions-export"),
    path("meetings/", views.meeting_index, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/print/", views.meeting_print, name="meeting-print"),
    path("meetings/<int:pk>/export.xlsx", views.meeting_export, name="meeting-export"),
    path("board/", views.board_index, name="board"),
    path("board/<int:pk>/", views.board_detail, name="notice"),
    path("figures/", views.figures_page, name="figures"),
    path("inbox/", views.inbox, name="inbox"),
]
