from rest_framework.routers import SimpleRouter

from pcrs.performance import apis

router = SimpleRouter()
router.register("evaluations", apis.EvaluationViewSet, basename="api-evaluations")
router.register("police-appraisals", apis.PoliceAppraisalViewSet, basename="api-appraisals")
urlpatterns = router.urls
