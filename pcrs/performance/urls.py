from django.urls import URLPattern, URLResolver, path

from pcrs.performance import views

app_name = "performance"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.evaluation_list, name="list"),
    path("standards/", views.standards, name="standards"),
    path("evaluations/new/", views.evaluation_new, name="evaluation_new"),
    path("appraisals/new/", views.appraisal_new, name="appraisal_new"),
    path("evaluations/<str:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<str:pk>/decisions/", views.decision_new, name="decision_new"),
    path("evaluations/<str:pk>/plan/", views.plan_move, name="plan_move"),
]
