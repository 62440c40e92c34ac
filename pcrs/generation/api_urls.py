from django.urls import path

from pcrs.generation import apis

urlpatterns = [
    path("generation/runs/", apis.RunListView.as_view(), name="api-generation-runs"),
    path(
        "generation/runs/<str:run_id>/",
        apis.RunDetailView.as_view(),
        name="api-generation-run",
    ),
    path("generation/what-if/", apis.WhatIfView.as_view(), name="api-generation-what-if"),
    path(
        "generation/requirements/<int:requirement_id>/outreach/",
        apis.OutreachView.as_view(),
        name="api-generation-outreach",
    ),
    path("generation/cases/", apis.CaseListView.as_view(), name="api-generation-cases"),
    path(
        "generation/cases/<str:case_id>/",
        apis.CaseDetailView.as_view(),
        name="api-generation-case",
    ),
    path(
        "generation/cases/<str:case_id>/moves/",
        apis.CaseMoveView.as_view(),
        name="api-generation-case-move",
    ),
    path(
        "generation/cases/<str:case_id>/answer/",
        apis.CaseAnswerView.as_view(),
        name="api-generation-case-answer",
    ),
]
