"""Chinese choice labels the tip pages show translated (`{% translate tip.get_status_display %}`,
core.tables.ChoiceColumn); the models keep them in Chinese for exports and stored records."""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    # tips.models.CATEGORIES
    gettext_noop("重大事故隐患"),
    gettext_noop("非法违法生产经营"),
    gettext_noop("瞒报谎报事故"),
    gettext_noop("其他"),
    # tips.models.CHANNELS
    gettext_noop("网上举报"),
    gettext_noop("12350热线"),
    gettext_noop("来信"),
    gettext_noop("来访"),
    gettext_noop("电子邮件"),
    # tips.models.STATUSES
    gettext_noop("待受理"),
    gettext_noop("待分办"),
    gettext_noop("待核查"),
    gettext_noop("核查中"),
    gettext_noop("已办结"),
    gettext_noop("不予受理"),
    gettext_noop("已合并"),
    # tips.models.RESULTS
    gettext_noop("属实"),
    gettext_noop("部分属实"),
    gettext_noop("不属实"),
    # tips.models.REWARD_STATUSES
    gettext_noop("待审批"),
    gettext_noop("已批准"),
    gettext_noop("不予奖励"),
    gettext_noop("已发放"),
    # tips.models.ACCIDENT_GRADES
    gettext_noop("一般事故"),
    gettext_noop("较大事故"),
    gettext_noop("重大事故"),
    gettext_noop("特别重大事故"),
    # tips.models.STAGES
    gettext_noop("受理"),
    gettext_noop("分办"),
    gettext_noop("核查办结"),
    gettext_noop("奖励审批"),
    gettext_noop("奖励兑现"),
]
