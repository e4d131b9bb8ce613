"""The campaign page's progress section (campaigns.progress): inspections count the work.

安委办 sees every participating department; department staff the row of their own department
(if it takes part); others see none.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from anjian.accounts.models import Role

from .services import campaign_progress


def campaign_progress_section(request, campaign) -> str:
    user = request.user
    today = timezone.localdate()
    progress = None
    if user.is_superuser or user.role == Role.AWB:
        progress = campaign_progress(campaign, today)
    elif user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
        own = campaign.departments.filter(pk=user.department_id)
        if own.exists():
            progress = campaign_progress(campaign, today, departments=own)
    if progress is None:
        return ""
    return render_to_string(
        "inspections/_campaign_progress.html", {"progress": progress, "c": campaign}, request
    )
