"""执法全过程记录 (行政处罚法第四十七条): audio, video and photos of an enforcement step.

A `MediaRecord` belongs to the record of the step it documents (a generic target: an
inspection for 现场检查, a case for 调查取证、查封扣押、听证、送达、执行, or another app's record
registered in `TARGETS`), with the file's SHA-256, its capture time, the device and the officer
who recorded it. Its hash is written into the audit trail when it is attached. Large files come
in through a `ChunkedUpload` (start → chunks at their offsets → finish verifying the SHA-256).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse

from anjian.core.models import Scoped
from anjian.core.records import STEPS

from .storage import get_storage

KINDS = [("video", "视频"), ("audio", "录音"), ("photo", "照片")]
AV_KINDS = ("video", "audio")

# The models a record may belong to and their steps: "app_label.model" -> steps. Other apps
# add theirs (e.g. a 查封扣押 record: {"seizure"}) with `register_target`.
TARGETS: dict[str, tuple[str, ...]] = {
    "inspections.inspection": ("inspection",),
    "enforcement.case": ("investigation", "seizure", "hearing", "service", "execution"),
}


def register_target(label: str, steps) -> None:
    TARGETS[label.lower()] = tuple(steps)


def _target_models():
    from django.apps import apps

    for label in TARGETS:
        app, model = label.split(".")
        yield apps.get_model(app, model)


def target_scope_q(user, action, prefix=""):
    """Rows whose target the user may see (or change): each target model's own scope."""
    q = None
    for model in _target_models():
        ct = ContentType.objects.get_for_model(model)
        one = Q(**{f"{prefix}target_type": ct,
                   f"{prefix}target_id__in": model.objects.restrict(user, action).values("pk")})  # fmt: skip
        q = one if q is None else q | one
    return q


class MediaRecord(Scoped):
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField(db_index=True)
    target = GenericForeignKey("target_type", "target_id")
    step = models.CharField("执法环节", max_length=16, choices=STEPS, db_index=True)
    kind = models.CharField("类型", max_length=8, choices=KINDS)
    file = models.FileField("文件", upload_to="records/%Y/%m/", storage=get_storage,
                            max_length=255)  # fmt: skip
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("内容类型", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    captured_at = models.DateTimeField("拍摄/录制时间")
    device = models.CharField("设备", max_length=128, help_text="如：执法记录仪编号、手机型号")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name="记录人（执法人员）",
    )  # fmt: skip
    note = models.CharField("说明", max_length=200, blank=True)
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["captured_at", "id"]
        verbose_name = "全过程记录"
        indexes = [models.Index(fields=["target_type", "target_id", "step"])]

    def __str__(self):
        return f"{self.get_step_display()} {self.get_kind_display()} {self.original_name}"

    @classmethod
    def scope_q(cls, user, action):
        return target_scope_q(user, action)

    def get_absolute_url(self):
        return reverse("records:file", args=[self.pk])


class ChunkedUpload(Scoped):
    """An upload in progress: the client sends the file in chunks, each at the offset the
    server has received so far, and may resume after an interruption by asking for it."""

    STATUS = [("open", "上传中"), ("done", "已完成")]
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    step = models.CharField("执法环节", max_length=16, choices=STEPS)
    filename = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("文件大小（字节）")
    received = models.PositiveBigIntegerField("已接收（字节）", default=0)
    captured_at = models.DateTimeField("拍摄/录制时间")
    device = models.CharField("设备", max_length=128)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    status = models.CharField("状态", max_length=8, choices=STATUS, default="open")
    record = models.OneToOneField(
        MediaRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "分片上传"

    def __str__(self):
        return f"{self.filename} {self.received}/{self.size}"

    @classmethod
    def scope_q(cls, user, action):
        """Only its uploader continues an upload."""
        return Q(created_by=user)


class RequiredStep(models.Model):
    """A department's list of steps that need an audio-video record (查封扣押 always does)."""

    department = models.ForeignKey(
        "accounts.Department", on_delete=models.CASCADE, related_name="+"
    )
    step = models.CharField("执法环节", max_length=16, choices=STEPS)
    source = models.CharField("依据", max_length=200, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("department", "step")]
        verbose_name = "须音像记录的执法环节"

    def __str__(self):
        return f"{self.department_id} {self.step}"
