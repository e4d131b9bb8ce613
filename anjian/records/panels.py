"""The 执法全过程记录 section of the case page and of the inspection page."""

from django.utils import timezone

from anjian.accounts.models import User
from anjian.core.records import STEPS

from . import services
from .models import TARGETS


def _panel(request, obj):
    user = request.user
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    steps = TARGETS[label]
    recs = list(services.records_of(user, obj))
    can_upload = services.may_record(user, obj)
    required = services.required_steps(getattr(obj, "department", None))
    names = dict(STEPS)
    groups = [
        {"code": s, "label": names[s], "required": s in required,
         "records": [r for r in recs if r.step == s]}
        for s in steps
    ]  # fmt: skip
    groups = [g for g in groups if g["records"] or can_upload]
    if not groups:
        return None
    officers = []
    if can_upload:
        officers = User.objects.filter(
            department_id=obj.department_id, is_active=True, role__in=("inspector", "dept_leader")
        ).order_by("id")
    return {
        "template": "records/_panel.html",
        "target_label": label,
        "target": obj,
        "groups": groups,
        "can_upload": can_upload,
        "step_choices": [(s, names[s]) for s in steps],
        "officers": officers,
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "chunk": services.max_chunk(),
    }


def case_panel(request, case):
    return _panel(request, case)


def inspection_panel(request, insp):
    return _panel(request, insp)


def seizure_panel(request, seizure):
    return _panel(request, seizure)
