"""Every state change of checklist templates: permission, validation, write, audit.

Drafts are edited item by item (add, edit, reorder, delete) under optimistic locking on the
template's `revision`. Publishing freezes a version; a published version is never edited in
place: `begin_revision` creates the next draft version copying its items.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.audit.services import record
from anjian.core.services import ConflictError, require, snapshot

from .models import ChecklistItem, ChecklistTemplate

ITEM_FIELDS = [
    "subject",
    "seq",
    "item",
    "content",
    "points",
    "basis",
    "liability",
    "remark",
    "violation_code",
]
TEMPLATE_FIELDS = ["code", "version", "title", "source", "department", "status", "sectors"]
IMMUTABLE = gettext_lazy("已发布的检查表不能直接修改，请点击“修订”生成新版本后再编辑")


def can_edit(user, tpl: ChecklistTemplate | None = None) -> bool:
    if user.is_superuser:
        return True
    if ChecklistTemplate.edit_q(user) is None:
        return False
    return (
        tpl is None or ChecklistTemplate.objects.restrict(user, "change").filter(pk=tpl.pk).exists()
    )


def validate_violation_code(code: str) -> str:
    from anjian.law import VIOLATIONS

    code = (code or "").strip().upper()
    if code and code not in VIOLATIONS:
        raise ValidationError(
            {
                "violation_code": _(
                    "未知的违法行为代码“%(code)s”（应为法律引擎中的代码，如 SPL-97-2）"
                )
                % {"code": code}
            }
        )
    return code


def _lock(by, tpl: ChecklistTemplate, expected_revision=None) -> ChecklistTemplate:
    """Re-read the template under a row lock; check scope, draft status and revision."""
    tpl = ChecklistTemplate.objects.select_for_update().get(pk=tpl.pk)
    require(can_edit(by, tpl), _("无权修改该检查表"))
    if tpl.status != "draft":
        raise ValidationError({"status": IMMUTABLE})
    if expected_revision not in (None, "") and int(expected_revision) != tpl.revision:
        raise ConflictError(tpl, _("该检查表已被他人修改，请刷新后重新编辑（您的修改未保存）。"))
    return tpl


def _bump(tpl: ChecklistTemplate) -> None:
    tpl.revision += 1
    tpl.save(update_fields=["revision"])


def _clean_item(fields: dict) -> dict:
    errors = {}
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    if "violation_code" in data:
        try:
            data["violation_code"] = validate_violation_code(data["violation_code"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if "subject" in data and not data["subject"]:
        errors["subject"] = _("检查对象不能为空")
    if "item" in data and not data["item"]:
        errors["item"] = _("检查项目不能为空")
    if "seq" in data and data["seq"] is not None and int(data["seq"]) < 1:
        errors["seq"] = _("序号应为正整数")
    if errors:
        raise ValidationError(errors)
    return data


def _tpl_snap(tpl):
    return snapshot(tpl, TEMPLATE_FIELDS)


def create_template(
    by, *, code: str, title: str, source: str = "", sectors=()
) -> ChecklistTemplate:
    """A new checklist, draft version 1. Department staff: their department's; 安委办: region-wide."""
    require(can_edit(by), _("无权制定检查表"))
    code = (code or "").strip().lower()
    errors = {}
    if not code:
        errors["code"] = _("模板代码不能为空")
    elif ChecklistTemplate.objects.filter(code=code).exists():
        errors["code"] = _("模板代码“%(code)s”已被使用") % {"code": code}
    if not (title or "").strip():
        errors["title"] = _("名称不能为空")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        tpl = ChecklistTemplate(
            code=code,
            version=1,
            title=title.strip(),
            source=(source or "").strip(),
            department=by.department if by.role in ("inspector", "dept_leader") else None,
            created_by=by if by.is_authenticated else None,
        )
        tpl.full_clean(exclude=["department"])
        tpl.save()
        tpl.sectors.set(sectors)
        record(by, "checklist.create", tpl, after=_tpl_snap(tpl))
    return tpl


def update_template(by, tpl, *, expected_revision=None, title=None, source=None, sectors=None):
    with transaction.atomic():
        tpl = _lock(by, tpl, expected_revision)
        before = _tpl_snap(tpl)
        if title is not None:
            if not title.strip():
                raise ValidationError({"title": _("名称不能为空")})
            tpl.title = title.strip()
        if source is not None:
            tpl.source = source.strip()
        tpl.save()
        if sectors is not None:
            tpl.sectors.set(sectors)
        _bump(tpl)
        record(by, "checklist.update", tpl, before=before, after=_tpl_snap(tpl))
    return tpl


