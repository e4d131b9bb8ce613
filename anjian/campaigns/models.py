import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from anjian.core.models import Scoped
from anjian.registry.models import EnterpriseChild, enterprise_scope_q


class Campaign(Scoped):
    """专项行动, e.g. 遂宁市安居区 “强安2023”监管执法专项行动 (seed 000)."""

    title = models.CharField(_("行动名称"), max_length=128)
    doc_no = models.CharField(_("发文字号"), max_length=64, blank=True)
    issuer = models.CharField(_("发文单位"), max_length=64, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, verbose_name=_("区域"))
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    summary = models.TextField(_("工作目标"), blank=True)
    departments = models.ManyToManyField(
        "accounts.Department", blank=True, verbose_name=_("参与部门")
    )
    checklists = models.ManyToManyField(
        "checklists.ChecklistTemplate", blank=True, verbose_name=_("检查表")
    )
    # Targets (工作目标): seed 000 附件6 “每月至少检查3家企业”; 重点名录 全覆盖; 一般名录 “双随机”抽查
    inspections_per_dept_month = models.PositiveIntegerField(
        _("每部门每月最少检查企业数"), default=0
    )
    key_coverage_pct = models.PositiveSmallIntegerField(
        _("重点检查企业名录库覆盖率（%）"), default=100
    )
    general_sample_pct = models.PositiveSmallIntegerField(
        _("一般检查企业名录库抽查比例（%）"), null=True, blank=True
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = "专项行动"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        if action == "view":
            if user.role == "enterprise":
                return (
                    Q(region__code__in=_ancestors(user.enterprise.region_id))
                    if user.enterprise_id
                    else None
                )
            region = user.department.region if user.department_id else user.region
            if region is None:
                return None
            return Q(region__code__startswith=region.prefix) | Q(
                region__code__in=_ancestors(region.code)
            )
        if user.role == "awb" and user.region_id:
            return Q(region__code__startswith=user.region.prefix)
        return None

    @property
    def ended(self) -> bool:
        from django.utils import timezone

        return self.end < timezone.localdate()

    def phase_on(self, day: date):
        return next((p for p in self.phases.all() if p.start <= day <= p.end), None)

    def self_check_phase(self):
        return next((p for p in self.phases.all() if p.kind == "self_check"), None)

    @property
    def filing_deadline(self) -> date | None:
        """备案 deadline for self-inspections: the end of the 自查自改 phase (seed 000: 3月31日前)."""
        phase = self.self_check_phase()
        return phase.end if phase else None


def _ancestors(code: str) -> list[str]:
    return [code[:6] + "000000", code[:9] + "000", code]


class CampaignPhase(models.Model):
    KINDS = [
        ("self_check", "自查自改"),
        ("enforcement", "集中执法"),
        ("review", "巩固提高/回头看"),
        ("institution", "建章立制"),
        ("other", "其他"),
    ]
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("阶段类型"), max_length=16, choices=KINDS)
    name = models.CharField(_("阶段名称"), max_length=64)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    tasks = models.TextField(_("阶段重点"), blank=True)

    class Meta:
        ordering = ["campaign", "start"]
        verbose_name = "行动阶段"

    def __str__(self):
        return f"{self.name}（{self.start}—{self.end}）"


