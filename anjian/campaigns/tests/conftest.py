from datetime import date, timedelta

import pytest

from anjian.campaigns import services
from anjian.campaigns.demo import create_qiangan2023
from anjian.checklists.models import ChecklistTemplate
from anjian.checklists.seed import ANNEX1_CODE, load_annex1


@pytest.fixture
def annex1(db):
    load_annex1()
    return ChecklistTemplate.objects.get(code=ANNEX1_CODE, version=1)


@pytest.fixture
def qiangan(world, annex1):
    return create_qiangan2023(world.awb, world.county)


@pytest.fixture
def campaign(world, annex1):
    """A running campaign whose 自查自改 phase ends in ten days."""
    today = date.today()
    return services.create_campaign(
        world.awb,
        title="2026年企业全员安全生产履职自查自改",
        region=world.county,
        start=today - timedelta(days=5),
        end=today + timedelta(days=60),
        inspections_per_dept_month=3,
        phases=[
            {
                "kind": "self_check",
                "name": "企业自查自改",
                "start": today - timedelta(days=5),
                "end": today + timedelta(days=10),
            },
            {
                "kind": "enforcement",
                "name": "集中执法",
                "start": today + timedelta(days=11),
                "end": today + timedelta(days=60),
            },
        ],
        departments=[world.yjj, world.zjw],
        checklists=[annex1],
    )


def answers_for(tpl, fail_rows=(), **plan):
    """All items 符合 except the given rows, which are 不符合 with a complete plan."""
    out = {}
    for item in tpl.items.all():
        if item.row in fail_rows:
            out[item.pk] = {
                "result": "fail",
                "note": plan.get("note", "未建立培训档案"),
                "measures": plan.get("measures", "建立培训档案"),
                "responsible": plan.get("responsible", "安全员 李明"),
                "deadline": plan.get("deadline", date.today() + timedelta(days=15)),
                "level": plan.get("level", "general"),
            }
        else:
            out[item.pk] = {"result": "na" if item.row == 23 else "ok"}
    return out


@pytest.fixture
def submitted(world, campaign, annex1):
    si = services.start_self_inspection(world.ent_user, campaign, annex1)
    return services.submit_self_inspection(world.ent_user, si, answers_for(annex1, fail_rows=[4]))
