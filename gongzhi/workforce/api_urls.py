"""The workforce endpoints under /api/v1/workforce/."""

urlpatterns: list = []
