from rest_framework.routers import SimpleRouter

from pcrs.performance import apis

router = SimpleRouter()
router.register("evaluations", apis.EvaluationViewSet, basename="api-evaluations")
urlpatterns = router.urls
