"""The 法制审核 pages and case panel in English show no Chinese UI text."""

import pytest

from anjian.enforcement.tests.helpers import chinese_ui
from anjian.lawreview import services

from .test_review import all_points, major_list, noticed, reviewer  # noqa: F401 (fixtures)


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_review_pages_in_english(world, major_list, reviewer, english):  # noqa: F811
    case = noticed(world)
    review = services.start_review(reviewer, case)
    english.force_login(reviewer)
    urls = [case.get_absolute_url(), review.get_absolute_url()]
    left = {u: chinese_ui(english.get(u).content.decode()) for u in urls}
    services.complete_review(reviewer, review, points=all_points(skip=("evidence",)),
                             conclusion="return", opinion="证据不足")  # fmt: skip
    services.record_discussion(world.inspector, case, held_on=case.filed_on,
                               participants=[world.leader], opinions="同意", conclusion="同意")  # fmt: skip
    for u in [case.get_absolute_url(), f"/lawreview/{review.pk}/opinion/"]:
        left[u + "#done"] = chinese_ui(english.get(u).content.decode())
    english.force_login(world.leader)
    left["/lawreview/settings/"] = chinese_ui(english.get("/lawreview/settings/").content.decode())
    assert {u: v for u, v in left.items() if v} == {}
