"""State changes for users and organisations: permission, validation, write, audit.

三员分立 (等保三级): the system administrator manages accounts and departments, the security
administrator approves changes of rights and password resets that someone else asked for, the
audit administrator reads the audit trail. Nobody changes their own role, leader flag, duty or
rights; rights change only through a `PrivilegeRequest` approved by a second person.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.audit.services import record
from anjian.core.services import require, snapshot

from .models import (
    AUTHORITY_FIELDS,
    AdminDuty,
    ApiToken,
    Department,
    PasswordHistory,
    PrivilegeRequest,
    Role,
    User,
)

USER_FIELDS = [
    "username",
    "full_name",
    "role",
    "region",
    "department",
    "enterprise",
    "is_leader",
    "admin_duty",
    "may_reveal_reporters",
    "cert_no",
    "cert_expiry",
    "phone",
    "is_active",
]
# what only an approved PrivilegeRequest changes
PRIVILEGED = {"is_leader", "admin_duty", "may_reveal_reporters"}
HISTORY = 5  # passwords that may not be reused


def _remember_password(user: User) -> None:
    PasswordHistory.objects.create(user=user, password=user.password)
    stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[HISTORY:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


def _check_history(user: User, raw: str) -> None:
    from django.contrib.auth.hashers import check_password

    if not user.pk:
        return
    recent = PasswordHistory.objects.filter(user=user).values_list("password", flat=True)
    if any(check_password(raw, h) for h in recent[:HISTORY]):
        raise ValidationError(
            {"password": _("新密码不能与最近 %(n)d 次使用过的密码相同。") % {"n": HISTORY}}
        )


def _username_taken(username: str, exclude_pk=None) -> bool:
    qs = User.objects.filter(username__iexact=username)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def create_user(by, *, password: str, must_change_password: bool = True, **fields) -> User:
    """Create an account (the system administrator, or setup code with `by=None`)."""
    if by is not None:
        require(by.is_system_admin, _("只有系统管理员可以创建用户"))
        if PRIVILEGED & {k for k, v in fields.items() if v}:
            raise ValidationError(
                {
                    "admin_duty": _(
                        "管理员职责、负责人和举报人身份查看权须另行申请，经安全管理员审批"
                    )
                }
            )
    with transaction.atomic():
        user = User(**fields)
        errors = {}
        if _username_taken(user.username):
            errors["username"] = [_("该用户名已存在（用户名不区分大小写）")]
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = exc.messages
        try:
            user.full_clean(exclude=["password", "username", *errors])
        except ValidationError as exc:
            for k, v in exc.message_dict.items():
                errors.setdefault(k, v)
        if errors:
            raise ValidationError(errors)
        user.set_password(password)
        user.must_change_password = must_change_password
        user.password_changed_at = timezone.now()
        user.save()
        _remember_password(user)
        record(by, "user.create", user, after=snapshot(user, USER_FIELDS))
        return user


def change_password(user: User, new_password: str) -> None:
    """The user's own change: policy, no reuse of the last five, other sessions stay valid
    only through `update_session_auth_hash` in the view."""
    with transaction.atomic():
        try:
            validate_password(new_password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        _check_history(user, new_password)
        user.set_password(new_password)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        _remember_password(user)
        record(user, "user.password_change", user)


# ------------------------------------------------------------------------------- tokens


def issue_token(by, user: User, name: str = "", days: int | None = None) -> str:
    """A personal API token (shown once); only its owner creates it."""
    require(by is None or by.pk == user.pk, _("只能为本人创建令牌"))
    if by is not None and (user.must_change_password or user.password_expired()):
        raise ValidationError({"name": _("请先修改密码，再创建令牌")})
    with transaction.atomic():
        token, raw = ApiToken.issue(user, (name or "").strip()[:64], days)
        record(
            by, "token.create", token,
            after={"user": user.username, "prefix": token.prefix, "name": token.name,
                   "expires_at": token.expires_at.isoformat()},
        )  # fmt: skip
        return raw


def revoke_token(by, token: ApiToken, *, expected_version=None) -> ApiToken:
    require(
        ApiToken.objects.restrict(by, "change").filter(pk=token.pk).exists(),
        _("无权吊销该令牌"),
    )
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked:
            raise ValidationError({"token": _("该令牌已吊销")})
        token.revoked, token.revoked_at = True, timezone.now()
        token.save(update_fields=["revoked", "revoked_at"])
        record(by, "token.revoke", token, after={"prefix": token.prefix, "user": token.user_id})
        return token


def _revoke_all_tokens(by, user: User, why: str) -> int:
    n = ApiToken.objects.filter(user=user, revoked=False).update(
        revoked=True, revoked_at=timezone.now()
    )
    if n:
        record(by, "token.revoke_all", user, note=f"{why}：{n} 个令牌")
    return n


# ------------------------------------------------------------------------- administration


def _require_system_admin_over(by, user: User | None = None) -> None:
    require(by.is_system_admin, _("只有系统管理员可以管理用户和部门"))
    if user is not None and user.pk:
        require(
            User.objects.restrict(by, "change").filter(pk=user.pk).exists(),
            _("该用户不在您的管理范围内"),
        )


def initial_password() -> str:
    """A random initial password meeting the policy; the user must change it."""
    import secrets
    import string

    alphabet = string.ascii_letters + string.digits
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(10)) + "#" + secrets.choice("23456789")
        try:
            validate_password(pw)
        except ValidationError:
            continue
        if any(c.isupper() for c in pw) and any(c.islower() for c in pw):
            return pw


def admin_create_user(by, **fields) -> tuple[User, str]:
    """The system administrator creates an account with a random initial password."""
    _require_system_admin_over(by)
    _check_placement(by, fields)
    password = initial_password()
    user = create_user(by, password=password, must_change_password=True, **fields)
    return user, password


def _check_placement(by, fields) -> None:
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


def update_user(by, user: User, *, expected_version=None, **fields) -> User:
    """The system administrator edits an account's placement and details — never its own role,
    and never anyone's rights (those go through `request_privilege`)."""
    _require_system_admin_over(by, user)
    fields.pop("username", None)
    changed_rights = {k for k in PRIVILEGED & set(fields) if fields[k] != getattr(user, k)}
    if changed_rights:
        raise ValidationError(
            {k: _("权限变更须提出申请，经安全管理员审批后生效") for k in changed_rights}
        )
    if user.pk == by.pk and (
        fields.get("role", user.role) != user.role or fields.get("is_active", True) is False
    ):
        raise ValidationError({"role": _("不能修改本人的角色或停用本人的账户")})
    merged = {
        f: fields.get(f, getattr(user, f)) for f in ("role", "region", "department", "enterprise")
    }
    _check_placement(by, merged)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = snapshot(user, USER_FIELDS)
        for k, v in fields.items():
            setattr(user, k, v)
        user.full_clean(exclude=["password", "username"])
        user.save()
        if before["is_active"] and not user.is_active:
            _revoke_all_tokens(by, user, _("账户停用"))
        record(by, "user.update", user, before=before, after=snapshot(user, USER_FIELDS))
        return user


