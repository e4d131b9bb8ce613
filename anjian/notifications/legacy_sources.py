"""TEMPORARY: reminder sources of apps that do not register their own yet.

Notifications must not import the apps above it; each app should register its reminders
itself (`anjian.notifications.sources.register`) from its `AppConfig.ready()`. While the
hazards and registry apps are being changed by others, their sources live here, registered
from `NotificationsConfig.ready()`. Move each function to its app and delete this module:

* hazards: `escalations` (runs `hazards.services.escalate_overdue` and reminds the department,
  or the 安委办 for a major hazard) and `hazards` (整改期限 due within 3 days or passed), as
  `register("hazard_escalations", …)` and `register("hazards", …)` in `HazardsConfig.ready()`;
* registry: `licences_and_certs` (licences, personnel certificates and inspectors' 执法证
  expiring within 30 days or expired), as `register("licences", …)` in `RegistryConfig.ready()`.
"""

from datetime import timedelta

from anjian.accounts.models import Role, User

from .sources import SOON_DAYS, Candidate, Recipients, register


def hazards(today, rec: Recipients):
    from anjian.hazards.models import Hazard

    soon = today + timedelta(days=SOON_DAYS["hazard"])
    qs = (
        Hazard.objects.exclude(status="closed")
        .filter(deadline__isnull=False, deadline__lte=soon)
        .select_related("enterprise")
        .only("pk", "deadline", "description", "level", "department_id", "enterprise__name")
    )
    for h in qs.iterator(chunk_size=2000):
        overdue = h.deadline < today
        kind = "hazard_overdue" if overdue else "hazard_due"
        title = (
            f"隐患整改逾期：{h.enterprise.name}"
            if overdue
            else f"隐患整改即将到期：{h.enterprise.name}"
        )
        body = (
            f"{h.get_level_display()}隐患：{h.description[:60]}；整改期限 {h.deadline:%Y年%m月%d日}"
        )
        users = set(rec.enterprise_users(h.enterprise_id))
        if h.department_id:
            users |= set(rec.department_users(h.department_id))
        for uid in users:
            yield Candidate(
                uid, kind, f"{kind}:hazard:{h.pk}:{h.deadline}", title, body,
                f"/hazards/{h.pk}/", h.deadline,
            )  # fmt: skip


def escalations(today, rec: Recipients):
    """Overdue hazards escalate (H3): to the department, and major ones to the 安委办 as well."""
    from anjian.hazards.models import Escalation
    from anjian.hazards.services import escalate_overdue

    escalate_overdue(today)
    awb = list(
        User.objects.filter(role=Role.AWB, is_active=True, region__isnull=False).values_list(
            "pk", "region__prefix"
        )
    )
    for e in Escalation.objects.filter(escalated_on=today).select_related("hazard__enterprise"):
        if e.target == "awb":
            users = [uid for uid, prefix in awb if e.region_code.startswith(prefix)]
            title = f"重大隐患逾期未销号（报安委办）：{e.hazard.enterprise.name}"
        else:
            users = rec.department_users(e.department_id) if e.department_id else []
            title = f"隐患逾期未销号（报监管部门）：{e.hazard.enterprise.name}"
        for uid in users:
            yield Candidate(
                uid, "hazard_overdue", f"escalation:{e.pk}", title, e.message,
                f"/hazards/{e.hazard_id}/", e.deadline,
            )  # fmt: skip


def licences_and_certs(today, rec: Recipients):
    from anjian.registry.models import Licence, Person

    soon = today + timedelta(days=SOON_DAYS["licence"])
    qs = (
        Licence.objects.filter(revoked=False, valid_until__lte=soon)
        .select_related("enterprise")
        .only(
            "pk", "kind", "number", "valid_until", "enterprise__name",
            "enterprise__primary_sector_id", "enterprise__region_id",
        )
    )  # fmt: skip
    for lic in qs.iterator(chunk_size=2000):
        ent = lic.enterprise
        expired = lic.valid_until < today
        kind = "licence_expired" if expired else "licence_expiring"
        title = f"{'证照已过期' if expired else '证照即将到期'}：{ent.name} {lic.kind}"
        users = set(rec.enterprise_users(ent.pk)) | set(
            rec.supervisors(ent.primary_sector_id, ent.region_id)
        )
        for uid in users:
            yield Candidate(
                uid, kind, f"{kind}:licence:{lic.pk}:{lic.valid_until}", title,
                f"证号 {lic.number}，有效期至 {lic.valid_until:%Y年%m月%d日}",
                f"/enterprises/{ent.pk}/", lic.valid_until,
            )  # fmt: skip
    people = (
        Person.objects.filter(cert_expiry__isnull=False, cert_expiry__lte=soon)
        .select_related("enterprise")
        .only("pk", "name", "role", "cert_no", "cert_expiry", "enterprise__name")
    )
    for p in people.iterator(chunk_size=2000):
        state = "已过期" if p.cert_expiry < today else "即将到期"
        for uid in rec.enterprise_users(p.enterprise_id):
            yield Candidate(
                uid, "person_cert", f"person_cert:person:{p.pk}:{p.cert_expiry}",
                f"人员证书{state}：{p.enterprise.name} {p.get_role_display()} {p.name}",
                f"证书编号 {p.cert_no or '—'}，有效期至 {p.cert_expiry:%Y年%m月%d日}",
                f"/enterprises/{p.enterprise_id}/", p.cert_expiry,
            )  # fmt: skip
    inspectors = User.objects.filter(
        is_active=True,
        role__in=[Role.INSPECTOR, Role.DEPT_LEADER],
        cert_expiry__isnull=False,
        cert_expiry__lte=soon,
    )
    for u in inspectors:
        state = "已过期" if u.cert_expiry < today else "即将到期"
        body = f"执法证号 {u.cert_no or '—'}，有效期至 {u.cert_expiry:%Y年%m月%d日}；过期后不能参加执法检查"
        targets = {u.pk}
        if u.department_id:
            targets |= set(
                User.objects.filter(
                    department_id=u.department_id, role=Role.DEPT_LEADER, is_active=True
                ).values_list("pk", flat=True)
            )
        for uid in targets:
            who = "您的" if uid == u.pk else f"{u.display_name}的"
            yield Candidate(
                uid, "inspector_cert", f"inspector_cert:user:{u.pk}:{u.cert_expiry}",
                f"{who}执法证{state}", body, "", u.cert_expiry,
            )  # fmt: skip


def register_all() -> None:
    register("hazard_escalations", escalations)
    register("hazards", hazards)
    register("licences", licences_and_certs)
