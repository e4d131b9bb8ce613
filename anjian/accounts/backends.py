from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import F, Q
from django.utils import timezone

from .models import User


class LockoutModelBackend(ModelBackend):
    """Username/password login that locks an account after repeated failures (等保三级).

    Each attempt first reserves one of the allowed tries with a single conditional UPDATE
    (`failed_logins < threshold`, not locked), so parallel guesses cannot exceed the threshold:
    an attempt that finds no try left is refused without its password being checked. A success
    gives the tries back; the failure that uses the last one locks the account. Usernames are
    case-insensitive; an unknown name costs the same time as a known one.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # same cost as a real check (timing)
            return None
        now = timezone.now()
        threshold = settings.ANJIAN_LOCKOUT_THRESHOLD
        # a lock that has run out is lifted (and its count with it)
        User.objects.filter(pk=user.pk, locked_until__lte=now).update(
            locked_until=None, failed_logins=0
        )
        reserved = User.objects.filter(
            Q(locked_until__isnull=True) | Q(locked_until__lte=now),
            pk=user.pk,
            failed_logins__lt=threshold,
        ).update(failed_logins=F("failed_logins") + 1)
        if not reserved:
            user.refresh_from_db(fields=["locked_until"])
            if request is not None:
                request.anjian_locked_until = user.locked_until
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
            user.failed_logins, user.locked_until = 0, None
            return user
        user.refresh_from_db(fields=["failed_logins"])
        if user.failed_logins >= threshold:
            until = now + timedelta(minutes=settings.ANJIAN_LOCKOUT_MINUTES)
            User.objects.filter(pk=user.pk).update(locked_until=until)
            if request is not None:
                request.anjian_locked_until = until
                request.anjian_just_locked = True
        return None

    def get_user(self, user_id):
        """The session's user with its region and department (and the department's region)
        in the same query: every page's scoping and menu read them."""
        try:
            user = User._default_manager.select_related(
                "region", "department", "department__region"
            ).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
