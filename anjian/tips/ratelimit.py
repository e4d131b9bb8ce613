"""Per-IP and per-code counters in the Django cache (configure a shared cache in production).

Limits (override in settings): ANJIAN_TIP_SUBMIT_PER_HOUR (5 accepted tips per IP per hour),
ANJIAN_TIP_ATTEMPTS_PER_HOUR (30 form posts per IP per hour, accepted or not),
ANJIAN_TIP_LOOKUP_FAILURES (5 wrong secrets per code or per IP) and ANJIAN_TIP_LOCK_MINUTES (15),
ANJIAN_TIP_SEARCH_PER_MINUTE (30 enterprise-name searches per IP per minute).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def hit(key: str, limit: int, seconds: int) -> bool:
    """Count one event; False when the limit for the window is exceeded."""
    full = f"tips:rl:{key}"
    if cache.add(full, 1, seconds):
        return True
    try:
        n = cache.incr(full)
    except ValueError:  # expired between add and incr
        cache.set(full, 1, seconds)
        n = 1
    return n <= limit


SUBMIT_LIMIT_MESSAGE = gettext_lazy("提交过于频繁，请一小时后再试；也可拨打 12350 举报热线")


def submit_allowed(ip: str) -> bool:
    """Whether another tip would still be accepted this hour (does not count)."""
    return (cache.get(f"tips:rl:submit:{ip}") or 0) < setting("ANJIAN_TIP_SUBMIT_PER_HOUR", 5)


def count_submit(ip: str) -> None:
    """Count one accepted tip towards the hourly limit."""
    hit(f"submit:{ip}", setting("ANJIAN_TIP_SUBMIT_PER_HOUR", 5), 3600)


def allow_attempt(ip: str) -> bool:
    """Form posts, accepted or not: a looser limit so a few typing mistakes never lock a
    reporter out, while a script posting the form is still stopped."""
    return hit(f"attempt:{ip}", setting("ANJIAN_TIP_ATTEMPTS_PER_HOUR", 30), 3600)


def allow_search(ip: str) -> bool:
    return hit(f"search:{ip}", setting("ANJIAN_TIP_SEARCH_PER_MINUTE", 30), 60)


def _fail_keys(code: str, ip: str) -> list[str]:
    return [f"tips:fail:code:{code.upper()}", f"tips:fail:ip:{ip}"]


def lookup_locked(code: str, ip: str) -> bool:
    limit = setting("ANJIAN_TIP_LOOKUP_FAILURES", 5)
    return any((cache.get(k) or 0) >= limit for k in _fail_keys(code, ip))


def lookup_failed(code: str, ip: str) -> None:
    seconds = setting("ANJIAN_TIP_LOCK_MINUTES", 15) * 60
    for k in _fail_keys(code, ip):
        if not cache.add(k, 1, seconds):
            try:
                cache.incr(k)
            except ValueError:
                cache.set(k, 1, seconds)


def lookup_succeeded(code: str) -> None:
    cache.delete(_fail_keys(code, "")[0])
