from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anjian.hazards import services

# A 1×1 PNG: real image bytes for evidence uploads.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def photo(name="after.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture(autouse=True)
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_hazard(world, today):
    """A general hazard at 遂宁XX食品 reported by the 应急局 inspector, deadline in 10 days."""

    count = iter(range(1, 10_000))

    def make(**kw):
        by = kw.pop("by", world.inspector)
        n = next(count)
        data = {
            "enterprise": world.food,
            "source": "inspection",
            "description": "液氨制冷车间氨气泄漏报警装置未定期检验",
            # each default hazard at its own place (an identical open one is refused, H5)
            "location": f"{n}号机房",
            "deadline": today + timedelta(days=10),
        }
        data.update(kw)
        return services.report_hazard(by, **data)

    return make


def fill_five(h, by, today, **over):
    data = {
        "measures": "更换报警探头并委托检验",
        "responsible_person": "王厂长",
        "funds": "12000",
        "deadline": h.deadline or today + timedelta(days=10),
        "emergency_plan": "液氨泄漏现场处置方案",
    }
    data.update(over)
    return services.set_five_measures(by, h, **data)