def add_item(by, tpl, *, expected_revision=None, **fields) -> ChecklistItem:
    """Append an item; `seq` defaults to the next number within its 检查对象."""
    data = _clean_item({k: fields.get(k, "") for k in ITEM_FIELDS if k != "seq"})
    with transaction.atomic():
        tpl = _lock(by, tpl, expected_revision)
        seq = fields.get("seq")
        if not seq:
            seq = (tpl.items.filter(subject=data["subject"]).aggregate(m=Max("seq"))["m"] or 0) + 1
        elif int(seq) < 1:
            raise ValidationError({"seq": _("序号应为正整数")})
        row = (tpl.items.aggregate(m=Max("row"))["m"] or 0) + 1
        item = ChecklistItem.objects.create(template=tpl, row=row, seq=int(seq), **data)
        _bump(tpl)
        record(by, "checklist.item_add", tpl, after=snapshot(item, ITEM_FIELDS + ["row"]))
    return item


def update_item(by, item: ChecklistItem, /, *, expected_revision=None, **fields) -> ChecklistItem:
    """Edit an item of a draft; a `seq` left empty keeps the item's number."""
    data = _clean_item(
        {k: v for k, v in fields.items() if k in ITEM_FIELDS and not (k == "seq" and v is None)}
    )
    with transaction.atomic():
        tpl = _lock(by, item.template, expected_revision)
        item = ChecklistItem.objects.get(pk=item.pk, template=tpl)
        before = snapshot(item, ITEM_FIELDS)
        for k, v in data.items():
            setattr(item, k, v)
        item.save()
        _bump(tpl)
        record(by, "checklist.item_update", tpl, before=before, after=snapshot(item, ITEM_FIELDS))
    return item


def _renumber(tpl, ordered_ids: list[int]) -> None:
    # Two passes so that no intermediate state violates unique (template, row) on any database.
    ChecklistItem.objects.filter(template=tpl).update(row=F("row") + 100000)
    for i, pk in enumerate(ordered_ids, start=1):
        ChecklistItem.objects.filter(pk=pk).update(row=i)


def move_item(by, item: ChecklistItem, /, direction: str = "", *, expected_revision=None):
    """Move an item one row up or down."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("移动方向只能为上移或下移")})
    with transaction.atomic():
        tpl = _lock(by, item.template, expected_revision)
        ids = list(tpl.items.order_by("row").values_list("pk", flat=True))
        i = ids.index(item.pk)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(ids):
            ids[i], ids[j] = ids[j], ids[i]
            _renumber(tpl, ids)
        _bump(tpl)
        record(by, f"checklist.item_move_{direction}", tpl, after={"item": item.pk, "order": ids})


def delete_item(by, item: ChecklistItem, /, *, expected_revision=None) -> None:
    with transaction.atomic():
        tpl = _lock(by, item.template, expected_revision)
        before = snapshot(item, ITEM_FIELDS + ["row"])
        ChecklistItem.objects.filter(pk=item.pk, template=tpl).delete()
        _renumber(tpl, list(tpl.items.order_by("row").values_list("pk", flat=True)))
        _bump(tpl)
        record(by, "checklist.item_delete", tpl, before=before)


def publish(by, tpl, *, expected_revision=None) -> ChecklistTemplate:
    """Freeze a draft. Earlier published versions of the same code are retired."""
    with transaction.atomic():
        tpl = _lock(by, tpl, expected_revision)
        if not tpl.items.exists():
            raise ValidationError({"items": _("检查表至少应有一个检查项才能发布")})
        before = _tpl_snap(tpl)
        ChecklistTemplate.objects.filter(code=tpl.code, status="published").update(status="retired")
        tpl.status = "published"
        tpl.published_by = by if by.is_authenticated else None
        tpl.published_at = timezone.now()
        tpl.save()
        record(by, "checklist.publish", tpl, before=before, after=_tpl_snap(tpl))
    return tpl


def begin_revision(by, tpl) -> ChecklistTemplate:
    """Editing a published version: create (or return) the next draft version with its items."""
    require(can_edit(by, tpl), _("无权修改该检查表"))
    with transaction.atomic():
        src = ChecklistTemplate.objects.select_for_update().get(pk=tpl.pk)
        if src.status == "draft":
            return src
        existing = ChecklistTemplate.objects.filter(code=src.code, status="draft").first()
        if existing:
            return existing
        latest = ChecklistTemplate.objects.filter(code=src.code).aggregate(m=Max("version"))["m"]
        new = ChecklistTemplate.objects.create(
            code=src.code,
            version=latest + 1,
            title=src.title,
            source=src.source,
            department=src.department,
            status="draft",
            based_on=src,
            created_by=by if by.is_authenticated else None,
        )
        new.sectors.set(src.sectors.all())
        ChecklistItem.objects.bulk_create(
            [
                ChecklistItem(template=new, row=i.row, **{f: getattr(i, f) for f in ITEM_FIELDS})
                for i in src.items.order_by("row")
            ]
        )
        record(by, "checklist.revise", new, after={**_tpl_snap(new), "based_on": src.pk})
    return new


def discard_draft(by, tpl, *, expected_revision=None) -> None:
    with transaction.atomic():
        tpl = _lock(by, tpl, expected_revision)
        if tpl.campaign_set.exists():
            raise ValidationError({"status": _("该草稿已被专项行动引用，不能删除")})
        record(by, "checklist.discard", tpl, before=_tpl_snap(tpl))
        tpl.delete()
