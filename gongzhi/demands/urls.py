from django.urls import path

from gongzhi.demands.views import hotline, intake, platforms, work

app_name = "demands"

urlpatterns = [
    path("", intake.index, name="index"),
    path("new/", intake.report, name="report"),
    path("patrol/", intake.patrol, name="patrol"),
    path("walk-in/", intake.walk_in, name="walk_in"),
    path("council/", intake.council, name="council"),
    path("mine/", intake.mine, name="mine"),
    path("mine/export.xlsx", intake.mine_export, name="mine_export"),
    path("queue/", work.queue_page, name="queue"),
    path("queue/export.xlsx", work.queue_export, name="queue_export"),
    path("triage/", work.triage_page, name="triage"),
    path("triage/export.xlsx", work.triage_export, name="triage_export"),
    path("platforms/", platforms.board_page, name="platforms"),
    path("platforms/export.xlsx", platforms.board_export, name="platforms_export"),
    path("platforms/<int:pk>/", platforms.platform_page, name="platform"),
    path("platforms/<int:pk>/export.xlsx", platforms.platform_export, name="platform_export"),
    path("hotline/", hotline.hotline_page, name="hotline"),
    path("hotline/template.xlsx", hotline.hotline_template, name="hotline_template"),
    path("photo/<int:pk>/", work.photo, name="photo"),
    path("<int:pk>/", work.detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", work.act, name="act"),
]
