"""Demo accounts, one per role (printed by `anjian demo`)."""

from datetime import date, timedelta

from django.db import transaction

from anjian.audit.services import record

from .models import AdminDuty, Department, Region, Role, User

# 三员分立 in the demo: 周主任 is the system administrator (and may see reporters' identities,
# a right a second person approves in production), 吴干事 the security administrator, 郑审计
# the audit administrator.
DEMO_DUTIES = {
    "awb": AdminDuty.SYSTEM,
    "awb_staff": AdminDuty.SECURITY,
    "awb_audit": AdminDuty.AUDIT,
}
DEMO_REVEAL = {"awb"}

DEMO_PASSWORD = "Anjian@2023!"

DEMO_USERS = [
    # username, full name, role, department code, region code, leader
    ("awb", "安委办 周主任", Role.AWB, None, "510904000000", True),
    ("awb_staff", "安委办 吴干事", Role.AWB, None, "510904000000", False),
    ("yjj_zhang", "应急局 张执法", Role.INSPECTOR, "yjj", None, False),
    ("yjj_li", "应急局 李执法", Role.INSPECTOR, "yjj", None, False),
    ("yjj_wang", "应急局 王执法（证件过期）", Role.INSPECTOR, "yjj", None, False),
    ("yjj_leader", "应急局 刘局长", Role.DEPT_LEADER, "yjj", None, True),
    ("zjw_chen", "住建委 陈执法", Role.INSPECTOR, "zjw", None, False),
    ("zjw_zhao", "住建委 赵执法", Role.INSPECTOR, "zjw", None, False),
    ("scjgj_sun", "市场监管局 孙执法", Role.INSPECTOR, "scjgj", None, False),
    ("town_rougang", "柔刚街道 安办", Role.TOWN, None, "510904001000", False),
    ("town_baima", "白马镇 安办", Role.TOWN, None, "510904101000", False),
    ("expert_he", "安全专家 何工", Role.EXPERT, None, "510904000000", False),
    ("qiye", "企业安全管理员", Role.ENTERPRISE, None, None, False),
    ("awb_audit", "安委办 郑审计", Role.AWB, None, "510904000000", False),
]


@transaction.atomic
def create_demo_users(enterprise=None) -> list[tuple[str, str, str]]:
    out = []
    today = date.today()
    for i, (username, full_name, role, dept_code, region_code, leader) in enumerate(DEMO_USERS):
        dept = Department.objects.filter(code=dept_code).first() if dept_code else None
        region = (
            Region.objects.filter(code=region_code).first()
            if region_code
            else (dept.region if dept else None)
        )
        cert = role in (Role.INSPECTOR, Role.DEPT_LEADER)
        user, created = User.objects.get_or_create(username=username)
        user.full_name, user.role, user.department, user.region, user.is_leader = (
            full_name,
            role,
            dept,
            region,
            leader,
        )
        user.admin_duty = DEMO_DUTIES.get(username, "")
        user.may_reveal_reporters = username in DEMO_REVEAL
        user.cert_no = f"川执字{510904}{i:05d}" if cert else ""
        user.cert_expiry = (
            (today - timedelta(days=10) if "过期" in full_name else today + timedelta(days=700))
            if cert
            else None
        )
        if role == Role.ENTERPRISE:
            user.enterprise = enterprise
            user.region = enterprise.region if enterprise else None
        user.must_change_password = (
            False  # demo only; real accounts must change the initial password
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        if created:
            record(
                None,
                "user.create",
                user,
                after={"username": username, "role": role},
                note="演示数据",
            )
        label = f"{full_name}（{Role(role).label}）"
        if role == Role.ENTERPRISE and enterprise:
            label += f" · {enterprise.name}"
        out.append((username, DEMO_PASSWORD, label))
    return out
