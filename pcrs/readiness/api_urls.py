from django.urls import URLPattern, URLResolver, path

from pcrs.readiness import apis

P = "readiness/pledges/<str:pledge_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, apis.PledgeReadinessView.as_view(), name="readiness-pledge"),
    path(f"{P}moves/", apis.PledgeMoveView.as_view(), name="readiness-move"),
    path(f"{P}renew/", apis.PledgeRenewView.as_view(), name="readiness-renew"),
    path(f"{P}visits/", apis.PledgeVisitView.as_view(), name="readiness-visit"),
    path(f"{P}sur-alignments/", apis.PledgeSurAlignmentView.as_view(), name="readiness-sur"),
    path(f"{P}rdl-agreements/", apis.PledgeRdlAgreementView.as_view(), name="readiness-rdl"),
    path(
        "readiness/unit-requirements/",
        apis.UnitRequirementList.as_view(),
        name="readiness-unit-requirements",
    ),
    path("readiness/queue/", apis.WorkQueueView.as_view(), name="readiness-queue"),
    # The pledge's lifecycle, at the registry's URLs (the ladder owns status: ADR 0040).
    path("pledges/<str:pledge_id>/submit/", apis.PledgeSubmitView.as_view(), name="pledge-submit"),
    path(
        "pledges/<str:pledge_id>/withdraw/",
        apis.PledgeWithdrawView.as_view(),
        name="pledge-withdraw",
    ),
    path(
        "pledges/<str:pledge_id>/change-requests/<int:request_id>/accept/",
        apis.ChangeRequestDecisionView.as_view(decision="accept"),
        name="pledge-change-accept",
    ),
    path(
        "pledges/<str:pledge_id>/change-requests/<int:request_id>/reject/",
        apis.ChangeRequestDecisionView.as_view(decision="reject"),
        name="pledge-change-reject",
    ),
]
