"""A server-side human check for the public tip page: a small sum, no external service.

The question goes to the browser with a token signed by django.core.signing. The token holds
a random nonce and an HMAC of the answer (not the answer itself, which a bot could decode),
expires after `MAX_AGE` seconds and can be used once (the nonce is burnt in the cache).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

SALT = "anjian.tips.humancheck"
MAX_AGE = 30 * 60


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def _digest(nonce: str, answer: str) -> str:
    key = (settings.SECRET_KEY + SALT).encode()
    return hmac.new(key, f"{nonce}:{answer}".encode(), hashlib.sha256).hexdigest()


def new_challenge() -> Challenge:
    a, b = secrets.randbelow(40) + 10, secrets.randbelow(9) + 1
    if secrets.randbelow(2):
        question, answer = f"{a} + {b} = ?", a + b
    else:
        question, answer = f"{a} - {b} = ?", a - b
    nonce = secrets.token_urlsafe(12)
    token = signing.dumps({"n": nonce, "d": _digest(nonce, str(answer))}, salt=SALT)
    return Challenge(question=question, token=token)


def verify(token: str, answer: str) -> str | None:
    """None when the answer is right; otherwise the reason (translated) for the form."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return _("验证题已过期，请回答新的验证题")
    except signing.BadSignature:
        return _("验证题无效，请回答新的验证题")
    given = (answer or "").strip()
    if not given.lstrip("-").isdigit():
        return _("请填写验证题的计算结果（数字）")
    if not hmac.compare_digest(_digest(data["n"], str(int(given))), data["d"]):
        return _("验证题答案不正确")
    if not cache.add(f"tips:hc:{data['n']}", 1, MAX_AGE):
        return _("验证题已使用过，请回答新的验证题")
    return None
