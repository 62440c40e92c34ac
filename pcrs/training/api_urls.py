from rest_framework.routers import SimpleRouter

from pcrs.training import apis

router = SimpleRouter()
router.register("training-centres", apis.TrainingCentreViewSet, basename="api-training-centres")
router.register(
    "course-recognitions", apis.CourseRecognitionViewSet, basename="api-course-recognitions"
)
router.register("pledge-trainings", apis.PledgeTrainingViewSet, basename="api-pledge-trainings")
urlpatterns = router.urls
