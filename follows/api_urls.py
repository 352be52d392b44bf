from rest_framework.routers import SimpleRouter

from follows.api import FollowViewSet

router = SimpleRouter()
router.register("follows", FollowViewSet, basename="follow")

urlpatterns = router.urls
