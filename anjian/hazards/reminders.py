"""The hazards' reminders (P3): 整改期限 due within three days or passed, and overdue hazards
escalated (H3) to the department, major ones to the 安委办 as well. Registered with
notifications from `HazardsConfig.ready()`."""

from datetime import timedelta

from anjian.accounts.models import Role, User
from anjian.notifications.sources import SOON_DAYS, Candidate, Recipients, register


def hazards(today, rec: Recipients):
    from anjian.hazards.models import Hazard

    soon = today + timedelta(days=SOON_DAYS["hazard"])
    levels = dict(Hazard.LEVELS)
    # tuples: two million model instances cost more than the rest of the run
    qs = (
        Hazard.objects.exclude(status="closed")
        .filter(deadline__isnull=False, deadline__lte=soon)
        .values_list("pk", "deadline", "description", "level", "department_id", "enterprise_id",
                     "enterprise__name")
        .order_by()
    )  # fmt: skip
    for pk, deadline, description, level, dept_id, ent_id, ent_name in qs.iterator(chunk_size=5000):
        overdue = deadline < today
        kind = "hazard_overdue" if overdue else "hazard_due"
        title = f"隐患整改逾期：{ent_name}" if overdue else f"隐患整改即将到期：{ent_name}"
        body = (
            f"{levels.get(level, level)}隐患：{description[:60]}；整改期限 {deadline:%Y年%m月%d日}"
        )
        users = set(rec.enterprise_users(ent_id))
        if dept_id:
            users |= set(rec.department_users(dept_id))
        for uid in users:
            yield Candidate(
                uid, kind, f"{kind}:hazard:{pk}:{deadline}", title, body, f"/hazards/{pk}/",
                deadline,
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
    rows = (
        Escalation.objects.filter(escalated_on=today)
        .values_list("pk", "target", "department_id", "region_code", "deadline", "hazard_id",
                     "hazard__enterprise__name", "hazard__level", "hazard__description")
        .order_by()
    )  # fmt: skip
    for (
        pk,
        target,
        dept_id,
        region_code,
        deadline,
        hazard_id,
        ent_name,
        level,
        description,
    ) in rows.iterator(chunk_size=5000):
        if target == "awb":
            users = [uid for uid, prefix in awb if region_code.startswith(prefix)]
            title = f"重大隐患逾期未销号（报安委办）：{ent_name}"
        else:
            users = rec.department_users(dept_id) if dept_id else []
            title = f"隐患逾期未销号（报监管部门）：{ent_name}"
        message = Escalation.message_for(ent_name, level, description, deadline)
        for uid in users:
            yield Candidate(
                uid, "hazard_overdue", f"escalation:{pk}", title, message,
                f"/hazards/{hazard_id}/", deadline,
            )  # fmt: skip


def register_all() -> None:
    register("hazard_escalations", escalations)
    register("hazards", hazards)
