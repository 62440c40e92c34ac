from django.urls import URLPattern, URLResolver, path

from pcrs.missions import views

app_name = "missions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mission_list, name="list"),
    path("gaps/", views.gaps_dashboard, name="gaps"),
    path("new/", views.mission_new, name="new"),
    path("fatalities/", views.fatalities, name="fatalities"),
    path("contributions/", views.contributions_index, name="contributions"),
    path("contributions/upload/", views.contributions_upload, name="contributions_upload"),
    path("contributions/<str:iso3>/", views.state_contributions, name="state_contributions"),
    path("gender-targets/", views.gender_targets, name="gender_targets"),
    path(
        "contingents/<int:pk>/replacement/",
        views.contingent_replacement,
        name="contingent_replacement",
    ),
    path("requirements/<int:pk>/edit/", views.requirement_edit, name="requirement_edit"),
    path("requirements/<int:pk>/status/", views.requirement_status, name="requirement_status"),
    path("<str:acronym>/", views.mission_detail, name="detail"),
    path("<str:acronym>/status/", views.mission_status, name="status"),
    path("<str:acronym>/requirements/new/", views.requirement_create, name="requirement_create"),
    path("<str:acronym>/contingents/new/", views.contingent_create, name="contingent_create"),
]
