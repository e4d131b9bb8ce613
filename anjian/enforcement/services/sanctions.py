"""E5 escalations: 责令停产停业整顿 and its verification, 提请关闭 (第一百一十三条, proposed
automatically after a penalty), 吊销许可证, 行业禁入, 严重失信主体名单 and 移送司法 (行刑衔接)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from anjian import law
from anjian.audit.services import record
from anjian.core.services import require, snapshot
from anjian.hazards.models import OPEN_STATUSES, Hazard
from anjian.registry import services as registry_services
from anjian.registry.models import Licence

from ..models import Case, Sanction
from .common import (
    DECIDED_STAGES,
    require_enforcer,
    require_enterprise,
    require_leader,
    today_or,
)
from .transfers import create_transfer

# The crime suspected in a 移送司法; labels stay Chinese (they are the referral's wording) and
# are translated where a form shows them.
CRIMES = [
    ("dangerous_operation", gettext_noop("危险作业罪（刑法修正案（十一）第一百三十四条之一）")),
    ("major_liability", gettext_noop("重大责任事故罪（刑法第一百三十四条第一款）")),
    ("forced_risk", gettext_noop("强令、组织他人违章冒险作业罪（刑法第一百三十四条第二款）")),
    ("major_labour_safety", gettext_noop("重大劳动安全事故罪（刑法第一百三十五条）")),
    ("failure_to_report", gettext_noop("不报、谎报安全事故罪（刑法第一百三十九条之一）")),
    ("other", gettext_noop("其他涉嫌犯罪")),
]


def penalty_dates(enterprise) -> list[date]:
    return list(
        Case.objects.filter(
            enterprise=enterprise, stage__in=DECIDED_STAGES, decided_on__isnull=False
        ).values_list("decided_on", flat=True)
    )


def has_open_major_hazard(enterprise) -> bool:
    return Hazard.objects.filter(
        enterprise=enterprise, level="major", status__in=OPEN_STATUSES
    ).exists()


def evaluate_closure(by, enterprise, *, on: date, case: Case | None = None, **engine_kw):
    """第一百一十三条 after a penalty (or a failed 整顿 verification): a proposed 提请关闭."""
    res = law.closure_check(
        penalty_dates(enterprise), has_open_major_hazard(enterprise), on, **engine_kw
    )
    if not res.value.triggered:
        return None
    if Sanction.objects.filter(
        enterprise=enterprise, kind="closure", status__in=("proposed", "decided")
    ).exists():
        return None
    return _new_sanction(
        by, "closure", enterprise, status="proposed", auto=True, case=case, decided_on=on,
        department=case.department if case else by.department, basis="\n".join(res.reasons),
        note="依据：" + "、".join(res.articles),
        audit=("sanction.propose", "第一百一十三条自动评估"),
    )  # fmt: skip


def _new_sanction(
    by, kind, enterprise, *, status="decided", department=None, audit=None, **fields
) -> Sanction:
    """Write a sanction of the acting user's department (or `department`) and its audit entry
    (`audit`: action and note, by default "sanction.<kind>")."""
    s = Sanction.objects.create(
        kind=kind,
        status=status,
        department=department or by.department,
        enterprise=enterprise,
        region_code=enterprise.region_id,
        created_by=by,
        decided_by=by if status == "decided" else None,
        **fields,
    )
    action, note = audit or (f"sanction.{kind}", "")
    record(by, action, s, after=snapshot(s), note=note)
    return s


def _set_enterprise_status(by, enterprise, status: str, note: str):
    """Registry 经营状态 follows the decision, through the registry's own service."""
    registry_services.set_enterprise_status(by, enterprise, status=status, note=note)


def order_suspension(
    by, enterprise, *, starts_on, ends_on, basis: str, case: Case | None = None
) -> Sanction:
    """责令停产停业整顿 with its end date (department leader)."""
    require_leader(by, by.department_id, pgettext("approval", "责令停产停业整顿"))
    require_enterprise(by, enterprise)
    errors = {}
    if not starts_on or not ends_on or ends_on < starts_on:
        errors["ends_on"] = _("整顿截止日期须不早于起始日期")
    if not (basis or "").strip():
        errors["basis"] = _("请填写依据（如安全生产法第九十七条逾期未改正）")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        s = _new_sanction(
            by, "suspension", enterprise, case=case, decided_on=starts_on, starts_on=starts_on,
            ends_on=ends_on, basis=basis.strip(),
        )  # fmt: skip
        _set_enterprise_status(by, enterprise, "suspended", "责令停产停业整顿")
        return s


