"""Every login success and failure goes to the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from anjian.audit.services import record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(user, "login.success", user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(user, "logout", user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    note = ""
    if request is not None and getattr(request, "anjian_just_locked", False):
        note = "连续失败次数达到上限，账户已锁定"
    elif request is not None and getattr(request, "anjian_locked_until", None):
        note = "账户锁定期间尝试登录"
    record(None, "login.failure", None, username=username, note=note)
