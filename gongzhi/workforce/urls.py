from django.urls import path

from gongzhi.workforce.views import cards, index, pay, postings, reserve, staffing, training

app_name = "workforce"

urlpatterns = [
    path("", index.index, name="index"),
    path("pay/compute/", index.pay_run, name="pay_compute"),
    path("red-card/enrol/", index.red_card_enrol, name="red_card_enrol"),
    path("workers/", pay.workers, name="workers"),
    path("pay-table/", pay.pay_table_view, name="pay_table"),
    path("pay-table/import/", pay.pay_table_import, name="pay_table_import"),
    path("staffing/", staffing.staffing, name="staffing"),
    path("reserve/", reserve.reserve, name="reserve"),
    path("reserve/promote/", reserve.promote, name="reserve_promote"),
    path("reserve/<int:pk>/withdraw/", reserve.withdraw, name="reserve_withdraw"),
    path("coverage/", postings.coverage_view, name="coverage"),
    path("postings/", postings.postings, name="postings"),
    path("postings/<int:pk>/", postings.posting_detail, name="posting"),
    path("postings/<int:pk>/day/", postings.log_day, name="posting_day"),
    path("training/", training.training, name="training"),
    path("training/<int:pk>/", training.course, name="course"),
    path("training/<int:pk>/sessions/<int:session_pk>/attendance/", training.attendance, name="attendance"),
    path("cards/", cards.cards, name="cards"),
    path("cards/<int:member_id>/photo/", cards.photo, name="card_photo"),
    path("cards/<int:member_id>/edit/", cards.card_edit, name="card_edit"),
]
