"""The API, version 1: each domain owns its endpoints in `<domain>/api_urls.py`."""

from django.urls import include, path

from pcrs.api.auth_views import ObtainTokenView

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("", include("pcrs.memberstates.api_urls")),
    path("", include("pcrs.statistics.api_urls")),
    path("", include("pcrs.registry.api_urls")),
    path("", include("pcrs.missions.api_urls")),
    path("", include("pcrs.readiness.api_urls")),
    path("", include("pcrs.consultations.api_urls")),
    path("", include("pcrs.training.api_urls")),
    path("", include("pcrs.performance.api_urls")),
    path("", include("pcrs.generation.api_urls")),
    path("", include("pcrs.partnerships.api_urls")),
]
