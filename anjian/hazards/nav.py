from django.urls import reverse


def items(user) -> list[tuple[str, str]]:
    if user.role == "enterprise":
        return [("我的隐患", reverse("hazards:list"))]
    if user.role == "expert":
        return []
    out = [("隐患台账", reverse("hazards:list")), ("挂牌督办", reverse("hazards:supervision"))]
    if user.role in ("awb", "inspector", "dept_leader") or user.is_superuser:
        out.append(("判定标准", reverse("hazards:criteria")))
    return out
