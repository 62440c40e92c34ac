"""URLs: pages per domain, the API under /api/v1/, the OpenAPI document and its docs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("pcrs.core.urls")),
    path("accounts/", include("pcrs.accounts.urls")),
    path("states/", include("pcrs.memberstates.urls")),
    path("registry/", include("pcrs.statistics.urls")),
    path("registry/", include("pcrs.registry.urls")),
    path("missions/", include("pcrs.missions.urls")),
    path("readiness/", include("pcrs.readiness.urls")),
    path("consultations/", include("pcrs.consultations.urls")),
    path("gender/", include("pcrs.gender.urls")),
    path("training/", include("pcrs.training.urls")),
    path("performance/", include("pcrs.performance.urls")),
    path("generation/", include("pcrs.generation.urls")),
    path("partnerships/", include("pcrs.partnerships.urls")),
    path("reports/", include("pcrs.reports.urls")),
    path("api/v1/", include("pcrs.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

# A database outage outside a view (session, login middleware) is a 503 too (pcrs/core/outage.py).
handler500 = "pcrs.core.outage.server_error"