def verify_suspension(by, sanction: Sanction, *, passed: bool, on=None, note: str = ""):
    """整顿验收: passed → 恢复生产; failed → 第一百一十三条第二项 evaluated (提请关闭)."""
    require_enforcer(by)
    require(
        Sanction.objects.restrict(by, "change").filter(pk=sanction.pk).exists(),
        _("无权验收该整顿"),
    )
    if sanction.kind != "suspension":
        raise ValidationError({"kind": _("只有停产停业整顿需要验收")})
    if sanction.verified_on:
        raise ValidationError({"verified_on": _("该整顿已验收")})
    on = today_or(on)
    with transaction.atomic():
        s = Sanction.objects.select_for_update().get(pk=sanction.pk)
        before = snapshot(s)
        s.verified_on = on
        s.verification_passed = passed
        s.note = (note or "").strip()
        if passed:
            s.lifted_on = on
        s.save()
        record(by, "sanction.verify", s, before=before, after=snapshot(s))
        if passed:
            _set_enterprise_status(by, s.enterprise, "normal", "整顿验收合格，恢复生产")
            return s, None
        closure = evaluate_closure(
            by, s.enterprise, on=on, case=s.case, still_unsafe_after_suspension=True
        )
        return s, closure


def propose_closure(by, enterprise, *, basis: str, case: Case | None = None, on=None, **engine_kw):
    """Manual 提请关闭 proposal by an inspector (the leader decides), only where the engine finds
    a situation of 安全生产法第一百一十三条 (``engine_kw``: still_unsafe_after_suspension,
    refused_suspension_order, accident_grade_from_unsafe_conditions, serious)."""
    require_enforcer(by)
    require_enterprise(by, enterprise)
    if not (basis or "").strip():
        raise ValidationError({"basis": _("请填写提请关闭的依据")})
    on = today_or(on)
    res = law.closure_check(
        penalty_dates(enterprise), has_open_major_hazard(enterprise), on, **engine_kw
    )
    if not res.value.triggered:
        raise ValidationError(
            {
                "basis": _(
                    "经核验不符合《安全生产法》第一百一十三条规定的提请关闭情形（%(reasons)s），"
                    "不能提请关闭"
                )
                % {"reasons": "；".join(res.reasons)}
            }
        )
    with transaction.atomic():
        if Sanction.objects.filter(
            enterprise=enterprise, kind="closure", status__in=("proposed", "decided")
        ).exists():
            raise ValidationError({"basis": _("该企业已有待审批或已决定的提请关闭，不能重复提请")})
        return _new_sanction(
            by, "closure", enterprise, status="proposed", case=case, decided_on=on,
            basis=basis.strip() + "\n" + "\n".join(res.reasons),
            note="依据：" + "、".join(res.articles),
        )  # fmt: skip


def decide_sanction(by, sanction: Sanction, *, approve: bool, note: str = "", on=None):
    """Leader decides a proposed sanction (e.g. the automatic 提请关闭)."""
    require_leader(by, sanction.department_id, pgettext("approval", "升级处置"))
    if sanction.status != "proposed":
        raise ValidationError({"status": _("该事项不是待审批状态")})
    if not approve and not (note or "").strip():
        raise ValidationError({"note": _("不予采纳须填写理由")})
    with transaction.atomic():
        s = Sanction.objects.select_for_update().get(pk=sanction.pk)
        before = snapshot(s)
        s.status = "decided" if approve else "rejected"
        s.decided_by = by
        s.decided_on = today_or(on)
        if note:
            s.note = (s.note + "\n" + note.strip()).strip()
        s.save()
        record(by, "sanction.decide", s, before=before, after=snapshot(s))
        return s


def revoke_licence(by, licence: Licence, *, basis: str, case: Case | None = None, on=None):
    """吊销许可证: a Sanction, and the registry licence marked revoked by the registry service."""
    require_leader(by, by.department_id, pgettext("approval", "吊销许可证"))
    require(
        Licence.objects.restrict(by, "view").filter(pk=licence.pk).exists(),
        _("该证照不在您的监管范围内"),
    )
    if licence.revoked:
        raise ValidationError({"licence": _("该证照已被吊销")})
    if not (basis or "").strip():
        raise ValidationError({"basis": _("请填写吊销依据")})
    with transaction.atomic():
        registry_services.mark_licence_revoked(by, licence, basis=basis.strip())
        return _new_sanction(
            by, "revocation", licence.enterprise, licence=licence, case=case,
            decided_on=today_or(on), basis=basis.strip(),
        )  # fmt: skip