def request_privilege(by, target: User, *, kind: str, value: str = "", reason: str = ""):
    """Ask for a change of rights or a password reset; a security administrator decides."""
    require(by.is_system_admin or by.is_security_admin, _("只有系统管理员或安全管理员可以提出申请"))
    require(
        User.objects.restrict(by, "change").filter(pk=target.pk).exists()
        or (by.is_security_admin and _in_region(by, target)),
        _("该用户不在您的管理范围内"),
    )
    errors = {}
    if target.pk == by.pk:
        errors["kind"] = _("不能为本人申请权限变更或重置密码")
    if kind not in dict(PrivilegeRequest.KINDS):
        errors["kind"] = _("申请事项无效")
    if kind == "admin_duty" and value not in dict(AdminDuty.choices):
        errors["value"] = _("管理员职责无效")
    if kind == "admin_duty" and value and target.role != Role.AWB:
        errors["value"] = _("管理员只能由安委办工作人员担任")
    if kind in ("reveal", "leader") and value not in ("0", "1"):
        errors["value"] = _("请选择授予或收回")
    if not (reason or "").strip():
        errors["reason"] = _("请填写申请理由")
    if PrivilegeRequest.objects.filter(target=target, kind=kind, status="pending").exists():
        errors["kind"] = _("该用户已有同类待审批的申请")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        req = PrivilegeRequest.objects.create(
            kind=kind, target=target, value=value or "", reason=reason.strip(), requested_by=by
        )
        record(by, "privilege.request", req, after={"kind": kind, "value": value,
                                                     "target": target.username})  # fmt: skip
        return req


