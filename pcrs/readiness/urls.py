from django.urls import URLPattern, URLResolver, path

from pcrs.readiness import views

app_name = "readiness"
urlpatterns: list[URLPattern | URLResolver] = [
    path("pledges/<str:pledge_id>/", views.pledge_readiness, name="pledge"),
]
