from django.urls import include, path
from rest_framework.routers import SimpleRouter

from pcrs.memberstates import apis

router = SimpleRouter()
router.register("member-states", apis.MemberStateViewSet, basename="member-state")
router.register(
    "regional-organizations", apis.RegionalOrganizationViewSet, basename="regional-organization"
)

urlpatterns = [path("", include(router.urls))]
