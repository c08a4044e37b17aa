"""The workforce endpoints under /api/v1/workforce/."""

from django.urls import path

from gongzhi.workforce import apis

urlpatterns = [
    path("workers/", apis.WorkersApi.as_view(), name="api-workforce-workers"),
    path("postings/", apis.PostingsApi.as_view(), name="api-workforce-postings"),
    path("coverage/", apis.CoverageApi.as_view(), name="api-workforce-coverage"),
    path("courses/", apis.CoursesApi.as_view(), name="api-workforce-courses"),
    path("reserve-candidates/", apis.ReserveApi.as_view(), name="api-workforce-reserve"),
]
