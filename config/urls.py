"""URLs: pages per domain, the API under /api/v1/, the OpenAPI document and its docs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("pcrs.core.urls")),
    path("accounts/", include("pcrs.accounts.urls")),
    path("states/", include("pcrs.memberstates.urls")),
    path("registry/", include("pcrs.registry.urls")),
    path("missions/", include("pcrs.missions.urls")),
    path("readiness/", include("pcrs.readiness.urls")),
    path("consultations/", include("pcrs.consultations.urls")),
    path("partnerships/", include("pcrs.partnerships.urls")),
    path("api/v1/", include("pcrs.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
