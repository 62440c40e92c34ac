from django.urls import URLPattern, URLResolver, path

from pcrs.consultations import apis

urlpatterns: list[URLPattern | URLResolver] = [
    path("consultations/", apis.ConsultationList.as_view(), name="consultations"),
    path(
        "consultations/<str:meeting_id>/",
        apis.ConsultationDetail.as_view(),
        name="consultation-detail",
    ),
    path("action-items/", apis.ActionItemList.as_view(), name="action-items"),
    path("action-items/<str:item_id>/", apis.ActionItemDetail.as_view(), name="action-item"),
    path(
        "action-items/<str:item_id>/moves/", apis.ActionItemMove.as_view(), name="action-item-move"
    ),
]
