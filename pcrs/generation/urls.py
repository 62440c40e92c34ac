from django.urls import path

from pcrs.generation import views

app_name = "generation"

urlpatterns = [
    path("", views.index, name="index"),
    path("runs/<str:run_id>/", views.run_detail, name="run"),
    path("runs/<str:run_id>/status/", views.run_status, name="run_status"),
    path("runs/<str:run_id>/replan/", views.run_replan, name="run_replan"),
    path("runs/<str:run_id>/shortlist/", views.shortlist, name="shortlist"),
    path("compare/", views.run_compare, name="compare"),
    path("cases/", views.case_list, name="cases"),
    path("cases/<str:case_id>/", views.case_detail, name="case"),
    path("requirements/<int:requirement_id>/candidates/", views.candidates, name="candidates"),
    path("what-if/", views.what_if, name="what_if"),
    path("metrics/", views.metrics, name="metrics"),
]
