import pytest

from anjian.checklists import services
from anjian.checklists.models import ChecklistTemplate
from anjian.checklists.seed import ANNEX1_CODE, load_annex1


@pytest.fixture
def annex1(db):
    load_annex1()  # idempotent (a transactional test may have flushed the migration's data)
    return ChecklistTemplate.objects.get(code=ANNEX1_CODE, version=1)


@pytest.fixture
def draft(world):
    tpl = services.create_template(
        world.inspector, code="yjj-gongmao", title="工贸行业重点检查事项清单"
    )
    for subject, item in [("企业", "液氨制冷"), ("企业", "有限空间"), ("企业", "粉尘涉爆")]:
        services.add_item(world.inspector, tpl, subject=subject, item=item)
    tpl.refresh_from_db()
    return tpl
