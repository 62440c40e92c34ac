from django.urls import path

from pcrs.memberstates import views

app_name = "memberstates"
urlpatterns = [
    path("", views.state_list, name="list"),
    path("organizations/", views.organization_list, name="organizations"),
    path("<str:iso3>/", views.state_detail, name="detail"),
]
