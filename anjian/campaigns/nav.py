from django.urls import reverse


def items(user) -> list[tuple[str, str]]:
    if user.role == "expert":
        return []
    return [("专项行动", reverse("campaigns:list"))]
