"""Demo: 应急局 has submitted last month's 统计汇总表; 住建委 has not (the 安委办 sees both)."""

from django.utils import timezone

from anjian.accounts.models import User

from . import services
from .figures import Unit
from .models import Submission


def build(ctx: dict) -> None:
    user = User.objects.filter(username="yjj_zhang").select_related("department").first()
    if user is None or user.department_id is None:
        return
    today = timezone.localdate()
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    unit = Unit(department=user.department)
    if Submission.objects.filter(table="s1", unit_key=unit.key, year=year, month=month).exists():
        return
    services.submit(
        user, "s1", unit, year, month, filler_name=user.display_name, phone=user.phone or ""
    )
