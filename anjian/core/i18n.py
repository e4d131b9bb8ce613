"""Chinese data values that pages show through `{% translate value %}`.

Choice labels such as `Enterprise.STATUS` or `RISK_TAGS` stay plain Chinese strings in the
models: imports look them up by label, exports and stored records (名录库 reasons, 风险明白卡)
must keep the official Chinese wording whatever language the acting user reads. Templates
translate them at display time instead; marking them here keeps them in the catalog
(`makemessages` collects `gettext_noop`).
"""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    # registry.models.RISK_TAGS
    gettext_noop("液氨制冷"),
    gettext_noop("有限空间"),
    gettext_noop("粉尘涉爆"),
    gettext_noop("两重点一重大"),
    gettext_noop("高危"),
    gettext_noop("重大危险源"),
    # Enterprise.risk_labels(): "<level>重大危险源"
    gettext_noop("一级重大危险源"),
    gettext_noop("二级重大危险源"),
    gettext_noop("三级重大危险源"),
    gettext_noop("四级重大危险源"),
    # Enterprise.MHS_LEVELS
    gettext_noop("无"),
    gettext_noop("一级"),
    gettext_noop("二级"),
    gettext_noop("三级"),
    gettext_noop("四级"),
    # Enterprise.STATUS
    gettext_noop("正常"),
    gettext_noop("停产整顿"),
    gettext_noop("关闭"),
    # Person.ROLES
    gettext_noop("主要负责人"),
    gettext_noop("安全生产分管负责人"),
    gettext_noop("安全生产管理人员"),
    gettext_noop("特种作业人员"),
    # Licence.KINDS
    gettext_noop("安全生产许可证"),
    gettext_noop("危险化学品经营许可证"),
    gettext_noop("危险化学品使用许可证"),
    gettext_noop("烟花爆竹经营许可证"),
    gettext_noop("非药品类易制毒化学品备案证明"),
    gettext_noop("燃气经营许可证"),
    gettext_noop("特种设备使用登记证"),
    gettext_noop("建筑施工企业安全生产许可证"),
    gettext_noop("道路运输经营许可证"),
    gettext_noop("其他"),
]
