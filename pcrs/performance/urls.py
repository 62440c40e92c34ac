from django.urls import URLPattern, URLResolver, path

from pcrs.performance import views

app_name = "performance"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.evaluation_list, name="list"),
    path("standards/", views.standards, name="standards"),
    path("evaluations/<str:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<str:pk>/plan/", views.plan_move, name="plan_move"),
]
