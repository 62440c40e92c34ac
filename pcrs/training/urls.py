from django.urls import URLPattern, URLResolver, path

from pcrs.training import views

app_name = "training"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.centre_list, name="list"),
    path("criteria/", views.criteria, name="criteria"),
    path("centres/<str:pk>/", views.centre_detail, name="centre"),
    path("centres/<str:pk>/deliveries/new/", views.delivery_new, name="delivery_new"),
    path("pledges/<str:pledge_id>/", views.pledge_training, name="pledge"),
]
