"""T2 accidents (生产安全事故): grade, 迟报/瞒报 flags, investigation, 四不放过, 回头看 tasks.

Scope: the enterprise's scope (安委办 region, departments by sector, towns by territory);
enterprise users see no accident records here (the tips linked to them are confidential).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.accounts.models import Role
from anjian.core.models import Scoped, Versioned
from anjian.registry.models import enterprise_scope_q

# 事故类别 (GB 6441-1986 企业职工伤亡事故分类, 20 types)
KINDS = [
    (k, k)
    for k in (
        "物体打击",
        "车辆伤害",
        "机械伤害",
        "起重伤害",
        "触电",
        "淹溺",
        "灼烫",
        "火灾",
        "高处坠落",
        "坍塌",
        "冒顶片帮",
        "透水",
        "放炮",
        "火药爆炸",
        "瓦斯爆炸",
        "锅炉爆炸",
        "容器爆炸",
        "其他爆炸",
        "中毒和窒息",
        "其他伤害",
    )
]
GRADES = [
    ("一般", "一般事故"),
    ("较大", "较大事故"),
    ("重大", "重大事故"),
    ("特别重大", "特别重大事故"),
]
SOURCES = [
    ("enterprise", "事故单位报告"),
    ("tip", "群众举报"),
    ("hospital", "医院"),
    ("police", "公安机关"),
    ("media", "新闻媒体"),
    ("department", "其他部门抄告"),
    ("other", "其他途径"),
]
# Sources that mean the enterprise did not report first (瞒报).
CONCEALED_SOURCES = {"tip", "hospital", "police", "media", "department", "other"}


class Accident(Scoped, Versioned):
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="accidents",
        verbose_name=_("事故单位"),
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True, editable=False)
    occurred_at = models.DateTimeField(_("发生时间"), db_index=True)
    reported_at = models.DateTimeField(
        _("单位报告时间"),
        null=True,
        blank=True,
        help_text=_("事故单位向监管部门报告的时间；未报告留空"),
    )
    discovered_via = models.CharField(
        _("事故信息来源"), max_length=12, choices=SOURCES, default="enterprise"
    )
    place = models.CharField(_("事故地点"), max_length=200)
    kind = models.CharField(_("事故类别"), max_length=16, choices=KINDS)
    summary = models.TextField(_("事故简要经过"), blank=True)
    deaths = models.PositiveIntegerField(_("死亡人数"), default=0)
    serious_injuries = models.PositiveIntegerField(_("重伤人数（含急性工业中毒）"), default=0)
    direct_loss_yuan = models.DecimalField(
        _("直接经济损失（元）"), max_digits=14, decimal_places=2, default=0
    )
    grade = models.CharField(_("事故等级"), max_length=8, choices=GRADES)
    grade_reasons = models.JSONField(_("定级依据"), default=list)
    late_report = models.BooleanField(_("迟报"), default=False)
    concealed = models.BooleanField(_("瞒报"), default=False)
    false_report = models.BooleanField(_("谎报"), default=False)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发生时所在专项行动"),
    )
    tips = models.ManyToManyField(
        "tips.Tip", blank=True, related_name="accidents", verbose_name=_("关联举报")
    )
    cases = models.ManyToManyField(
        "enforcement.Case", blank=True, related_name="accidents", verbose_name=_("关联案件")
    )
    investigation_extension_days = models.PositiveSmallIntegerField(_("调查延长天数"), default=0)
    investigation_due = models.DateField(_("调查报告提交期限"))
    investigation_report_on = models.DateField(_("调查报告提交日期"), null=True, blank=True)
    report_approved_on = models.DateField(_("调查报告批复日期"), null=True, blank=True)
    four_nots_due = models.DateField(_("“四不放过”评估期限"), null=True, blank=True)
    four_nots_done_on = models.DateField(_("“四不放过”评估完成日期"), null=True, blank=True)
    four_nots_note = models.TextField(_("评估结论"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("生产安全事故")
        indexes = [models.Index(fields=["enterprise", "occurred_at"])]

    def __str__(self):
        return f"{self.enterprise} {self.occurred_at:%Y-%m-%d} {self.kind}事故"

    def get_absolute_url(self) -> str:
        return reverse("accidents:detail", args=[self.pk])

    def label(self) -> str:
        """`str()` in the reader's language (the kind translated), for pages."""
        return gettext("%(enterprise)s %(date)s %(kind)s事故") % {
            "enterprise": self.enterprise,
            "date": f"{timezone.localtime(self.occurred_at):%Y-%m-%d}",
            "kind": gettext(self.kind),
        }

    def flags(self) -> list[str]:
        return [
            label
            for on, label in (
                (self.concealed, "瞒报"),
                (self.false_report, "谎报"),
                (self.late_report, "迟报"),
            )
            if on
        ]

    @classmethod
    def scope_q(cls, user, action):
        if user.role == Role.ENTERPRISE or user.role == Role.EXPERT:
            return None
        if user.role == Role.TOWN and action != "view":
            return None
        return enterprise_scope_q(user, action, prefix="enterprise__")


class LookbackTask(Scoped):
    """回头看 after a fatal accident during a campaign (seed 003: 一律开展“回头看”精准执法)."""

    STATUS = [("open", "待检查"), ("started", "检查中"), ("done", "已完成")]
    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="lookbacks")
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name=_("专项行动")
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="lookback_tasks",
        verbose_name=_("责任部门"),
    )
    due = models.DateField(_("完成期限"))
    status = models.CharField(_("状态"), max_length=8, choices=STATUS, default="open")
    created_at = models.DateTimeField(auto_now_add=True)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("回头看检查记录"),
    )

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("回头看任务")

    def __str__(self):
        return f"回头看：{self.accident.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("accidents:detail", args=[self.accident_id])

    @classmethod
    def scope_q(cls, user, action):
        if user.role == Role.AWB and user.region_id:
            return Q(accident__region_code__startswith=user.region.prefix)
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            return Q(department_id=user.department_id)
        if user.role == Role.TOWN and user.region_id and action == "view":
            return Q(accident__region_code__startswith=user.region.prefix)
        return None
