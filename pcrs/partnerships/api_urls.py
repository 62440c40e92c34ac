from django.urls import path

from pcrs.partnerships import apis

urlpatterns = [
    path("needs/", apis.NeedList.as_view(), name="api-needs"),
    path("offers/", apis.OfferList.as_view(), name="api-offers"),
    path("offers/<str:offer_id>/", apis.OfferDetail.as_view(), name="api-offer"),
    path("partnerships/", apis.PartnershipList.as_view(), name="api-partnerships"),
    path(
        "partnerships/<str:partnership_id>/",
        apis.PartnershipDetail.as_view(),
        name="api-partnership",
    ),
    path(
        "partnerships/<str:partnership_id>/accept/",
        apis.PartnershipAccept.as_view(),
        name="api-partnership-accept",
    ),
    path(
        "partnerships/<str:partnership_id>/move/",
        apis.PartnershipMove.as_view(),
        name="api-partnership-move",
    ),
    path(
        "joint-pledges/<str:pledge_id>/partners/",
        apis.JointPledgePartners.as_view(),
        name="api-joint-pledge-partners",
    ),
    path("tpp-courses/", apis.TppCourseList.as_view(), name="api-tpp-courses"),
    path("tpp-courses/<str:course_id>/", apis.TppCourseDetail.as_view(), name="api-tpp-course"),
]
