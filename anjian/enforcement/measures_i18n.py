"""Choice labels and document titles of 查封扣押 and the evidence records, listed so that
`makemessages` collects them (pages show them translated; models and documents keep Chinese)."""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    # Seizure.KINDS, Seizure.STATUS
    gettext_noop("查封"),
    gettext_noop("扣押"),
    gettext_noop("待批准"),
    gettext_noop("已批准"),
    gettext_noop("查封扣押中"),
    gettext_noop("已解除"),
    # law.LIFT_REASONS (行政强制法第二十八条)
    gettext_noop("当事人没有违法行为"),
    gettext_noop("查封、扣押的场所、设施或者财物与违法行为无关"),
    gettext_noop("行政机关对违法行为已经作出处理决定，不再需要查封、扣押"),
    gettext_noop("查封、扣押期限已经届满"),
    gettext_noop("其他不再需要采取查封、扣押措施的情形"),
    # EvidenceRecord.KINDS, STATUS, DISPOSALS, EVIDENCE_TYPES
    gettext_noop("询问笔录"),
    gettext_noop("勘验笔录"),
    gettext_noop("抽样取证"),
    gettext_noop("先行登记保存"),
    gettext_noop("鉴定"),
    gettext_noop("待负责人批准"),
    gettext_noop("已制作"),
    gettext_noop("已作出处理决定"),
    gettext_noop("解除先行登记保存，退还当事人"),
    gettext_noop("依法采取查封、扣押措施"),
    gettext_noop("依法予以没收"),
    gettext_noop("移送有关部门处理"),
    gettext_noop("送交检测、检验或者鉴定"),
    gettext_noop("当事人的陈述、证人证言"),
    gettext_noop("物证"),
    gettext_noop("书证、物证"),
    gettext_noop("鉴定意见"),
    # law.seizure_extension_problem (行政强制法第二十五条第一款), shown translated by the service
    gettext_noop(
        "查封、扣押期限已延长过一次，不能再次延长（行政强制法第二十五条第一款：延长期限不得超过三十日）"
    ),
    gettext_noop("延长期限须为1至30日（行政强制法第二十五条第一款：延长期限不得超过三十日）"),
    gettext_noop("延长查封、扣押期限须经行政机关负责人批准（行政强制法第二十五条第一款）"),
    # document kinds (seizure.KINDS, evidence.KINDS)
    gettext_noop("查封扣押决定书"),
    gettext_noop("查封扣押物品清单"),
    gettext_noop("延长查封扣押期限通知书"),
    gettext_noop("解除查封扣押决定书"),
    gettext_noop("询问通知书"),
    gettext_noop("抽样取证凭证"),
    gettext_noop("先行登记保存证据通知书"),
    gettext_noop("先行登记保存证据处理决定书"),
    gettext_noop("鉴定委托书"),
]
