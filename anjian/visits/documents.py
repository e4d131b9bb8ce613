"""行政检查审批表 and 行政检查通知书 (司法部 2025 行政检查文书基本格式文本, as issue 18 names
them): content for enforcement.render, which writes the same text to .docx and PDF."""

from anjian.enforcement import render


def _d(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def _ent(ent) -> list:
    return [
        ("被检查单位", ent.name),
        ("统一社会信用代码", ent.credit_code),
        ("地址", ent.address or "—"),
    ]


def approval_content(a) -> render.Content:
    c = render.Content(title="行政检查审批表", number=a.number, org=a.department.name)
    c.blocks.append((render.KV, _ent(a.enterprise)))
    c.blocks.append(
        (
            render.KV,
            [
                ("拟检查日期", _d(a.planned_on)),
                ("申请人", a.requested_by.display_name),
                ("申请时间", f"{a.requested_at:%Y-%m-%d %H:%M}"),
            ],
        )
    )
    c.blocks.append((render.HEADING, "须审批的情形"))
    for p in a.problems or ["（申请时未超过频次上限，也不与其他部门检查重复）"]:
        c.blocks.append((render.PARA, p))
    c.blocks.append((render.HEADING, "检查理由"))
    c.blocks.append((render.PARA, a.reason))
    c.blocks.append((render.HEADING, "审批意见"))
    if a.status == "pending":
        c.blocks.append((render.PARA, "（待审批）"))
    else:
        c.blocks.append((render.PARA, f"{a.get_status_display()}。{a.opinion}"))
        c.blocks.append(
            (render.SIGN, [f"负责人：{a.decided_by.display_name}", _d(a.decided_at.date())])
        )
    c.blocks.append((render.PARA, "依据：国办发〔2024〕54号《关于严格规范涉企行政检查的意见》"))
    return c


def notice_content(n) -> render.Content:
    insp = n.inspection
    c = render.Content(title="行政检查通知书", number=n.number, org=n.department.name)
    ent = insp.enterprise
    c.blocks.append((render.PARA, f"{ent.name}："))
    team = "、".join(
        f"{m.user.display_name}（执法证号：{m.cert_no}）" if m.cert_no else m.user.display_name
        for m in insp.team.select_related("user").filter(role="inspector")
    )
    joint = "、".join(d.name for d in insp.joint_departments.all())
    c.blocks.append(
        (
            render.PARA,
            f"根据{n.basis}，本机关定于{_d(insp.inspected_on)}对你单位进行行政检查。"
            "请你单位做好准备，如实提供有关资料，配合检查。",
        )
    )
    c.blocks.append(
        (
            render.KV,
            [
                ("检查事项", n.matters),
                ("检查人员", team or "—"),
                ("联合检查部门", joint or "—"),
                ("检查场所", insp.place or ent.address or "—"),
            ],
        )
    )
    c.blocks.append(
        (
            render.PARA,
            "检查人员不少于两人，并出示行政执法证件。你单位认为检查人员与本单位有直接利害关系的，"
            "有权申请回避；对检查有意见的，可扫描入企码匿名评价。",
        )
    )
    c.blocks.append((render.SIGN, [n.department.name, _d(n.issued_on)]))
    return c
