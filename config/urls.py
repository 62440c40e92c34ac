"""URLs: pages per domain, the API under /api/v1/, the OpenAPI document and its docs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pcrs.accounts.views import language_switch

urlpatterns = [
    path("", include("pcrs.core.urls")),
    path("accounts/", include("pcrs.accounts.urls")),
    # The language switch: Django's set_language, which also stores a logged-in user's choice
    # (first, so that it answers i18n/setlang/ and the name "set_language").
    path("i18n/setlang/", language_switch, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
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
