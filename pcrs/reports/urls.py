from django.urls import URLPattern, URLResolver, path

from pcrs.reports import views

app_name = "reports"
# /reports/requirements/ and /reports/requirements.pdf are a contract (issue 17).
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("requirements/", views.requirements, name="requirements"),
    path("requirements.pdf", views.requirements_pdf, name="requirements_pdf"),
    path("briefing/", views.briefing, name="briefing"),
    path("briefing.pdf", views.briefing_pdf, name="briefing_pdf"),
]
