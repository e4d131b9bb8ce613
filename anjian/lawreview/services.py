"""法制审核 services. A case the department's list names as major (停产停业整顿, 提请关闭,
吊销, 移送司法, a case after a hearing, a fine from an amount) cannot be decided before a
completed review concluding 同意 of the proposal as it stands (行政处罚法第五十八条); the
reviewer is not one of the case's handlers and, reviewing for the first time, holds a
法律职业资格 (第五十八条第二款)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from anjian.audit.services import record
from anjian.core.services import require
from anjian.enforcement.models import Case, Sanction, Transfer

from .models import CollectiveDiscussion, LegalReview, MajorDecisionItem, ReviewerQualification

ART_58 = gettext_noop(
    "依据《行政处罚法》第五十八条，重大执法决定未经法制审核或者审核未通过的，不得作出决定"
)
ART_57 = gettext_noop(
    "依据《行政处罚法》第五十七条第二款，对情节复杂或者重大违法行为给予行政处罚，"
    "行政机关负责人应当集体讨论决定"
)
ART_58_2 = gettext_noop(
    "依据《行政处罚法》第五十八条第二款，初次从事行政处罚决定法制审核的人员，"
    "应当通过国家统一法律职业资格考试取得法律职业资格"
)

# (code, label) of the checklist (国办发〔2018〕118号: 法制审核内容)
POINTS = [
    ("subject", gettext_noop("执法主体是否合法")),
    ("qualification", gettext_noop("执法人员是否具备执法资格")),
    ("procedure", gettext_noop("执法程序是否合法")),
    ("facts", gettext_noop("案件事实是否清楚")),
    ("evidence", gettext_noop("证据是否确凿充分")),
    ("law", gettext_noop("适用法律、法规、规章是否准确")),
    ("discretion", gettext_noop("裁量基准运用是否适当")),
    ("authority", gettext_noop("是否超越执法机关法定权限")),
    ("documents", gettext_noop("执法文书是否完备、规范")),
    ("crime", gettext_noop("违法行为是否涉嫌犯罪、需要移送司法机关")),
]

SANCTION_KINDS = {"suspension", "closure", "revocation", "judicial"}


def major_reasons(case: Case) -> list[str]:
    """The entries of the department's list the case falls under (empty: not major)."""
    items = list(MajorDecisionItem.objects.filter(department_id=case.department_id))
    if not items:
        return []
    sanctions = set(Sanction.objects.filter(case=case).values_list("kind", flat=True))
    if Transfer.objects.filter(case=case, kind="judicial").exists():
        sanctions.add("judicial")
    others = " ".join(p.other_penalties for p in case.parties.all())
    words = {"suspension": "停产停业", "closure": "关闭", "revocation": "吊销"}
    fines = [p.fine or Decimal(0) for p in case.parties.all()]
    out = []
    for item in items:
        label = item.get_kind_display()
        if item.kind in SANCTION_KINDS and (
            item.kind in sanctions or (words.get(item.kind) and words[item.kind] in others)
        ):
            out.append(f"{label}（{item.source}）")
        elif item.kind == "hearing" and (case.hearing_on or case.hearing_requested):
            out.append(f"{label}（{item.source}）")
        elif item.kind == "fine_over" and item.threshold is not None:
            if any(f >= item.threshold for f in fines):
                amount = _("罚款数额达到%(amount)s元") % {"amount": item.threshold}
                out.append(f"{amount}（{item.source}）")
    return out


def prefill(case: Case) -> list[dict]:
    """The checklist with what the record shows for each point and a first assessment."""
    day = case.decided_on or timezone.localdate()
    handlers = list(case.handlers.all()) or ([case.created_by] if case.created_by_id else [])
    uncertified = [h.display_name for h in handlers if not h.cert_valid_on(day)]
    parties = list(case.parties.all())
    docs = [d.get_kind_display() for d in case.documents.order_by("id")]
    record_of = {
        "subject": (f"{case.department.name}；{case.enterprise.name}", True),
        "qualification": (
            _("办案人员：%(names)s") % {"names": "、".join(h.display_name for h in handlers)}
            + (
                "；" + _("执法证无效：%(n)s") % {"n": "、".join(uncertified)} if uncertified else ""
            ),
            bool(handlers) and not uncertified,
        ),
        "procedure": (
            _("立案 %(filed)s；告知 %(notice)s；听证 %(hearing)s")
            % {
                "filed": case.filed_on,
                "notice": case.notice_on or "—",
                "hearing": case.hearing_on or "—",
            },
            case.notice_on is not None,
        ),
        "facts": (case.facts, bool(case.facts.strip())),
        "evidence": (case.evidence, bool(case.evidence.strip())),
        "law": (
            "；".join(f"{p.name}：{p.article}" for p in parties),
            all(p.article for p in parties),
        ),
        "discretion": (
            "；".join(
                f"{p.name}：{p.fine}（{p.fine_min}—{p.fine_max}）"
                + (f" {p.out_of_range_reason}" if p.out_of_range_reason else "")
                for p in parties
            ),
            all(
                p.fine is None
                or p.out_of_range_reason
                or p.fine_min is None
                or p.fine_max is None
                or p.fine_min <= p.fine <= p.fine_max
                for p in parties
            ),
        ),
        "authority": (case.department.name, True),
        "documents": ("、".join(docs), bool(docs)),
        "crime": (
            _("已移送司法")
            if Transfer.objects.filter(case=case, kind="judicial").exists()
            else _("未移送"),
            True,
        ),
    }
    return [
        {"code": code, "label": label, "record": str(record_of[code][0]), "ok": record_of[code][1],
         "opinion": ""}
        for code, label in POINTS
    ]  # fmt: skip


