"""重大执法决定法制审核 (行政处罚法第五十八条): a department's list of major decisions, the
reviewers' 法律职业资格, and each review with its checklist, conclusion and 意见书."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MajorDecisionItem(models.Model):
    """One entry of a department's 重大执法决定法制审核目录清单 (published data, with source)."""

    KINDS = [
        ("suspension", _("责令停产停业整顿")),
        ("closure", _("提请关闭")),
        ("revocation", _("吊销许可证")),
        ("judicial", _("移送司法")),
        ("hearing", _("经过听证程序")),
        ("fine_over", _("罚款数额达到")),
    ]
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.CASCADE, related_name="+", verbose_name=_("部门")
    )
    kind = models.CharField(_("情形"), max_length=12, choices=KINDS)
    threshold = models.DecimalField(
        _("罚款数额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("来源"), max_length=200)

    class Meta:
        ordering = ["department_id", "id"]
        verbose_name = _("重大执法决定清单事项")

    def __str__(self):
        return self.get_kind_display()


class ReviewerQualification(models.Model):
    """法律职业资格 of a user (行政处罚法第五十八条第二款)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="legal_qualification"
    )
    certificate_no = models.CharField(_("法律职业资格证书编号"), max_length=32)
    obtained_on = models.DateField(_("取得日期"))

    class Meta:
        verbose_name = _("法律职业资格")

    def __str__(self):
        return self.certificate_no


class LegalReview(models.Model):
    """One 法制审核 of a case's proposed decision. `points` is the checklist:
    [{"code", "label", "record", "ok", "opinion"}], prefilled from the case."""

    STATUS = [("open", _("审核中")), ("done", _("已完成"))]
    CONCLUSIONS = [("agree", _("同意")), ("return", _("退回补充")), ("disagree", _("不同意"))]
    case = models.ForeignKey("enforcement.Case", on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    case_version = models.PositiveIntegerField(_("审核时案件版本"))
    reasons = models.JSONField(_("属于重大执法决定的情形"), default=list)
    proposal = models.JSONField(_("审核的处罚意见"), default=dict)
    points = models.JSONField(_("审核事项"), default=list)
    status = models.CharField(_("状态"), max_length=8, choices=STATUS, default="open")
    conclusion = models.CharField(_("审核结论"), max_length=10, choices=CONCLUSIONS, blank=True)
    opinion = models.TextField(_("审核意见"), blank=True)
    started_on = models.DateField(_("开始日期"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("法制审核")

    def __str__(self):
        return f"{self.case} 法制审核"

    def get_absolute_url(self):
        return reverse("lawreview:review", args=[self.pk])

    @property
    def region_code(self):
        return self.case.region_code

    def points_to_fix(self) -> list[dict]:
        return [p for p in self.points if not p.get("ok")]


class CollectiveDiscussion(models.Model):
    """集体讨论 of the department's 负责人 (行政处罚法第五十七条第二款) for a major case."""

    case = models.ForeignKey(
        "enforcement.Case", on_delete=models.PROTECT, related_name="discussions"
    )
    held_on = models.DateField(_("讨论日期"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("参加人员")
    )
    opinions = models.TextField(_("讨论意见"))
    conclusion = models.TextField(_("讨论结论"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("集体讨论")

    def __str__(self):
        return f"{self.case} 集体讨论 {self.held_on}"

    @property
    def region_code(self):
        return self.case.region_code