def ban_period(enterprise, *, violation_code: str = "", serious: bool = False, on=None):
    """行业禁入 from the engine (law.industry_ban): the violation's ban measures, else a decided
    第一百一十三条 closure of the enterprise. Returns the engine's Result (value None: no ban)."""
    closed = Sanction.objects.filter(
        enterprise=enterprise, kind="closure", status="decided"
    ).exists()
    return law.industry_ban(
        today_or(on), violation_code=violation_code, closed=closed, serious=serious
    )


def ban_person(
    by, enterprise, *, person_name: str, case: Case | None = None, serious=False, on=None
):
    """行业禁入 of a principal; the period comes from the engine."""
    require_leader(by, by.department_id, pgettext("approval", "行业禁入"))
    require_enterprise(by, enterprise)
    if not (person_name or "").strip():
        raise ValidationError({"person_name": _("请填写人员姓名")})
    code = ""
    if case is not None:
        code = next((p.violation_code for p in case.parties.all() if p.violation_code), "")
    res = ban_period(enterprise, violation_code=code, serious=serious, on=on)
    ban = res.value
    if ban is None:
        raise ValidationError(
            {"person_name": _("依据该案违法行为及企业处置情况，法律未规定行业禁入")}
        )
    with transaction.atomic():
        active = Sanction.objects.filter(
            enterprise=enterprise, kind="industry_ban", person_name=person_name.strip(),
            lifted_on__isnull=True,
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=ban.starts_on))  # fmt: skip
        if active.exists():
            raise ValidationError(
                {"person_name": _("%(name)s已在行业禁入期内，不能重复决定") % {"name": person_name}}
            )
        return _new_sanction(
            by, "industry_ban", enterprise, case=case, person_name=person_name.strip(),
            decided_on=ban.starts_on, starts_on=ban.starts_on, ends_on=ban.last_day,
            basis=f"{ban.scope}（{ban.article}）" + ("；终身禁入" if ban.lifetime else ""),
            note="\n".join(res.reasons),
        )  # fmt: skip


def list_dishonest(
    by, enterprise, *, on=None, accidents=(), multiplied_fine=False, concealed=False,
    reason: str = "",
):  # fmt: skip
    """严重失信主体名单 entry with its period (engine: dishonesty_listing), only on a ground the
    engine confirms and once per enterprise and ground while a listing is active; `reason` is
    recorded with the engine's grounds, it never replaces them."""
    require_leader(by, by.department_id, pgettext("approval", "列入严重失信主体名单"))
    require_enterprise(by, enterprise)
    on = today_or(on)
    res = law.dishonesty_listing(
        on_date=on, accidents=accidents, multiplied_fine_under_114=multiplied_fine,
        concealed_or_false_report=concealed,
    )  # fmt: skip
    d = res.value
    if not d.listed:
        raise ValidationError(
            {
                "reason": _(
                    "经核验不符合《安全生产严重失信主体名单管理办法》规定的列入情形（%(reasons)s），"
                    "不能列入严重失信主体名单"
                )
                % {"reasons": "；".join(res.reasons)}
            }
        )
    with transaction.atomic():
        active = Sanction.objects.select_for_update().filter(
            enterprise=enterprise, kind="dishonesty", lifted_on__isnull=True, ends_on__gte=on
        )
        for listing in active:
            same = [g for g in d.grounds if f"列入严重失信主体名单情形：{g}" in listing.basis]
            if same:
                raise ValidationError(
                    {
                        "reason": _(
                            "该企业已因“%(ground)s”列入严重失信主体名单（%(start)s至%(end)s），"
                            "同一情形不能重复列入"
                        )
                        % {
                            "ground": same[0],
                            "start": listing.starts_on.isoformat(),
                            "end": listing.ends_on.isoformat(),
                        }
                    }
                )
        return _new_sanction(
            by, "dishonesty", enterprise, decided_on=on, starts_on=on, ends_on=d.listed_until,
            early_removal_from=d.early_removal_from,
            basis="\n".join(res.reasons) + (f"\n{reason.strip()}" if reason else ""),
        )  # fmt: skip


