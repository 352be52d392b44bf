from django.urls import path
from rest_framework.routers import SimpleRouter

from funding.api import (
    FundingProgramViewSet,
    FundingSummaryView,
    GrantViewSet,
    ReuseSummaryView,
)

router = SimpleRouter()
router.register("funding-programs", FundingProgramViewSet, basename="funding-program")
router.register("grants", GrantViewSet, basename="grant")

urlpatterns = [
    path("funding/reports/summary/", FundingSummaryView.as_view(), name="funding-summary"),
    path("reuse/summary/", ReuseSummaryView.as_view(), name="reuse-summary"),
    *router.urls,
]
