from django.urls import reverse


def items(user) -> list[tuple[str, str]]:
    if user.role in ("enterprise", "expert"):
        return []
    out = [("执法案件", reverse("enforcement:case_list"))]
    if user.role in ("awb", "inspector", "dept_leader") or user.is_superuser:
        out += [
            ("升级处置", reverse("enforcement:sanction_list")),
            ("执法文书", reverse("enforcement:document_list")),
        ]
    out.append(("移交", reverse("enforcement:transfer_list")))
    return out
