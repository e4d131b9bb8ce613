"""Demo: the 查封 the enforcement demo prepared is carried out with its audio-video record
(a sample file: the demo has no real footage), as 行政强制法第十八条 requires."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

# an MP4 header and filler: passes the content check, plays nothing (the demo's sample)
SAMPLE_MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 64


def build(ctx) -> None:
    from anjian.enforcement import services as enforcement
    from anjian.enforcement.demo import MARK
    from anjian.enforcement.measures_models import Seizure

    from . import services

    for s in Seizure.objects.filter(status="approved", facts__endswith=MARK):
        officer = s.officers.order_by("id").first()
        on = timezone.localdate() - timedelta(days=3)
        if not services.has_av_record(s, "seizure"):
            services.attach(
                officer, s, step="seizure",
                file=SimpleUploadedFile("查封现场（演示样例）.mp4", SAMPLE_MP4, "video/mp4"),
                captured_at=timezone.now() - timedelta(days=3), device="执法记录仪 DSJ-01（演示）",
                officer=officer, note="演示样例文件",
            )  # fmt: skip
        enforcement.issue_seizure(officer, s, on=on)
