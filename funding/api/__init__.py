"""Read-only API for the ministry and the cities: programmes, grants, reports.

Token or session; anonymous callers get 401. Staff of a city read their own
city's grants only; the ministry and the coordinators read all of them.
Amounts are strings with two decimals ("60750.00").
"""

from funding.api.grants import CanReadFunding, FundingProgramViewSet, GrantViewSet
from funding.api.reports import FundingSummaryView, SummaryRowSerializer
from funding.api.reuse import ReuseSummaryView

__all__ = [
    "CanReadFunding",
    "FundingProgramViewSet",
    "FundingSummaryView",
    "GrantViewSet",
    "ReuseSummaryView",
    "SummaryRowSerializer",
]
