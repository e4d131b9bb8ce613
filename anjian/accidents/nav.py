from django.urls import reverse


def items(user) -> list[tuple[str, str]]:
    if user.is_superuser or user.role in ("awb", "inspector", "dept_leader", "town"):
        return [("事故", reverse("accidents:list"))]
    return []
