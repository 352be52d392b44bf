from django.urls import path
from rest_framework.routers import SimpleRouter

from members.api import MeView, MunicipalityViewSet

router = SimpleRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")

urlpatterns = [path("me/", MeView.as_view(), name="me"), *router.urls]
