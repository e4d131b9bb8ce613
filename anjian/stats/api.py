"""S1–S4 API: the tables, drill-down records, dashboard figures and submissions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from . import dashboard as dash
from . import services
from .figures import Period, compute, figure, records
from .models import Submission

router = Router(tags=["统计报表"])

PERIOD_DOC = "month=YYYY-MM；mode=cum 为自 start（YYYY-MM，缺省为专项行动开始月）起累计"


def _sel(request, unit, month, mode, start, table="s1"):
    if not services.can_use_stats(request.user):
        raise PermissionDenied("无权查看统计报表")
    try:
        u = services.parse_unit(request.user, unit)
    except PermissionDenied as exc:
        raise Http404("未找到或无权访问") from exc
    return u, services.parse_period(u, month, "cum" if table == "s2" else mode, start)


class ColumnOut(Schema):
    key: str
    label: str
    group: str
    unit: str


class RowOut(Schema):
    label: str
    values: dict[str, float]


class TableOut(Schema):
    table: str = Field(description="s1 = 统计汇总表, s2 = 月度调度表")
    unit: str = Field(description="dept:ID 或 region:区划代码")
    unit_name: str
    period: str
    start: str
    end: str
    columns: list[ColumnOut]
    rows: list[RowOut]
    total: dict[str, float]


@router.get(
    "/tables/{table}", response=TableOut, summary="统计汇总表 / 月度调度表", description=PERIOD_DOC
)
def table(
    request, table: str, unit: str = None, month: str = None, mode: str = None, start: str = None
):
    if table not in ("s1", "s2"):
        raise Http404("未知报表")
    u, p = _sel(request, unit, month, mode, start, table)
    return compute(table, u, p).as_dict()


class RecordOut(Schema):
    model: str
    id: int
    day: str | None
    enterprise: str | None
    text: str


@router.get(
    "/tables/{table}/{fig}/records",
    response=list[RecordOut],
    summary="统计数字对应的记录（钻取）",
    description="row 为行业领域行（缺省为合计）。" + PERIOD_DOC,
)
@paginate(LimitOffsetPagination)
def drill(
    request,
    table: str,
    fig: str,
    unit: str = None,
    month: str = None,
    mode: str = None,
    start: str = None,
    row: str = None,
):
    from .drilldown import RELATED, describe

    if table not in ("s1", "s2"):
        raise Http404("未知报表")
    try:
        figure(table, fig)
    except KeyError as exc:
        raise Http404("未知统计项") from exc
    u, p = _sel(request, unit, month, mode, start, table)
    qs = records(table, fig, u, p, row or None)
    qs = qs.select_related(*RELATED.get(qs.model.__name__, [])).order_by("pk")

    class Lazy:
        def __init__(self, qs):
            self.qs = qs

        def count(self):
            return self.qs.count()

        def __getitem__(self, s):
            out = []
            for o in self.qs[s]:
                d = describe(o)
                out.append(
                    {
                        "model": type(o).__name__,
                        "id": o.pk,
                        "day": d["day"].isoformat() if d["day"] else None,
                        "enterprise": d["ent"].name if d["ent"] else None,
                        "text": d["text"],
                    }
                )
            return out

        def __len__(self):
            return self.count()

    return Lazy(qs)


@router.get("/dashboard", summary="统计分析（趋势、分镇街、分行业、逾期、排名、零执法、以罚代管）")
def dashboard(request, unit: str = None, month: str = None):
    u, p = _sel(request, unit, month, None, None)
    p = Period.month(p.year, p.month_no)
    d = dash.build(u, p)
    out = {
        "unit": u.key,
        "period": p.label,
        "trends": d["trends"],
        "by_town": [{**r, "town": r["town"].name, "code": r["town"].code} for r in d["by_town"]],
        "by_sector": d["by_sector"],
        "overdue_count": d["overdue_count"],
        "overdue": [h.pk for h in d["overdue"]],
        "penalty_without_review_count": d["ypdg_count"],
        "penalty_without_review": [r.pk for r in d["ypdg"] if r.kind == "hazard"],
        "penalty_without_review_cases": [r.pk for r in d["ypdg"] if r.kind == "case"],
    }
    if "ranking" in d:
        out["ranking"] = {
            k: [{**r, "fines": float(r["fines"])} for r in rows] for k, rows in d["ranking"].items()
        }
        out["zero"] = d["zero"]
    return out


class SubmitIn(Schema):
    table: str = Field(description="s1 或 s2")
    month: str = Field(description="YYYY-MM")
    start: str | None = Field(None, description="累计起始月 YYYY-MM，缺省为专项行动开始月")
    leader_name: str = ""
    filler_name: str
    phone: str = ""
    version: int | None = Field(None, description="更正时传入当前版本号（乐观锁）")


class SubmissionOut(Schema):
    id: int
    table: str
    unit: str
    year: int
    month: int
    period_start: str
    period_end: str
    version: int
    submitted_by: str
    submitted_at: str
    figures: dict


def _sub_out(s: Submission) -> dict:
    return {
        "id": s.pk,
        "table": s.table,
        "unit": s.unit_key,
        "year": s.year,
        "month": s.month,
        "period_start": s.period_start.isoformat(),
        "period_end": s.period_end.isoformat(),
        "version": s.version,
        "submitted_by": s.submitted_by.display_name,
        "submitted_at": s.submitted_at.isoformat(),
        "figures": s.figures,
    }


@router.post("/submissions", response={201: SubmissionOut}, summary="报送本单位报表（冻结快照）")
def submit(request, payload: SubmitIn):
    unit = services.home_unit(request.user)
    year, month = services.parse_month(payload.month)
    start = None
    if payload.start:
        sy, sm = services.parse_month(payload.start, "start")
        from datetime import date

        start = date(sy, sm, 1)
    s = services.submit(
        request.user,
        payload.table,
        unit,
        year,
        month,
        start=start,
        leader_name=payload.leader_name,
        filler_name=payload.filler_name,
        phone=payload.phone,
        expected_version=payload.version,
    )
    return 201, _sub_out(s)


@router.get("/submissions", summary="报送情况（安委办：已报送、未报送、逾期、合计）")
def submission_status(request, table: str = "s1", month: str = None):
    year, mon = services.parse_month(month)
    st = services.submission_status(request.user, table, year, mon)
    return {
        "deadline": st["deadline"].isoformat(),
        "submitted": st["submitted"],
        "missing": [u.label for u in st["missing"]],
        "submitted_total": st["submitted_total"],
        "units": [
            {
                "unit": ln.unit.key,
                "name": ln.unit.label,
                "submitted_at": ln.submission.submitted_at.isoformat() if ln.submission else None,
                "on_time": ln.on_time,
                "status": ln.status,
            }
            for ln in st["lines"]
        ],
    }
