"""Demo: the 应急局's 重大执法决定法制审核目录清单 and a qualified reviewer (idempotent)."""

from datetime import date
from decimal import Decimal

from anjian.accounts.models import Department, User

from .models import MajorDecisionItem, ReviewerQualification
from .services import set_major_list

SOURCE = "安居区应急管理局重大执法决定法制审核目录清单（演示）"


def build(ctx: dict) -> None:
    dept = Department.objects.filter(code="yjj").order_by("id").first()
    leader = User.objects.filter(username="yjj_leader").first()
    if dept is None or leader is None:
        return
    if not MajorDecisionItem.objects.filter(department=dept).exists():
        set_major_list(
            leader, dept, source=SOURCE, items=[
                {"kind": "suspension"}, {"kind": "closure"}, {"kind": "revocation"},
                {"kind": "judicial"}, {"kind": "hearing"},
                {"kind": "fine_over", "threshold": Decimal("200000")},
            ],
        )  # fmt: skip
    reviewer = User.objects.filter(username="yjj_li").first()
    if reviewer is not None:
        ReviewerQualification.objects.get_or_create(
            user=reviewer,
            defaults={"certificate_no": "A20195109040001", "obtained_on": date(2019, 9, 1)},
        )
