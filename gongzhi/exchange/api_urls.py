from django.urls import path

from gongzhi.exchange.apis import ChangesApi

urlpatterns = [
    path("", ChangesApi.as_view(), name="api-changes"),
]
