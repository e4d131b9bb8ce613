import pytest
from django.core.cache import cache

from anjian.conftest import make_enterprise

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64

NAME = "王秀英"
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _fresh_cache(db, settings, tmp_path):
    """Rate-limit counters live in the cache; media goes to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def plain(world):
    """A 工贸 enterprise with no risk factors: on the 一般 list until something happens."""
    from anjian.registry.services import classify

    ent = make_enterprise("安居区明达家具厂", "510904101201", "工贸", 11, employees=12)
    classify([ent])
    return ent


def upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def public_tip(ent=None, *, named=False, category="major_hazard", **kw):
    from anjian.tips import services

    fields = dict(
        category=category,
        enterprise_name=ent.name if ent else "无名小作坊",
        region=ent.region if ent else None,
        place="二号车间",
        description="车间液氨管道阀门泄漏，工人未佩戴防护用品，多次反映未整改。",
        anonymous=not named,
        reporter_name=NAME if named else "",
        reporter_phone=PHONE if named else "",
    )
    fields.update(kw)
    return services.submit_tip(**fields)


@pytest.fixture
def files():
    return [upload("a.png", PNG), upload("b.jpg", JPEG), upload("c.pdf", PDF)]