def set_major_list(by, department, items: list[dict], *, source: str) -> list[MajorDecisionItem]:
    """Publish a department's 重大执法决定法制审核目录清单 (replaces the previous list):
    `items` are {"kind", "threshold"?}; the department's leader publishes it."""
    require(
        by.is_superuser or (by.role == "dept_leader" and by.department_id == department.pk),
        _("重大执法决定清单由本部门负责人发布"),
    )
    kinds = dict(MajorDecisionItem.KINDS)
    errors = {}
    if not (source or "").strip():
        errors["source"] = _("请填写清单来源（文件名称、文号）")
    elif len(source.strip()) > MajorDecisionItem._meta.get_field("source").max_length:
        errors["source"] = _("清单来源过长（不超过200字）")
    rows = []
    for i, item in enumerate(items):
        kind = item.get("kind")
        if kind not in kinds:
            errors[f"items_{i}"] = _("未知的情形")
            continue
        threshold = item.get("threshold")
        if kind == "fine_over":
            try:
                threshold = Decimal(str(threshold)).quantize(Decimal("0.01"))
            except (ArithmeticError, ValueError, TypeError):
                threshold = None
            if threshold is None or threshold <= 0 or threshold >= Decimal(10**12):
                errors[f"items_{i}"] = _("请填写有效的罚款数额")
                continue
        else:
            threshold = None
        rows.append(MajorDecisionItem(department=department, kind=kind, threshold=threshold,
                                      source=source.strip()))  # fmt: skip
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        MajorDecisionItem.objects.filter(department=department).delete()
        created = MajorDecisionItem.objects.bulk_create(rows)
        record(
            by, "lawreview.major_list", department,
            after={"source": source.strip(), "items": [[r.kind, str(r.threshold or "")] for r in rows]},
        )  # fmt: skip
        return created


def record_qualification(by, user, *, certificate_no: str, obtained_on) -> ReviewerQualification:
    """Record a staff member's 法律职业资格 (by the department's head)."""
    require(
        by.is_superuser
        or (
            by.role == "dept_leader" and by.department_id and by.department_id == user.department_id
        ),
        _("法律职业资格由本部门负责人登记"),
    )
    errors = {}
    number = (certificate_no or "").strip()
    if not number:
        errors["certificate_no"] = _("请填写法律职业资格证书编号")
    elif len(number) > 32:
        errors["certificate_no"] = _("证书编号过长")
    if obtained_on is None:
        errors["obtained_on"] = _("请填写取得日期")
    elif obtained_on > timezone.localdate():
        errors["obtained_on"] = _("取得日期不能晚于今天")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        q, _created = ReviewerQualification.objects.update_or_create(
            user=user, defaults={"certificate_no": number, "obtained_on": obtained_on}
        )
        record(by, "lawreview.qualification", user,
               after={"certificate_no": number, "obtained_on": obtained_on.isoformat()})  # fmt: skip
        return q


def proposal_of(case: Case) -> dict:
    """The proposal a review approves: each party's fine and other penalties."""
    return {
        str(p.pk): [str(p.fine) if p.fine is not None else None, p.other_penalties]
        for p in case.parties.order_by("pk")
    }


def has_reviewed(user) -> bool:
    return LegalReview.objects.filter(reviewer=user, status="done").exists()


def may_review(user, case: Case) -> bool:
    return (
        user.is_authenticated
        and user.is_department_staff
        and user.department_id == case.department_id
    )


def start_review(by, case: Case) -> LegalReview:
    require(may_review(by, case), _("只有本部门的法制审核人员可以审核本案"))
    errors = {}
    if by.pk == case.created_by_id or case.handlers.filter(pk=by.pk).exists():
        errors["reviewer"] = _("办案人员不能审核本人承办的案件")
    if not has_reviewed(by) and not ReviewerQualification.objects.filter(user=by).exists():
        errors["reviewer"] = _(ART_58_2)
    if case.decision_status != "proposed" or case.stage not in ("filed", "investigation", "notice"):
        errors["case"] = _("案件没有待审核的处罚意见")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        review = LegalReview.objects.create(
            case=case, reviewer=by, case_version=case.version, reasons=major_reasons(case),
            proposal=proposal_of(case),
            points=prefill(case), started_on=timezone.localdate(),
        )  # fmt: skip
        record(by, "lawreview.start", review, after={"case": case.pk, "reasons": review.reasons})
        return review


