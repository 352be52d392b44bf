"""Anonymous and per-user throttling with the rates read when a request comes.

DRF's own classes copy ``DEFAULT_THROTTLE_RATES`` once at import, so a changed
setting (a test, a settings override) would be ignored.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class AnonRateThrottle(throttling.AnonRateThrottle):
    @property
    def THROTTLE_RATES(self) -> dict:  # noqa: N802 - DRF's attribute name
        return api_settings.DEFAULT_THROTTLE_RATES


class UserRateThrottle(throttling.UserRateThrottle):
    @property
    def THROTTLE_RATES(self) -> dict:  # noqa: N802 - DRF's attribute name
        return api_settings.DEFAULT_THROTTLE_RATES
