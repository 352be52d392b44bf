"""Anonymous and per-user throttling with the rates read when a request comes.

DRF's own classes copy ``DEFAULT_THROTTLE_RATES`` once at import, so a changed
setting (a test, a settings override) would be ignored. Their sliding window
is kept as DRF keeps it — the times of the requests of the last period, a
request over the rate refused and not counted — but on Redis in one round
trip (``core.cache.window_hit``) instead of reading the pickled list of times
and writing it back.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings

from core import cache


class CurrentRates:
    scope: str | None

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return None if rate is None else str(rate)


class SlidingWindow(CurrentRates):
    # Not DRF's key: a list of times pickled there by another version would
    # not be a sorted set.
    cache_format = "throttle-window:%(scope)s:%(ident)s"
    rate: str | None
    num_requests: int
    duration: int

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)  # type: ignore[attr-defined]
        if self.key is None:
            return True
        self.now = self.timer()  # type: ignore[attr-defined]
        counted = cache.window_hit(
            self.key, now=self.now, limit=self.num_requests, period=self.duration
        )
        if counted is None:  # not Redis: DRF's own way
            return super().allow_request(request, view)  # type: ignore[misc]
        self.hits, self.oldest = counted
        return self.oldest is None

    def wait(self) -> float | None:
        if not hasattr(self, "hits"):
            return super().wait()  # type: ignore[misc]
        # As DRF's wait() from its list of times.
        remaining = self.duration - (self.now - self.oldest) if self.oldest else self.duration
        available = self.num_requests - self.hits + 1
        return None if available <= 0 else remaining / available


class AnonRateThrottle(SlidingWindow, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(SlidingWindow, throttling.UserRateThrottle):
    pass
