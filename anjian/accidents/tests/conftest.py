from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from anjian.conftest import make_enterprise


@pytest.fixture(autouse=True)
def _fast(db, settings):
    cache.clear()


@pytest.fixture
def plain(world):
    from anjian.registry.services import classify

    ent = make_enterprise("安居区明达家具厂", "510904101201", "工贸", 11, employees=12)
    classify([ent])
    return ent


@pytest.fixture
def running_campaign(world):
    from anjian.campaigns import services

    today = date.today()
    return services.create_campaign(
        world.awb,
        title="安全生产大检查",
        region=world.county,
        start=today - timedelta(days=30),
        end=today + timedelta(days=60),
        phases=[{"kind": "enforcement", "name": "集中执法", "start": today - timedelta(days=30),
                 "end": today + timedelta(days=60)}],
        departments=[world.yjj, world.zjw],
    )  # fmt: skip


def at(day: date, hour=9, minute=0) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute)
    )
