"""The assessment endpoints under /api/v1/assessment/."""

urlpatterns: list = []
