"""Anonymous and per-user throttling with the rates read when a request comes.

DRF's own classes copy ``DEFAULT_THROTTLE_RATES`` once at import, so a changed
setting (a test, a settings override) would be ignored.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class CurrentRates:
    scope: str | None

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return None if rate is None else str(rate)


class AnonRateThrottle(CurrentRates, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(CurrentRates, throttling.UserRateThrottle):
    pass
