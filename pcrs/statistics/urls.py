from django.urls import URLPattern, URLResolver, path

from pcrs.statistics import views

app_name = "statistics"
urlpatterns: list[URLPattern | URLResolver] = [
    path("overview/", views.aggregates, name="aggregates"),
]
