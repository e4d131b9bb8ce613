"""State changes for users and organisations: permission, validation, write, audit."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from anjian.audit.services import record
from anjian.core.services import require, snapshot

from .models import ApiToken, Role, User

USER_FIELDS = [
    "username",
    "full_name",
    "role",
    "region",
    "department",
    "enterprise",
    "is_leader",
    "cert_no",
    "cert_expiry",
    "phone",
    "is_active",
]


def create_user(by, *, password: str, must_change_password: bool = True, **fields) -> User:
    """Create an account. 安委办 (and superusers) manage accounts in their region."""
    if by is not None:
        require(by.is_superuser or by.role == Role.AWB, "只有安委办可以创建用户")
    with transaction.atomic():
        user = User(**fields)
        validate_password(password, user)
        user.set_password(password)
        user.must_change_password = must_change_password
        user.full_clean(exclude=["password"])
        user.save()
        record(by, "user.create", user, after=snapshot(user, USER_FIELDS))
        return user


def change_password(user: User, new_password: str) -> None:
    with transaction.atomic():
        validate_password(new_password, user)
        user.set_password(new_password)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        record(user, "user.password_change", user)


def issue_token(by, user: User, name: str = "") -> str:
    require(by is None or by.is_superuser or by.pk == user.pk, "只能为本人创建令牌")
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name)
        record(by, "token.create", token, after={"user": user.username, "prefix": token.prefix})
        return raw
