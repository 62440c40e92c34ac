from django.urls import URLPattern, URLResolver, path

from pcrs.gender import views

app_name = "gender"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("states/<str:iso3>/", views.state_detail, name="state"),
    path("missions/<str:acronym>/", views.mission_detail, name="mission"),
    path("pledges/<str:pledge_id>/", views.pledge_gap, name="pledge_gap"),
]
