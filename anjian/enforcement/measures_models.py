"""查封、扣押 (行政强制法 on-site measure) and a case's evidence records (行政处罚法第四十六条).

Imported at the end of `enforcement.models`; the documents these records issue are kinds
registered by `enforcement.seizure` and `enforcement.evidence`, linked from here (a record
points to its documents, so `Document` itself needs no new column).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse

from anjian.law import LIFT_REASONS

from .models import Case, DeptScoped, Document


def _doc(related_name):
    return models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name=related_name
    )


class Seizure(DeptScoped):
    """查封、扣押 (安全生产法第六十五条第一款第四项; 行政强制法第十八条、第二十四条至第二十八条)."""

    KINDS = [("seal", "查封"), ("detain", "扣押")]
    STATUS = [
        ("draft", "待批准"),
        ("approved", "已批准"),
        ("active", "查封扣押中"),
        ("lifted", "已解除"),
    ]
    LIFT_REASONS = list(LIFT_REASONS)
    kind = models.CharField("措施", max_length=8, choices=KINDS, default="seal")
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="seizures"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="seizures"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seizures",
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="seizures"
    )
    status = models.CharField("状态", max_length=10, choices=STATUS, default="draft")
    facts = models.TextField("查封扣押的理由（违法事实）")
    basis = models.TextField("查封扣押的依据", blank=True)
    place = models.CharField("查封扣押场所（地点）", max_length=200)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="seizures", verbose_name="实施查封扣押的执法人员"
    )
    party_present = models.BooleanField("当事人到场", default=True)
    party_name = models.CharField("到场当事人（代表）", max_length=64, blank=True)
    planned_on = models.DateField("拟实施日期")
    seized_on = models.DateField("查封扣押日期", null=True, blank=True)
    initial_last_day = models.DateField("原期限届满日", null=True, blank=True)
    last_day = models.DateField("期限届满日", null=True, blank=True, db_index=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="批准的负责人",
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    approval_note = models.TextField("批准意见", blank=True)
    extension_days = models.PositiveIntegerField("延长期限（日）", default=0)
    extension_reason = models.TextField("延长理由", blank=True)
    extension_on = models.DateField("延长决定日期", null=True, blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="批准延长的负责人",
    )
    lifted_on = models.DateField("解除日期", null=True, blank=True)
    lift_reason = models.CharField("解除理由", max_length=16, choices=LIFT_REASONS, blank=True)
    lift_note = models.TextField("解除说明", blank=True)
    decision_document = _doc("+")
    list_document = _doc("+")
    extension_document = _doc("+")
    lift_document = _doc("+")
    signatures = GenericRelation(
        "accounts.Signature",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="seizure",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["-planned_on", "-id"]
        verbose_name = "查封扣押"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.enterprise.name}（{self.place}）"

    def get_absolute_url(self):
        return reverse("enforcement:seizure_detail", args=[self.pk])

    def documents(self) -> list:
        return [
            d
            for d in (
                self.decision_document,
                self.list_document,
                self.extension_document,
                self.lift_document,
            )
            if d is not None
        ]


class SeizureItem(models.Model):
    """One line of the 查封扣押物品清单 (场所、设施或者财物的名称、数量等, 第二十四条第二款第三项)."""

    seizure = models.ForeignKey(Seizure, on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveIntegerField("序号")
    name = models.CharField("名称", max_length=128)
    spec = models.CharField("规格型号", max_length=128, blank=True)
    quantity = models.CharField("数量", max_length=32)
    unit = models.CharField("单位", max_length=16, blank=True)
    note = models.CharField("备注（状况、存放地点）", max_length=200, blank=True)
    returned_on = models.DateField("退还日期", null=True, blank=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self):
        return f"{self.seq}. {self.name} {self.quantity}{self.unit}"


class EvidenceRecord(DeptScoped):
    """A piece of evidence a case gathers (行政处罚法第四十六条: 书证、物证、视听资料、电子数据、
    证人证言、当事人的陈述、鉴定意见、勘验笔录、现场笔录) with the document it is made in."""

    KINDS = [
        ("inquiry", "询问笔录"),
        ("site", "勘验笔录"),
        ("sampling", "抽样取证"),
        ("preservation", "先行登记保存"),
        ("appraisal", "鉴定"),
    ]
    # 行政处罚法第四十六条 evidence type each record is
    EVIDENCE_TYPES = {
        "inquiry": "当事人的陈述、证人证言",
        "site": "勘验笔录",
        "sampling": "物证",
        "preservation": "书证、物证",
        "appraisal": "鉴定意见",
    }
    STATUS = [
        ("pending", "待负责人批准"),
        ("open", "已制作"),
        ("decided", "已作出处理决定"),
    ]
    DISPOSALS = [
        ("return", "解除先行登记保存，退还当事人"),
        ("seize", "依法采取查封、扣押措施"),
        ("confiscate", "依法予以没收"),
        ("transfer", "移送有关部门处理"),
        ("appraise", "送交检测、检验或者鉴定"),
    ]
    kind = models.CharField("证据种类", max_length=16, choices=KINDS, db_index=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence_records")
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="evidence_records"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    status = models.CharField("状态", max_length=10, choices=STATUS, default="open")
    on = models.DateField("日期")
    start_time = models.TimeField("起始时间", null=True, blank=True)
    end_time = models.TimeField("结束时间", null=True, blank=True)
    place = models.CharField("地点", max_length=200)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="evidence_records", verbose_name="执法人员"
    )
    recorder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="记录人",
    )
    # the person questioned, or the party's representative present
    subject_name = models.CharField("被询问人（当事人代表）", max_length=64, blank=True)
    subject_id_number = models.CharField("身份证号", max_length=18, blank=True)
    subject_gender = models.CharField("性别", max_length=4, blank=True)
    subject_unit = models.CharField("工作单位及职务", max_length=200, blank=True)
    subject_address = models.CharField("住址", max_length=200, blank=True)
    subject_phone = models.CharField("联系电话", max_length=20, blank=True)
    notice_on = models.DateField("询问通知日期", null=True, blank=True)
    notice_matter = models.CharField("询问事项", max_length=200, blank=True)
    content = models.TextField("内容（问答、勘验情况、抽样说明、鉴定事项）")
    appraiser = models.CharField("鉴定机构", max_length=128, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="批准的负责人",
    )
    decision_last_day = models.DateField("处理决定期限", null=True, blank=True, db_index=True)
    decided_on = models.DateField("处理决定日期", null=True, blank=True)
    disposal = models.CharField("处理决定", max_length=12, choices=DISPOSALS, blank=True)
    disposal_note = models.TextField("处理决定说明", blank=True)
    notice_document = _doc("+")
    document = _doc("+")
    decision_document = _doc("+")
    signatures = GenericRelation(
        "accounts.Signature",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="evidence_record",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = "证据记录"

    def __str__(self):
        return f"{self.get_kind_display()}（{self.on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("enforcement:evidence_detail", args=[self.pk])

    def documents(self) -> list:
        return [
            d
            for d in (self.notice_document, self.document, self.decision_document)
            if d is not None
        ]


class EvidenceItem(models.Model):
    """A line of the sample list (抽样取证凭证) or of the 先行登记保存证据清单."""

    record = models.ForeignKey(EvidenceRecord, on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveIntegerField("序号")
    name = models.CharField("名称", max_length=128)
    spec = models.CharField("规格型号（批号）", max_length=128, blank=True)
    quantity = models.CharField("数量", max_length=32)
    unit = models.CharField("单位", max_length=16, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self):
        return f"{self.seq}. {self.name}"


class EvidenceFile(models.Model):
    """A file of evidence (photo, scan, recording), checked by content on upload."""

    record = models.ForeignKey(EvidenceRecord, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("文件", upload_to="evidence/%Y/")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name
