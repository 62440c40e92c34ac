from django.urls import path

from pcrs.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("action-items/", views.action_item_list, name="action_item_list"),
    path("action-items/<str:item_id>/", views.action_item_detail, name="action_item_detail"),
    path("notifications/", views.notifications, name="notifications"),
    path("<str:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("<str:meeting_id>/records/", views.meeting_records, name="meeting_records"),
    path("<str:meeting_id>/invite/", views.meeting_invite, name="meeting_invite"),
    path("<str:meeting_id>/decisions/", views.meeting_decision, name="meeting_decision"),
    path("<str:meeting_id>/summary/", views.meeting_summary, name="meeting_summary"),
    path("<str:meeting_id>/action-items/", views.meeting_action_item, name="meeting_action_item"),
]
