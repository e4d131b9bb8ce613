"""State changes for users and organisations: permission, validation, write, audit."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
        require(by.is_superuser or by.role == Role.AWB, _("只有安委办可以创建用户"))
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
    require(by is None or by.is_superuser or by.pk == user.pk, _("只能为本人创建令牌"))
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name)
        record(by, "token.create", token, after={"user": user.username, "prefix": token.prefix})
        return raw


def _require_awb_over(by, user: User | None = None) -> None:
    require(by.is_superuser or by.role == Role.AWB, _("只有安委办可以管理用户和部门"))
    if user is not None and user.pk:
        require(
            User.objects.restrict(by, "change").filter(pk=user.pk).exists(),
            _("该用户不在您的管理范围内"),
        )


def initial_password() -> str:
    """A random initial password meeting the complexity rules; the user must change it."""
    import secrets
    import string

    while True:
        pw = (
            "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(10))
            + "#"
            + secrets.choice(string.digits)
        )
        if any(c.isupper() for c in pw) and any(c.islower() for c in pw):
            return pw


def admin_create_user(by, **fields) -> tuple[User, str]:
    """安委办 creates an account with a random initial password (shown once, must be changed)."""
    _require_awb_over(by)
    _check_placement(by, fields)
    password = initial_password()
    user = create_user(by, password=password, must_change_password=True, **fields)
    return user, password


def _check_placement(by, fields) -> None:
    from django.core.exceptions import ValidationError

    if by.is_superuser:
        return
    prefix = by.region.prefix
    region, dept = fields.get("region"), fields.get("department")
    errors = {}
    if region is not None and not region.code.startswith(prefix):
        errors["region"] = _("所属区划不在您的管辖范围内")
    if dept is not None and not dept.region.code.startswith(prefix):
        errors["department"] = _("所属部门不在您的管辖范围内")
    role = fields.get("role")
    if role in (Role.INSPECTOR, Role.DEPT_LEADER) and dept is None:
        errors["department"] = _("执法人员和部门负责人必须选择所属部门")
    if role in (Role.AWB, Role.TOWN) and region is None:
        errors["region"] = _("安委办和镇街用户必须选择所属区划")
    if role == Role.ENTERPRISE and fields.get("enterprise") is None:
        errors["enterprise"] = _("企业用户必须选择所属企业")
    if errors:
        raise ValidationError(errors)


def update_user(by, user: User, **fields) -> User:
    _require_awb_over(by, user)
    merged = {
        f: fields.get(f, getattr(user, f)) for f in ("role", "region", "department", "enterprise")
    }
    _check_placement(by, merged)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = snapshot(user, USER_FIELDS)
        for k, v in fields.items():
            setattr(user, k, v)
        user.full_clean(exclude=["password"])
        user.save()
        record(by, "user.update", user, before=before, after=snapshot(user, USER_FIELDS))
        return user


def reset_password(by, user: User) -> str:
    """New random initial password; unlocks the account; forces a change at next login."""
    _require_awb_over(by, user)
    password = initial_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        user.save(
            update_fields=["password", "must_change_password", "failed_logins", "locked_until"]
        )
        record(by, "user.password_reset", user)
    return password


def update_department(by, dept, *, sectors, **fields):
    """Departments and the sectors they supervise are editable data (安委办)."""
    from .models import Department

    require(
        by.is_superuser or (by.role == Role.AWB and dept.region.code.startswith(by.region.prefix)),
        _("只有安委办可以调整部门职责"),
    )
    with transaction.atomic():
        dept = Department.objects.select_for_update().get(pk=dept.pk)
        before = {
            **snapshot(dept, ["name", "short_name", "doc_prefix"]),
            "sectors": sorted(dept.sectors.values_list("id", flat=True)),
        }
        for k, v in fields.items():
            setattr(dept, k, v)
        dept.full_clean()
        dept.save()
        dept.sectors.set(sectors)
        after = {
            **snapshot(dept, ["name", "short_name", "doc_prefix"]),
            "sectors": sorted(s.id for s in sectors),
        }
        record(by, "department.update", dept, before=before, after=after)
    from anjian.registry.services import classify

    classify()  # the 名录库 follow the new division of supervision
    return dept
