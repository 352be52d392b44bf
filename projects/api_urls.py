from rest_framework.routers import SimpleRouter

from projects.api.adoptions import AdoptionViewSet
from projects.api.follows import FollowViewSet
from projects.api.reports import ReportViewSet
from projects.api.reuse import AnswerViewSet, QuestionViewSet
from projects.api.views import ProjectViewSet, TopicViewSet

router = SimpleRouter()
router.register("topics", TopicViewSet, basename="topic")
router.register("projects", ProjectViewSet, basename="project")
router.register("adoptions", AdoptionViewSet, basename="adoption")
router.register("questions", QuestionViewSet, basename="question")
router.register("answers", AnswerViewSet, basename="answer")
router.register("experience-reports", ReportViewSet, basename="experience-report")

router.register("follows", FollowViewSet, basename="follow")

urlpatterns = router.urls
