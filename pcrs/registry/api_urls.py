from django.urls import include, path
from rest_framework.routers import SimpleRouter

from pcrs.registry import apis

router = SimpleRouter()
router.register("capability-types", apis.CapabilityTypeViewSet, basename="capability-type")
router.register("pledges", apis.PledgeViewSet, basename="pledge")

urlpatterns = [
    path("", include(router.urls)),
]