def _in_region(by, target) -> bool:
    p = by.region.prefix if by.region_id else None
    codes = [target.region_id or "", target.department.region_id if target.department_id else ""]
    return bool(p) and any(c.startswith(p) for c in codes)


def decide_privilege(by, req: PrivilegeRequest, *, approve: bool, note: str = "") -> dict:
    """A security administrator who is neither the requester nor the person concerned approves
    (the change takes effect, audited) or refuses. Returns what the approver must see once
    (a new initial password)."""
    require(by.is_security_admin, _("只有安全管理员可以审批权限变更"))
    with transaction.atomic():
        req = PrivilegeRequest.objects.select_for_update().select_related("target").get(pk=req.pk)
        if req.status != "pending":
            raise ValidationError({"approve": _("该申请已处理")})
        if by.pk in (req.requested_by_id, req.target_id):
            raise ValidationError(
                {"approve": _("审批人不能是申请人本人或被变更的用户（双人审批）")}
            )
        req.status = "approved" if approve else "rejected"
        req.decided_by, req.decided_at = by, timezone.now()
        req.decision_note = (note or "").strip()[:200]
        req.save()
        out = {}
        if approve:
            out = _apply_privilege(by, req)
        record(by, f"privilege.{req.status}", req, after={"kind": req.kind, "value": req.value,
               "target": req.target.username}, note=req.decision_note)  # fmt: skip
        return out


def _apply_privilege(by, req: PrivilegeRequest) -> dict:
    user = User.objects.select_for_update().get(pk=req.target_id)
    before = snapshot(user, USER_FIELDS)
    if req.kind == "reset_password":
        return {"password": _reset_password(by, user, req)}
    if req.kind == "reveal":
        user.may_reveal_reporters = req.value == "1"
    elif req.kind == "leader":
        user.is_leader = req.value == "1"
    elif req.kind == "admin_duty":
        user.admin_duty = req.value
    user.save()
    record(by, "user.privilege", user, before=before, after=snapshot(user, USER_FIELDS),
           note=f"申请 #{req.pk}（{req.requested_by}）")  # fmt: skip
    return {}


def _reset_password(by, user: User, req) -> str:
    """New random initial password; unlocks the account; forces a change at the next login.
    Changing the hash ends every session of the user (Django checks the session's password
    hash on each request) and every API token is revoked."""
    password = initial_password()
    user.set_password(password)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    user.password_changed_at = timezone.now()
    user.save(
        update_fields=["password", "must_change_password", "failed_logins", "locked_until",
                       "password_changed_at"]
    )  # fmt: skip
    _remember_password(user)
    _revoke_all_tokens(by, user, _("密码重置"))
    record(by, "user.password_reset", user, note=f"申请 #{req.pk}（{req.requested_by}）")
    return password


def reset_password(by, user: User, *, reason: str = "") -> PrivilegeRequest:
    """Resetting another user's password is a request a security administrator approves."""
    return request_privilege(
        by, user, kind="reset_password", reason=reason or _("用户遗忘密码或账户锁定")
    )


def update_department(by, dept, *, sectors, expected_version=None, **fields):
    """Departments and the sectors they supervise are editable data (system administrator)."""
    require(
        by.is_superuser or (by.is_system_admin and dept.region.code.startswith(by.region.prefix)),
        _("只有系统管理员可以调整部门职责"),
    )
    with transaction.atomic():
        dept = Department.objects.select_for_update().get(pk=dept.pk)
        before = {
            **snapshot(dept, ["name", "short_name", "doc_prefix", *AUTHORITY_FIELDS]),
            "sectors": sorted(dept.sectors.values_list("id", flat=True)),
        }
        for k, v in fields.items():
            setattr(dept, k, v)
        dept.full_clean()
        dept.save()
        dept.sectors.set(sectors)
        after = {
            **snapshot(dept, ["name", "short_name", "doc_prefix", *AUTHORITY_FIELDS]),
            "sectors": sorted(s.id for s in sectors),
        }
        record(by, "department.update", dept, before=before, after=after)
        for reclassify in RECLASSIFY:  # the 名录库 follow the new division of supervision
            reclassify()
    return dept


# Registered by the registry (which sits above accounts): recompute the 名录库.
RECLASSIFY: list = []
