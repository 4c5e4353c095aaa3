"""Rate limits of the API, counted in the shared cache so every app server
sees the same count: a fixed window per client (an API key, else the client
address), ``N/second|minute|hour|day`` requests per window."""

import math
import re
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)\s*$")


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int

    def __str__(self):
        period = next(name for name, seconds in PERIODS.items() if seconds == self.seconds)
        return f"{self.requests}/{period}"


def parse_rate(text: str) -> Rate:
    match = _RATE.match(text or "")
    if not match or int(match[1]) < 1:
        raise ValueError(f"频率限制“{text}”的格式应为“次数/单位”,如 600/minute。")
    return Rate(int(match[1]), PERIODS[match[2]])


def validate_rate(text: str) -> None:
    try:
        parse_rate(text)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


@dataclass(frozen=True)
class Usage:
    rate: Rate
    count: int
    resets_in: int

    @property
    def allowed(self) -> bool:
        return self.count <= self.rate.requests

    @property
    def remaining(self) -> int:
        return max(self.rate.requests - self.count, 0)


def hit(client: str, rate: Rate) -> Usage:
    """Count one request of ``client`` against ``rate``."""
    now = time.time()
    window = int(now // rate.seconds)
    key = f"api-rate:{client}:{rate.seconds}:{window}"
    # add() is a no-op when the key exists, so concurrent first requests of a
    # window do not reset each other's count.
    cache.add(key, 0, rate.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:
        # Expired between add() and incr(): this request opens a new window.
        cache.set(key, 1, rate.seconds + 1)
        count = 1
    return Usage(rate=rate, count=count, resets_in=max(math.ceil((window + 1) * rate.seconds - now), 1))
