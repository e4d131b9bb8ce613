from django.urls import reverse


def items(user) -> list[tuple[str, str]]:
    if user.is_superuser or user.role in ("awb", "inspector", "dept_leader"):
        return [("举报", reverse("tips:list"))]
    return []
