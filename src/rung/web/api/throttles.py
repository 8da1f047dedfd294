"""The API's rate limits: django-ninja's throttles, with rates read from the settings
(RUNG_API_RATE, RUNG_API_RATE_ANON) at each request, so a deployment or a test can change them.

An over-limit request is answered 429 with `Retry-After` (ninja sets it) and a JSON `detail`.
Counts live in Django's cache: the default local-memory cache counts per worker process.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle, AuthRateThrottle


class _RateFromSettings:
    setting = ""
    rate: str | None
    num_requests: int | None
    duration: int | None

    def __init__(self) -> None:  # the rate is read per request, not at import
        pass

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)  # type: ignore[attr-defined]
        return super().allow_request(request)  # type: ignore[misc,no-any-return]


class TokenRateThrottle(_RateFromSettings, AuthRateThrottle):
    """Per token: the key is a hash of the bearer secret, never the secret itself."""

    setting = "RUNG_API_RATE"

    def get_cache_key(self, request: HttpRequest) -> str:
        if getattr(request, "auth", None) is None:
            return super().get_cache_key(request)
        secret = request.headers.get("Authorization", "")
        ident = hashlib.sha256(secret.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(_RateFromSettings, AnonRateThrottle):
    """Per client address, for the operations open without a token."""

    setting = "RUNG_API_RATE_ANON"
