from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from pcrs.missions import apis

router = SimpleRouter()
router.register("missions", apis.MissionViewSet, basename="api-missions")
router.register("contingents", apis.ContingentViewSet, basename="api-contingents")
router.register("requirements", apis.RequirementViewSet, basename="api-requirements")
router.register("gender-targets", apis.GenderTargetViewSet, basename="api-gender-targets")

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "gaps/critical-capabilities/",
        apis.CriticalCapabilitiesView.as_view(),
        name="api-critical-capabilities",
    ),
    path("fatalities/", apis.FatalitiesView.as_view(), name="api-fatalities"),
    *router.urls,
]
