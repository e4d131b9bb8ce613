from django.urls import reverse


def items(user) -> list[tuple[str, str]]:
    if user.role in ("awb", "inspector", "dept_leader") or user.is_superuser:
        return [("检查表", reverse("checklists:list"))]
    return []
