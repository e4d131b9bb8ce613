"""The registry's reminders (P3): licences, personnel certificates and inspectors' 执法证
expiring within 30 days or expired. Registered with notifications from `RegistryConfig.ready()`."""

from datetime import timedelta

from anjian.accounts.models import Role, User
from anjian.notifications.sources import SOON_DAYS, Candidate, Recipients, register


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
    register("licences", licences_and_certs)
