"""Choice labels of campaigns shown through gettext / `{% translate %}` at display time (the
models keep the Chinese wording); listed so makemessages collects them."""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    # CampaignPhase.KINDS
    gettext_noop("自查自改"),
    gettext_noop("集中执法"),
    gettext_noop("巩固提高/回头看"),
    gettext_noop("建章立制"),
    gettext_noop("其他"),
    # ReportingDuty.RECURRENCE
    gettext_noop("一次性"),
    gettext_noop("每月"),
    # SelfInspection.STATUS
    gettext_noop("填报中"),
    gettext_noop("已退回"),
    gettext_noop("已提交"),
    gettext_noop("已备案"),
    # SelfInspectionAnswer.RESULTS, LEVELS
    gettext_noop("符合"),
    gettext_noop("不符合"),
    gettext_noop("不涉及"),
    gettext_noop("一般"),
    gettext_noop("重大"),
    # hazards.Hazard.STATUS, shown with the hazards a self-inspection made
    gettext_noop("待整改"),
    gettext_noop("整改中"),
    gettext_noop("待复查"),
    gettext_noop("已销号"),
]
