"""One signature mechanism for every record that needs one (inspections, their amendments,
移交表, documents needing a party's signature).

Each signer signs for himself (谁检查、谁签名、谁负责, seed 003; 移交表 双方共同签字, seed
001): a user with an account signs as the authenticated user of the request, or — signing
on a colleague's device — by re-entering his own password (on the API: his own token); a
person without an account signs by hand on the inspector's device, with his name, his
居民身份证 number and the time. A typed name alone is never a signature.

What is signed is hashed: `content_hash(content)` is the SHA-256 of the canonical JSON of the
record as signed, stored with the signature and printed on the document, so a later change of
the record shows. Every signing is written to the audit trail in the same transaction.
"""

import base64
import binascii
import hashlib
import json
import re
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from anjian.audit.services import record
from anjian.core.uploads import sniff

from .models import ApiToken, Signature, User

PNG_MAX_BYTES = 512 * 1024
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
TYPED_NAME = gettext_noop(
    "仅填写姓名不是签名：请由签名人本人签名——有账号的本人登录或输入本人密码确认，"
    "没有账号的在本设备上手写签名并填写身份证号"
)


def _default(x):
    if isinstance(x, (date, datetime)):
        return x.isoformat()
    return str(x)


def canonical(content) -> str:
    """The canonical serialisation of a signed record: JSON, keys sorted, no spaces."""
    return json.dumps(
        content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default
    )


def content_hash(content) -> str:
    return hashlib.sha256(canonical(content).encode()).hexdigest()


def id_number_problem(value: str) -> str:
    """Why `value` is not a valid 18-digit 居民身份证号码 (GB 11643-1999), or ''."""
    n = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", n):
        return _("身份证号须为18位（前17位数字，末位为数字或X）")
    try:
        born = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return _("身份证号中的出生日期无效")
    if born > timezone.localdate() or born.year < 1900:
        return _("身份证号中的出生日期无效")
    total = sum(int(d) * w for d, w in zip(n[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != n[17]:
        return _("身份证号校验码不符，请核对")
    return ""


def decode_png(data, *, field: str = "signature") -> bytes:
    """PNG bytes, or a data URL from the signature canvas, checked by content (core.uploads);
    anything else is refused."""
    if isinstance(data, str):
        raw = data.split(",", 1)[1] if data.startswith("data:") else data
        try:
            data = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError({field: _("签名数据无效，请重新签名")}) from None
    data = bytes(data or b"")
    if not data:
        raise ValidationError({field: _("请先在签名框内签名")})
    if "image/png" not in sniff(data[:8192]):
        raise ValidationError({field: _("签名须为 PNG 图像")})
    if len(data) > PNG_MAX_BYTES:
        raise ValidationError({field: _("签名图像过大（超过 512 KB）")})
    return data


def _token_of(user: User, raw: str) -> ApiToken | None:
    t = ApiToken.objects.filter(digest=ApiToken.hash(raw or ""), user=user).first()
    return t if t is not None and t.refusal() is None else None


def verify(by, signer: User | None, *, password=None, token=None) -> str:
    """How the account holder `signer` confirms that he signs himself (the method), or a
    refusal naming the field."""
    if signer is None:
        raise ValidationError({"signer": _("请选择签名人")})
    if not signer.is_active or signer.is_locked():
        raise ValidationError(
            {"signer": _("%(name)s的账号不可用，不能签名") % {"name": signer.display_name}}
        )
    if by is not None and signer.pk == by.pk:
        return "account"
    if password and signer.check_password(password):
        return "password"
    if token and _token_of(signer, token) is not None:
        return "token"
    raise ValidationError(
        {"password": _("请由%(name)s本人输入登录密码确认签名") % {"name": signer.display_name}}
    )


def matches(signature: Signature, content) -> bool:
    """Whether the record still reads as it did when `signature` was given."""
    return bool(signature.content_sha256) and signature.content_sha256 == content_hash(content)


def for_target(target):
    """The signatures on a record."""
    return Signature.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    )


def sign(
    by,
    target,
    *,
    role: str,
    content,
    action: str,
    signer: User | None = None,
    password: str | None = None,
    token: str | None = None,
    png=None,
    name: str = "",
    id_number: str = "",
    organisation: str = "",
    png_required: bool = False,
    replace: bool = True,
) -> Signature:
    """Record one signature on `target` (call inside the caller's transaction, after its own
    permission checks): an account holder `signer`, or — without `signer` — a person signing
    by hand on the device (`png`, `name`, `id_number`). `content` is what is signed (a dict);
    its hash is stored. A previous signature of the same signer in the same role is replaced
    (`replace`). The audit entry `action` is written on `target`."""
    if role not in dict(Signature.ROLES):
        raise ValidationError({"role": _("签名身份无效")})
    errors = {}
    data = b""
    if signer is not None:
        method = verify(by, signer, password=password, token=token)
        if png or png_required:
            data = decode_png(png)
        name, id_number = signer.display_name, ""
    else:
        method = "device"
        name = (name or "").strip()
        id_number = (id_number or "").strip().upper()
        if not png and not id_number:
            raise ValidationError({"signature": _(TYPED_NAME)})
        if not name:
            errors["name"] = _("请填写签名人姓名")
        if problem := id_number_problem(id_number):
            errors["id_number"] = problem
        try:
            data = decode_png(png)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        ctype = ContentType.objects.get_for_model(target)
        mine = Signature.objects.filter(target_type=ctype, target_id=target.pk, role=role)
        if replace:
            (mine.filter(user=signer) if signer else mine.filter(user__isnull=True)).delete()
        sig = Signature.objects.create(
            target_type=ctype,
            target_id=target.pk,
            role=role,
            method=method,
            user=signer,
            name=name[:32],
            id_number=id_number,
            organisation=(organisation or "")[:128],
            png=data,
            sha256=Signature.digest(data) if data else "",
            content_sha256=content_hash(content),
            recorded_by=by,
        )
        record(
            by,
            action,
            target,
            after={
                "role": role,
                "method": method,
                "signer": signer.pk if signer else None,
                "name": sig.name,
                "id_number": sig.id_masked,
                "organisation": sig.organisation,
                "sha256": sig.sha256,
                "content_sha256": sig.content_sha256,
                "signed_at": sig.signed_at.isoformat(),
            },
        )
    return sig


def sign_lines(signatures) -> list[str]:
    """How signatures read on a printed document: who, as what, how, when, and the hash of
    what was signed."""
    out = []
    for s in signatures:
        who = s.name + (f"（{s.organisation}）" if s.organisation else "")
        if s.id_number:
            who += f" 身份证号：{s.id_masked}"
        when = timezone.localtime(s.signed_at).strftime("%Y-%m-%d %H:%M")
        out.append(
            f"{s.get_role_display()}：{who} · {s.get_method_display()} · {when}"
            f" · 签署内容SHA-256：{s.content_sha256}"
        )
    return out


# Signature.ROLES and Signature.METHODS, translated where shown
CHOICE_LABELS = [
    gettext_noop("执法人员"),
    gettext_noop("被检查单位现场负责人"),
    gettext_noop("区执法组人员"),
    gettext_noop("镇街配合人员"),
    gettext_noop("当事人"),
    gettext_noop("本人账号"),
    gettext_noop("本人密码确认"),
    gettext_noop("本人API令牌"),
    gettext_noop("现场手写签名"),
]
