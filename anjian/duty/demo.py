"""Demo 三个责任人 for the demo enterprise, a 履职 record and its 风险明白卡."""

from django.utils import timezone

from anjian.accounts.models import User

from .models import DutyActivity, ResponsiblePerson, RiskCard


def build(ctx: dict) -> None:
    ent = ctx.get("enterprise")
    if ent is None or ResponsiblePerson.objects.filter(enterprise=ent).exists():
        return
    town = User.objects.filter(username="town_rougang").first()
    zhang = User.objects.filter(username="yjj_zhang").first()
    if town:
        ResponsiblePerson.objects.create(
            enterprise=ent, kind="admin", name="柔刚街道 陈主任", position="柔刚街道办事处副主任",
            phone="13900000001", user=town,
        )  # fmt: skip
    if zhang:
        ResponsiblePerson.objects.create(
            enterprise=ent, kind="industry", name="张执法", position="区应急局安全生产执法支队",
            phone="13900000002", user=zhang, department=zhang.department,
        )  # fmt: skip
        DutyActivity.objects.create(
            official=zhang, enterprise=ent, kind="check", day=timezone.localdate(),
            description="指导检查液氨制冷车间和有限空间作业管理", recorded_by=zhang,
        )  # fmt: skip
    ResponsiblePerson.objects.create(
        enterprise=ent, kind="enterprise", name=ent.legal_representative or "企业负责人",
        position="总经理", phone=ent.contact_phone or "13900000003",
    )  # fmt: skip
    if ent.is_small and not RiskCard.objects.filter(enterprise=ent).exists():
        RiskCard.objects.create(
            enterprise=ent,
            main_risks="\n".join(ent.risk_labels() or ["机械伤害", "触电"]),
            key_controls="设备防护装置齐全有效\n有限空间作业执行“先通风、再检测、后作业”",
            emergency_measures="发生泄漏立即向上风向撤离并报告\n严禁盲目施救，拨打119/120",
            contacts=[
                {
                    "role": "企业负责人",
                    "name": ent.legal_representative,
                    "phone": ent.contact_phone,
                },
                {"role": "火警", "name": "", "phone": "119"},
                {"role": "医疗急救", "name": "", "phone": "120"},
                {"role": "安全生产举报", "name": "", "phone": "12350"},
            ],
        )
