from django.urls import path

from pcrs.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.index, name="index"),
    path("match/", views.match, name="match"),
    path("propose/", views.propose, name="propose"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("needs/new/", views.need_create, name="need_create"),
    path("states/<str:iso3>/", views.state_picture, name="state"),
    path("regions/<str:code>/", views.region, name="region"),
    path("tpp/", views.tpp_list, name="tpp"),
    path("joint/<str:pledge_id>/", views.joint_pledge, name="joint"),
    path("<str:partnership_id>/", views.detail, name="detail"),
    path("<str:partnership_id>/accept/", views.accept, name="accept"),
    path("<str:partnership_id>/move/", views.move, name="move"),
]
