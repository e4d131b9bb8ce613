from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Router, Schema

from anjian.core.scoping import get_scoped_or_404
from anjian.registry.models import Enterprise

from . import services
from .forms import MonthForm
from .models import QUOTA_TEXT, ResponsiblePerson

router = Router(tags=["三个责任人与明白卡"])


class PersonOut(Schema):
    kind: str
    kind_label: str
    name: str
    position: str
    phone: str
    user_id: int | None


class ShortfallOut(Schema):
    official_id: int
    official: str
    enterprises: int
    checked: int
    hazards: int
    problems: int
    met: bool
    missing: list[str]


class ActivityIn(Schema):
    kind: str
    enterprise_id: int
    day: date
    description: str


@router.get(
    "/enterprises/{int:ent_id}/responsible", response=list[PersonOut], summary="企业的三个责任人"
)
def responsible(request, ent_id: int):
    ent = get_scoped_or_404(Enterprise, request.user, pk=ent_id)
    return [
        {"kind": rp.kind, "kind_label": rp.get_kind_display(), "name": rp.name,
         "position": rp.position, "phone": rp.phone, "user_id": rp.user_id}
        for rp in ResponsiblePerson.objects.filter(enterprise=ent)
    ]  # fmt: skip


@router.get("/shortfall", response=list[ShortfallOut], summary=f"月度履职差额（{QUOTA_TEXT}）")
def shortfall(request, month: str | None = None):
    form = MonthForm({"month": month or ""})
    if not form.is_valid():
        raise ValidationError({k: list(v) for k, v in form.errors.items()})
    day = form.cleaned_data["month"] or timezone.localdate()
    return [
        {"official_id": r.official.pk, "official": r.official.display_name,
         "enterprises": r.enterprises, "checked": r.checked, "hazards": r.hazards,
         "problems": r.problems, "met": r.met, "missing": r.missing}
        for r in services.shortfall(day, by=request.user)
    ]  # fmt: skip


@router.post("/activities", response={201: dict}, summary="记录本人履职（检查/督促整改/协调解决）")
def add_activity(request, payload: ActivityIn):
    ent = get_scoped_or_404(Enterprise, request.user, pk=payload.enterprise_id)
    act = services.record_activity(
        request.user, kind=payload.kind, enterprise=ent, day=payload.day,
        description=payload.description,
    )  # fmt: skip
    return 201, {"id": act.pk}