class ReportingDuty(models.Model):
    """A reporting obligation of the participating units (报送要求), once or monthly."""

    RECURRENCE = [("once", "一次性"), ("monthly", "每月")]
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="duties")
    title = models.CharField(_("报送内容"), max_length=200)
    recurrence = models.CharField(_("频次"), max_length=8, choices=RECURRENCE, default="once")
    due_date = models.DateField(_("截止日期"), null=True, blank=True, help_text=_("一次性报送填写"))
    day_of_month = models.PositiveSmallIntegerField(
        _("每月截止日"), null=True, blank=True, help_text=_("每月报送填写，如 23")
    )
    first_month = models.DateField(
        _("首次报送月份"), null=True, blank=True, help_text=_("每月报送填写，如 2023-04-01")
    )
    receiver = models.CharField(_("报送单位"), max_length=64, blank=True)

    class Meta:
        ordering = ["campaign", "id"]
        verbose_name = "报送要求"

    def __str__(self):
        return self.title

    def due_dates(self) -> list[date]:
        if self.recurrence == "once":
            return [self.due_date] if self.due_date else []
        if not (self.day_of_month and self.first_month):
            return []
        out, y, m = [], self.first_month.year, self.first_month.month
        end = self.campaign.end
        while date(y, m, 1) <= end:
            day = min(self.day_of_month, calendar.monthrange(y, m)[1])
            out.append(date(y, m, day))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def next_due(self, today: date) -> date | None:
        return next((d for d in self.due_dates() if d >= today), None)

    @property
    def schedule(self) -> str:
        """The deadline as the notice words it (自2023年4月起，每月23日前), in the reader's language."""
        if self.recurrence == "monthly":
            start = (
                gettext("自%(year)s年%(month)s月起，")
                % {"year": self.first_month.year, "month": self.first_month.month}
                if self.first_month
                else ""
            )
            return start + gettext("每月%(day)s日前") % {"day": self.day_of_month}
        if not self.due_date:
            return ""
        return gettext("%(month)s月%(day)s日前") % {
            "month": self.due_date.month,
            "day": self.due_date.day,
        }


class SelfInspection(EnterpriseChild):
    """An enterprise's self-inspection (自查自改) against a campaign checklist (C3)."""

    STATUS = [
        ("draft", "填报中"),
        ("submitted", "已提交"),
        ("returned", "已退回"),
        ("filed", "已备案"),
    ]
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="self_inspections",
        verbose_name=pgettext_lazy("one", "专项行动"),
    )
    template = models.ForeignKey(
        "checklists.ChecklistTemplate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("one", "检查表"),
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="self_inspections",
        verbose_name=_("企业"),
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=STATUS, default="draft", db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填报人"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("提交人"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("备案人"),
    )
    filed_department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("备案部门"),
    )
    filed_at = models.DateTimeField(_("备案时间"), null=True, blank=True)
    filed_late = models.BooleanField(_("逾期备案"), default=False)
    filing_note = models.TextField(_("备案意见"), blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("退回人"),
    )
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    return_note = models.TextField(_("退回意见"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        unique_together = [("campaign", "template", "enterprise")]
        verbose_name = "企业自查"

    def __str__(self):
        return f"{self.enterprise} · {self.template.title}自查"

    def get_absolute_url(self):
        return reverse("campaigns:self_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        """Enterprise: its own (and may fill them in). Others: submitted ones in their scope."""
        if user.role == "enterprise":
            return Q(enterprise_id=user.enterprise_id) if user.enterprise_id else None
        q = enterprise_scope_q(user, "view", prefix="enterprise__")
        if q is None or action != "view":
            return None
        return q & ~Q(status="draft")

    @property
    def failed_count(self) -> int:
        return sum(1 for a in self.answers.all() if a.result == "fail")


class SelfInspectionAnswer(models.Model):
    RESULTS = [("ok", "符合"), ("fail", "不符合"), ("na", "不涉及")]
    LEVELS = [("general", "一般"), ("major", "重大")]
    inspection = models.ForeignKey(SelfInspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(
        "checklists.ChecklistItem",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("检查项"),
    )
    result = models.CharField(_("自查结果"), max_length=8, choices=RESULTS, blank=True)
    note = models.TextField(_("情况说明"), blank=True)
    level = models.CharField(_("隐患等级"), max_length=8, choices=LEVELS, default="general")
    measures = models.TextField(_("整改措施"), blank=True)
    responsible = models.CharField(_("责任人"), max_length=64, blank=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    hazard = models.ForeignKey(
        "hazards.Hazard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("隐患"),
    )

    class Meta:
        ordering = ["inspection", "item__row"]
        unique_together = [("inspection", "item")]
        verbose_name = "自查结果"

    def __str__(self):
        return f"{self.item} → {self.get_result_display()}"
