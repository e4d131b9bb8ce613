"""Discretion (裁量) from the facts of the case: what the decision form asks, how the stored
answers become the law engine's ``law.Facts``, and the department's published 自由裁量基准
(``DepartmentDiscretionStandard``, data read by ``law.DiscretionStandard.from_dict``)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from anjian import law
from anjian.audit.services import record

from ..models import Case, CaseParty, DepartmentDiscretionStandard
from .common import DECIDED_STAGES, require_leader

# The yes/no facts the form asks, in the order shown: (key, label). 逾期未改正 is asked per
# party (CaseParty.overdue) because it selects the statutory range of each party's rule.
BOOLEAN_FACTS = [
    ("first_offence", gettext_lazy("初次违法")),
    ("corrected", gettext_lazy("及时改正")),
    ("minor", gettext_lazy("违法行为轻微")),
    ("repeat_offence", gettext_lazy("在规定期间内再次违法（系统另按本部门处罚记录判断）")),
    ("caused_accident", gettext_lazy("导致发生生产安全事故")),
    ("serious", gettext_lazy("情节严重")),
    (
        "reduced_harm",
        gettext_lazy("主动消除或者减轻违法行为危害后果（行政处罚法第三十二条第一项）"),
    ),
    ("coerced", gettext_lazy("受他人胁迫或者诱骗实施违法行为（第三十二条第二项）")),
    ("confessed", gettext_lazy("主动供述行政机关尚未掌握的违法行为（第三十二条第三项）")),
    ("meritorious", gettext_lazy("配合行政机关查处违法行为有立功表现（第三十二条第四项）")),
    ("no_fault_proven", gettext_lazy("当事人有证据足以证明没有主观过错（第三十三条第二款）")),
    (
        "reduce_below_minimum",
        gettext_lazy("决定减轻处罚（低于法定最低罚款额，须有第三十二条情形）"),
    ),
]
HARM_CHOICES = [
    ("", gettext_lazy("未查明")),
    ("none", gettext_lazy("没有造成危害后果")),
    ("slight", gettext_lazy("危害后果轻微")),
    ("harmful", gettext_lazy("造成危害后果")),
]
HARMS = {"none": law.Harm.NONE, "slight": law.Harm.SLIGHT, "harmful": law.Harm.HARMFUL}
MITIGATIONS = {
    "confessed": law.Mitigation.CONFESSED,
    "meritorious": law.Mitigation.MERITORIOUS,
}
FACT_KEYS = [key for key, _label in BOOLEAN_FACTS] + ["harm"]


def clean_facts(data: dict | None) -> dict:
    """The stored form of the facts: every key, booleans and a harm code; unknown keys are an
    error naming the field."""
    data = dict(data or {})
    unknown = set(data) - set(FACT_KEYS)
    if unknown:
        raise ValidationError(
            {"facts": _("未知的裁量情节：%(keys)s") % {"keys": "、".join(sorted(unknown))}}
        )
    wrong = [k for k, _label in BOOLEAN_FACTS if k in data and not isinstance(data[k], bool)]
    if wrong:
        raise ValidationError({k: _("请选择“是”或“否”") for k in wrong})
    out = {key: data.get(key, key == "first_offence") for key, _label in BOOLEAN_FACTS}
    harm = data.get("harm") or ""
    if harm not in HARMS and harm != "":
        raise ValidationError({"harm": _("危害后果的取值无效")})
    out["harm"] = harm
    errors = {}
    if out["repeat_offence"] and out["first_offence"]:
        errors["repeat_offence"] = _("再次违法与初次违法不能同时选择")
    if out["minor"] and out["harm"] == "harmful":
        errors["minor"] = _("造成危害后果的，不属于违法行为轻微")
    if errors:
        raise ValidationError(errors)
    return out


def prior_penalty_dates(case: Case, party: CaseParty) -> tuple[date, ...]:
    """Dates of the party's earlier penalty decisions with a fine (再次违法 for the engine):
    the enterprise's other decided cases, or a person's decisions as a party."""
    decided = CaseParty.objects.filter(
        case__stage__in=DECIDED_STAGES, fine__gt=0, decided_on__isnull=False
    ).exclude(case=case)
    if party.kind == "enterprise":
        decided = decided.filter(case__enterprise_id=case.enterprise_id, kind="enterprise")
    elif party.person_id:
        decided = decided.filter(person_id=party.person_id)
    else:
        return ()
    return tuple(sorted(set(decided.values_list("decided_on", flat=True))))


def to_facts(stored: dict | None, *, overdue=False, last_year_income=None, prior=(), on=None):
    """``law.Facts`` from the stored facts (an empty dict: the engine's defaults)."""
    stored = stored or {}
    mitigations = frozenset(m for key, m in MITIGATIONS.items() if stored.get(key))
    return law.Facts(
        first_offence=bool(stored.get("first_offence", True)),
        corrected=bool(stored.get("corrected")),
        minor=bool(stored.get("minor")),
        harm=HARMS.get(stored.get("harm") or ""),
        overdue=overdue,
        repeat_offence=bool(stored.get("repeat_offence")),
        caused_accident=bool(stored.get("caused_accident")),
        mitigations=mitigations,
        no_fault_proven=bool(stored.get("no_fault_proven")),
        serious=bool(stored.get("serious")),
        last_year_income=last_year_income,
        reduced_harm=bool(stored.get("reduced_harm")),
        coerced=bool(stored.get("coerced")),
        prior_penalty_dates=tuple(prior),
        decided_on=on if prior else None,
        reduce_below_minimum=bool(stored.get("reduce_below_minimum")),
    )


def party_facts(case: Case, party: CaseParty, stored: dict | None = None, on=None) -> law.Facts:
    """The engine's facts for one party of ``case`` (``stored``: facts not yet saved)."""
    from django.utils import timezone

    return to_facts(
        case.discretion_facts if stored is None else stored,
        overdue=party.overdue,
        last_year_income=party.last_year_income,
        prior=prior_penalty_dates(case, party) if case.pk else (),
        on=on or case.decided_on or timezone.localdate(),
    )


def standard_for(department) -> law.DiscretionStandard:
    """The department's published standard, else the engine's documented default."""
    if department is None:
        return law.DEFAULT_STANDARD
    row = DepartmentDiscretionStandard.objects.filter(department=department).first()
    if row is None:
        return law.DEFAULT_STANDARD
    return law.DiscretionStandard.from_dict(row.data)


def fact_labels(stored: dict | None) -> list[str]:
    """The facts found, as the decision and the review show them."""
    if not stored:
        return []
    labels = [str(label) for key, label in BOOLEAN_FACTS if stored.get(key)]
    harm = stored.get("harm") or ""
    labels.append(str(dict(HARM_CHOICES)[harm]) if harm else str(_("危害后果未查明")))
    return labels


def load_standard(by, department, data: dict) -> DepartmentDiscretionStandard:
    """Load (or replace) a department's published 自由裁量基准; the leader of the department
    does it, and a standard the engine cannot read is refused naming the problem."""
    require_leader(by, department.pk, pgettext("approval", "载入自由裁量基准"))
    if not isinstance(data, dict) or not str(data.get("source", "")).strip():
        raise ValidationError(
            {"data": _("裁量基准须注明来源（source），如“某市应急管理局裁量基准（2024）”")}
        )
    try:
        law.DiscretionStandard.from_dict(data)
    except (ValueError, TypeError, KeyError, ZeroDivisionError) as exc:
        raise ValidationError({"data": _("裁量基准无法读取：%(error)s") % {"error": exc}}) from exc
    with transaction.atomic():
        row, created = DepartmentDiscretionStandard.objects.update_or_create(
            department=department, defaults={"data": data, "loaded_by": by}
        )
        record(by, "discretion.load_standard", row, after={"data": data})
    return row
