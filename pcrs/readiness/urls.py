from django.urls import URLPattern, URLResolver, path

from pcrs.readiness import views

app_name = "readiness"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("queue/", views.queue, name="queue"),
    path("mine/", views.mine, name="mine"),
    path("pledges/<uuid:pk>/submit/", views.pledge_submit, name="pledge_submit"),
    path("pledges/<uuid:pk>/withdraw/", views.pledge_withdraw, name="pledge_withdraw"),
    path(
        "pledges/<uuid:pk>/changes/<int:request_id>/",
        views.change_request_decide,
        name="change_decide",
    ),
    path("pledges/<str:pledge_id>/", views.pledge_readiness, name="pledge"),
    path("pledges/<str:pledge_id>/move/", views.pledge_move, name="move"),
    path("pledges/<str:pledge_id>/renew/", views.pledge_renew, name="renew"),
    path("pledges/<str:pledge_id>/visits/", views.pledge_visit, name="visit"),
    path("pledges/<str:pledge_id>/sur-alignment/", views.pledge_sur_alignment, name="sur"),
    path("pledges/<str:pledge_id>/rdl-agreement/", views.pledge_rdl_agreement, name="rdl"),
]
