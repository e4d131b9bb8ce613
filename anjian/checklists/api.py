"""C2 checklist templates (检查事项清单) as versioned data, incl. seed 000 附件1."""

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from anjian.core.filters import filter_queryset
from anjian.core.scoping import get_scoped_or_404

from .filters import TemplateFilter
from .models import ChecklistTemplate

router = Router(tags=["检查表"])


class ItemOut(Schema):
    id: int
    row: int
    subject: str
    seq: int
    item: str
    content: str
    points: str
    basis: str
    liability: str
    remark: str
    violation_code: str


class TemplateOut(Schema):
    id: int
    code: str
    version: int
    title: str
    source: str
    status: str
    department: str | None
    sectors: list[str]
    published_at: datetime | None
    item_count: int


class TemplateDetailOut(TemplateOut):
    items: list[ItemOut]


def _out(t: ChecklistTemplate) -> dict:
    return {
        "id": t.id,
        "code": t.code,
        "version": t.version,
        "title": t.title,
        "source": t.source,
        "status": t.status,
        "department": t.department.name if t.department_id else None,
        "sectors": [s.name for s in t.sectors.all()],
        "published_at": t.published_at,
        "item_count": len(t.items.all()),
    }


@router.get("", response=list[TemplateOut], summary="检查表列表（按权限范围）")
@paginate(PageNumberPagination, page_size=50)
def list_checklists(request, status: str | None = None, code: str | None = None):
    qs = ChecklistTemplate.objects.restrict(request.user, "view")
    qs = filter_queryset(TemplateFilter, qs, request.user, status=status)
    if code:
        qs = qs.filter(code=code)
    qs = qs.select_related("department").prefetch_related("sectors", "items")
    return [_out(t) for t in qs.order_by("code", "-version")]


@router.get("/{int:checklist_id}", response=TemplateDetailOut, summary="检查表详情（含检查项）")
def get_checklist(request, checklist_id: int):
    t = get_scoped_or_404(
        ChecklistTemplate.objects.select_related("department"),
        request.user,
        "view",
        pk=checklist_id,
    )
    out = _out(t)
    out["items"] = list(t.items.order_by("row"))
    return out
