from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if user.role == "enterprise":
        return [(_("电子送达文书"), reverse("enforcement:service_list"))]
    if user.role == "expert":
        return []
    out = [(_("执法案件"), reverse("enforcement:case_list"))]
    if user.role in ("awb", "inspector", "dept_leader") or user.is_superuser:
        out += [
            (_("升级处置"), reverse("enforcement:sanction_list")),
            (_("严重失信名单"), reverse("enforcement:dishonesty_list")),
            (_("执法文书"), reverse("enforcement:document_list")),
            (_("查封扣押"), reverse("enforcement:seizure_list")),
            (_("送达"), reverse("enforcement:service_list")),
            (_("案卷评查"), reverse("enforcement:review")),
        ]
    out.append((_("移交"), reverse("enforcement:transfer_list")))
    return out
