from django.urls import include, path
from rest_framework.routers import SimpleRouter

from pcrs.registry import apis

router = SimpleRouter()
router.register("capability-types", apis.CapabilityTypeViewSet, basename="capability-type")
router.register("pledges", apis.PledgeViewSet, basename="pledge")

urlpatterns = [
    # The exact contract of issue 17: no trailing slash, GET downloads and PUT uploads.
    path("pledges/<str:pk>/annex.xlsx", apis.PledgeAnnexView.as_view(), name="pledge-annex"),
    path("", include(router.urls)),
]