def remove_early(by, sanction: Sanction, *, on=None, note: str = ""):
    """提前移出 严重失信主体名单 (after 12 months, per the engine)."""
    require_leader(by, sanction.department_id, pgettext("approval", "提前移出严重失信主体名单"))
    on = today_or(on)
    if sanction.kind != "dishonesty":
        raise ValidationError({"kind": _("只有严重失信主体名单可以提前移出")})
    if sanction.lifted_on:
        raise ValidationError({"lifted_on": _("已移出")})
    if sanction.early_removal_from and on < sanction.early_removal_from:
        raise ValidationError(
            {
                "lifted_on": _("列入满12个月后（%(day)s起）方可申请提前移出")
                % {"day": sanction.early_removal_from.isoformat()}
            }
        )
    with transaction.atomic():
        s = Sanction.objects.select_for_update().get(pk=sanction.pk)
        before = snapshot(s)
        s.lifted_on = on
        s.note = (s.note + "\n提前移出：" + (note or "").strip()).strip()
        s.save()
        record(by, "sanction.remove_early", s, before=before, after=snapshot(s))
        return s


def refer_judicial(
    by, enterprise, *, to_organ: str, crime: str, facts: str, case: Case | None = None, on=None
):
    """移送司法 (行刑衔接): a Sanction(judicial) and a judicial Transfer to the organ."""
    require_leader(by, by.department_id, pgettext("approval", "移送司法"))
    require_enterprise(by, enterprise)
    errors = {}
    if crime not in dict(CRIMES):
        errors["crime"] = _("请选择涉嫌罪名")
    if not (to_organ or "").strip():
        errors["to_organ"] = _("请填写接收机关（如：公安机关）")
    if not (facts or "").strip():
        errors["facts"] = _("请填写涉嫌犯罪的事实")
    if errors:
        raise ValidationError(errors)
    on = today_or(on)
    label = dict(CRIMES)[crime]
    with transaction.atomic():
        s = _new_sanction(
            by, "judicial", enterprise, case=case, decided_on=on, basis=label, note=facts.strip()
        )
        t = create_transfer(
            by, enterprise=enterprise, kind="judicial", to_organ=to_organ.strip(), case=case,
            reason=f"涉嫌{label}：{facts.strip()}", on=on,
        )  # fmt: skip
        return s, t


def _notify_listing(*args, **kwargs):
    from .credit import notify_listing

    return notify_listing(*args, **kwargs)


def create_sanction(
    by, *, kind: str, enterprise, case: Case | None = None, licence: Licence | None = None,
    starts_on=None, ends_on=None, basis: str = "", person_name: str = "", serious=False,
    concealed=False, multiplied_fine=False, to_organ: str = "", crime: str = "", facts: str = "",
    still_unsafe=False, refused_suspension=False,
) -> Sanction:  # fmt: skip
    """The escalation registered on the escalations page, each kind through its own service
    (a 移送司法 also creates its transfer). The 失信 listing's reason is `basis` here."""

    def revocation():
        if licence is None:
            raise ValidationError({"licence": _("请选择要吊销的证照")})
        return revoke_licence(by, licence, basis=basis, case=case)

    make = {
        "suspension": lambda: order_suspension(
            by, enterprise, starts_on=starts_on, ends_on=ends_on, basis=basis, case=case
        ),
        "closure": lambda: propose_closure(
            by,
            enterprise,
            basis=basis,
            case=case,
            still_unsafe_after_suspension=still_unsafe,
            refused_suspension_order=refused_suspension,
        ),
        "revocation": revocation,
        "industry_ban": lambda: ban_person(
            by, enterprise, person_name=person_name, case=case, serious=serious
        ),
        # 告知 first (应急管理部令第11号): the listing follows the party's statement
        "dishonesty": lambda: _notify_listing(
            by,
            enterprise,
            concealed=concealed,
            multiplied_fine=multiplied_fine,
            reason=basis,
            case=case,
        ),
        "judicial": lambda: refer_judicial(
            by, enterprise, to_organ=to_organ, crime=crime, facts=facts, case=case
        )[0],
    }
    if kind not in make:
        raise ValidationError({"kind": _("类型无效")})
    return make[kind]()