def complete_review(by, review: LegalReview, *, points: dict, conclusion: str, opinion: str):
    """`points`: {code: {"ok": bool, "opinion": str}}. 同意 needs every point passed; 退回补充
    and 不同意 name at least one point to fix. Each point carries the reviewer's opinion."""
    require(by.pk == review.reviewer_id, _("只有审核人可以完成本次审核"))
    errors = {}
    if review.status == "done":
        errors["status"] = _("本次审核已完成")
    if conclusion not in dict(LegalReview.CONCLUSIONS):
        errors["conclusion"] = _("请选择审核结论")
    if not (opinion or "").strip():
        errors["opinion"] = _("请填写审核意见")
    new_points = []
    for p in review.points:
        given = points.get(p["code"], {})
        text = (given.get("opinion") or "").strip()
        if not text:
            errors[f"point_{p['code']}"] = _("请填写对“%(label)s”的审核意见") % {
                "label": _(p["label"])
            }
        new_points.append({**p, "ok": bool(given.get("ok")), "opinion": text})
    failed = [p for p in new_points if not p["ok"]]
    if conclusion == "agree" and failed:
        errors["conclusion"] = _("有未通过的审核事项，不能同意：%(points)s") % {
            "points": "、".join(_(p["label"]) for p in failed)
        }
    if conclusion in ("return", "disagree") and not failed:
        errors["conclusion"] = _("退回或不同意须指明未通过的审核事项")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        review = LegalReview.objects.select_for_update().get(pk=review.pk)
        review.points, review.conclusion = new_points, conclusion
        review.opinion, review.status = opinion.strip(), "done"
        review.completed_on = timezone.localdate()
        review.save()
        record(
            by, "lawreview.complete", review,
            after={"conclusion": conclusion, "failed": [p["code"] for p in failed]},
        )  # fmt: skip
        return review


def latest_review(case: Case) -> LegalReview | None:
    return LegalReview.objects.filter(case=case).order_by("-id").first()


def require_passed_review(by, case: Case) -> None:
    """The enforcement hook before a decision: a major case needs a completed 同意 review of
    the proposal as it stands (a changed proposal needs a new review)."""
    reasons = major_reasons(case)
    if not reasons:
        return
    review = latest_review(case)
    passed = (
        review is not None
        and review.status == "done"
        and review.conclusion == "agree"
        and review.proposal == proposal_of(case)
    )
    if not passed:
        raise ValidationError(
            {"decision_status": _(ART_58) + _("（%(reasons)s）") % {"reasons": "；".join(reasons)}}
        )
    if not CollectiveDiscussion.objects.filter(case=case).exists():
        raise ValidationError({"decision_status": _(ART_57) + _("，请先登记集体讨论记录")})


def record_discussion(
    by, case: Case, *, held_on, participants, opinions: str, conclusion: str
) -> CollectiveDiscussion:
    """集体讨论 record: the date, the 负责人 present, their opinions and the conclusion."""
    require(may_review(by, case), _("只有本部门人员可以登记集体讨论"))
    errors = {}
    today = timezone.localdate()
    if held_on is None:
        errors["held_on"] = _("请填写讨论日期")
    elif held_on > today:
        errors["held_on"] = _("讨论日期不能晚于今天")
    elif held_on < case.filed_on:
        errors["held_on"] = _("讨论日期不能早于立案日期")
    people = list(participants)
    leaders = [
        u for u in people if u.role == "dept_leader" and u.department_id == case.department_id
    ]
    if not leaders:
        errors["participants"] = _(ART_57) + _("：参加人员须有本部门负责人")
    if any(u.department_id != case.department_id for u in people):
        errors["participants"] = _("参加人员须为本部门人员")
    if not (opinions or "").strip():
        errors["opinions"] = _("请填写讨论意见")
    if not (conclusion or "").strip():
        errors["conclusion"] = _("请填写讨论结论")
    if case.stage not in ("filed", "investigation", "notice"):
        errors["case"] = _("案件已作出决定，不能再登记集体讨论")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        d = CollectiveDiscussion.objects.create(
            case=case, held_on=held_on, opinions=opinions.strip(), conclusion=conclusion.strip(),
            recorded_by=by,
        )  # fmt: skip
        d.participants.set(people)
        record(
            by, "lawreview.discussion", d,
            after={"case": case.pk, "held_on": held_on.isoformat(),
                   "participants": sorted(u.pk for u in people), "conclusion": d.conclusion},
        )  # fmt: skip
        return d


def discussion_rows(case: Case) -> list[tuple[str, str]]:
    """The 集体讨论 the 行政处罚决定书 names (第五十七条第二款): its date and conclusion."""
    d = case.discussions.order_by("-held_on", "-id").first()
    if d is None:
        return []
    day = f"{d.held_on.year}年{d.held_on.month}月{d.held_on.day}日"
    return [
        ("集体讨论", f"本案经本机关负责人于{day}集体讨论决定（{ART_57}）；结论：{d.conclusion}")
    ]
