from rest_framework.routers import SimpleRouter

from projects.api.adoptions import AdoptionViewSet
from projects.api.views import ProjectViewSet, TopicViewSet

router = SimpleRouter()
router.register("topics", TopicViewSet, basename="topic")
router.register("projects", ProjectViewSet, basename="project")
router.register("adoptions", AdoptionViewSet, basename="adoption")

urlpatterns = router.urls
