"""The 法制审核 section of the case page (enforcement's case panel hook)."""

from . import services


def case_panel(request, case):
    reasons = services.major_reasons(case)
    reviews = list(case.reviews.order_by("-id"))
    if not reasons and not reviews:
        return None
    latest = reviews[0] if reviews else None
    user = request.user
    can_start = (
        services.may_review(user, case)
        and case.decision_status == "proposed"
        and (latest is None or latest.status == "done")
        and not (
            latest
            and latest.conclusion == "agree"
            and latest.proposal == services.proposal_of(case)
        )
    )
    from django.utils import timezone

    from anjian.accounts.models import User

    discussions = list(case.discussions.prefetch_related("participants"))
    can_discuss = (
        bool(reasons)
        and not discussions
        and services.may_review(user, case)
        and case.stage in ("filed", "investigation", "notice")
    )
    return {
        "template": "lawreview/_case_panel.html",
        "discussions": discussions,
        "can_discuss": can_discuss,
        "staff": User.objects.filter(department_id=case.department_id, is_active=True)
        .exclude(role__in=("enterprise", "expert"))
        .order_by("-role", "id")
        if can_discuss
        else [],
        "today": timezone.localdate(),
        "reasons": reasons,
        "latest": latest,
        "reviews": reviews,
        "can_start": can_start,
    }
