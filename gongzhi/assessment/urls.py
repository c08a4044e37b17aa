from django.urls import path

from gongzhi.assessment.views import boards, pages, selection

app_name = "assessment"

urlpatterns = [
    path("", pages.index, name="index"),
    path("public/", boards.public, name="public"),
    path("schemes/<slug:code>/", pages.scheme_detail, name="scheme"),
    path("schemes/<slug:code>/run/", pages.scheme_run_view, name="run"),
    path("schemes/<slug:code>/bulk/", pages.scheme_bulk_view, name="bulk"),
    path("schemes/<slug:code>/board/", boards.board, name="board"),
    path("results/<int:pk>/", pages.result_detail, name="result"),
    path("results/<int:pk>/step/", pages.result_step, name="step"),
    path("results/<int:pk>/manual/", pages.manual_score, name="manual"),
    path("evidence/<int:pk>/", pages.evidence, name="evidence"),
    path("selections/", selection.selection_list, name="selections"),
    path("selections/new/", selection.selection_new, name="selection_new"),
    path("selections/<int:pk>/", selection.selection_detail, name="selection"),
    path("selections/<int:pk>/act/", selection.selection_act, name="selection_act"),
]
