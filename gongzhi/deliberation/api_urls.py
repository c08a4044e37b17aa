"""Deliberation routes: registered on the shared API router, plus two read-only views."""

from django.urls import path

from gongzhi.deliberation import apis, board_apis

# URL prefix → viewset, named after the glossary.
ROUTES = {
    "topics": (apis.TopicViewSet, "topic"),
    "meetings": (apis.MeetingViewSet, "meeting"),
    "votes": (apis.VoteViewSet, "vote"),
    "meeting-series": (apis.MeetingSeriesViewSet, "meeting-series"),
    "reminders": (apis.ReminderViewSet, "reminder"),
    "publications": (board_apis.PublicationViewSet, "publication"),
    "consultation-catalogues": (board_apis.ConsultationCatalogueViewSet, "consultation-catalogue"),
    "catalogue-entries": (board_apis.CatalogueEntryViewSet, "catalogue-entry"),
}

urlpatterns = [
    path("catalogue-match/", board_apis.CatalogueMatchApi.as_view(), name="catalogue-match"),
    path("deliberation-figures/", board_apis.DeliberationFiguresApi.as_view(), name="deliberation-figures"),
]


def register(router) -> None:
    for prefix, (viewset, basename) in ROUTES.items():
        router.register(prefix, viewset, basename=basename)
