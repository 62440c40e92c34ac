from django.urls import URLPattern, URLResolver, path

from pcrs.consultations import apis

urlpatterns: list[URLPattern | URLResolver] = [
    path("consultations/", apis.ConsultationList.as_view(), name="consultations"),
    path(
        "consultations/<str:meeting_id>/",
        apis.ConsultationDetail.as_view(),
        name="consultation-detail",
    ),
    path(
        "consultations/<str:meeting_id>/decisions/",
        apis.ConsultationDecisions.as_view(),
        name="consultation-decisions",
    ),
    path(
        "consultations/<str:meeting_id>/invitees/",
        apis.ConsultationInvitees.as_view(),
        name="consultation-invitees",
    ),
    path(
        "consultations/<str:meeting_id>/summary/",
        apis.ConsultationSummary.as_view(),
        name="consultation-summary",
    ),
    path("action-items/", apis.ActionItemList.as_view(), name="action-items"),
    path("action-items/<str:item_id>/", apis.ActionItemDetail.as_view(), name="action-item"),
    path(
        "action-items/<str:item_id>/moves/", apis.ActionItemMove.as_view(), name="action-item-move"
    ),
]
