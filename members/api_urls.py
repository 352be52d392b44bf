from rest_framework.routers import SimpleRouter

from members.api import MunicipalityViewSet

router = SimpleRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")

urlpatterns = router.urls
