"""The portal in English: no Chinese UI text (stored data — names, facts, legal citations —
stays as published)."""

from datetime import date

import pytest
from django.urls import reverse

from anjian.enforcement.tests.helpers import chinese_ui
from anjian.portal import services
from anjian.portal.models import Publication

from .conftest import decided_case


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_portal_pages_in_english(world, english):
    case = decided_case(world)
    other = decided_case(world)
    pub = Publication.objects.get(case=case)
    services.amend_publication(world.inspector, pub, reason="复议变更")
    withdrawn = services.withdraw_publication(
        world.inspector, Publication.objects.get(case=other), reason="撤销"
    )
    urls = [
        reverse("portal:home"),
        reverse("portal:bodies"),
        reverse("portal:body", args=["yjj"]),
        reverse("portal:cert"),
        reverse("portal:cert") + "?cert_no=川执0001",
        reverse("portal:cert") + "?cert_no=nope",
        reverse("portal:cert") + "?cert_no=川执0001&on=bad",
        reverse("portal:decisions"),
        pub.get_absolute_url(),
        withdrawn.get_absolute_url(),
        reverse("portal:random"),
        reverse("portal:totals"),
        reverse("portal:totals_year", args=[date.today().year]),
    ]
    left = {}
    for url in urls:
        r = english.get(url)
        assert r.status_code == 200, url
        found = chinese_ui(r.content.decode())
        if found:
            left[url] = found
    assert left == {}
