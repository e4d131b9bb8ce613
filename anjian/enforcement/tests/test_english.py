"""Every enforcement page in English shows no Chinese UI text (stored data such as names, facts
and legal citations typed in stays Chinese), and the law's values shown are translated."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from anjian.enforcement import i18n, services
from anjian.law import VIOLATIONS
from anjian.registry.models import Licence

from .conftest import make_finding, make_hazard
from .helpers import chinese_ui, decided, filed, proposed


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _pages(client, user, urls):
    client.force_login(user)
    out = {}
    for url in urls:
        r = client.get(url)
        assert r.status_code in (200, 400), url
        left = chinese_ui(r.content.decode())
        if left:
            out[url] = left
    return out


def test_case_pages_at_every_stage(english, world, finding):
    fresh = make_finding(world, code="SPL-99-4", description="关闭可燃气体报警装置")
    served = services.serve(world.inspector, decided(world, make_finding(world)))
    services.record_payment(world.inspector, served.parties.first(), amount=10)
    cases = [proposed(world, finding), filed(world, make_finding(world)), served]
    notice = filed(world, make_finding(world))
    rows = [
        {"id": p.pk, "fine": 60000 if p.kind == "enterprise" else 0} for p in notice.parties.all()
    ]
    notice = services.propose_decision(world.inspector, notice, parties=rows)
    cases.append(notice)
    urls = [reverse("enforcement:case_detail", args=[c.pk]) for c in cases]
    urls += [
        reverse("enforcement:decision", args=[cases[1].pk]),
        reverse("enforcement:case_new") + f"?finding={fresh.pk}",
        reverse("enforcement:simple_new") + f"?finding={fresh.pk}",
        reverse("enforcement:case_new") + f"?finding={fresh.pk}&preview=1&code=SPL-97-3",
        reverse("enforcement:case_list"),
        reverse("enforcement:case_list") + "?stage=bogus",
    ]
    assert _pages(english, world.inspector, urls) == {}
    assert _pages(english, world.leader, urls[:4]) == {}


def test_escalations_transfers_documents_and_publication(english, world, finding):
    case = decided(world, finding)
    Licence.objects.create(
        enterprise=world.chem, kind="危险化学品经营许可证", number="川遂危化经1",
        valid_until=date.today() + timedelta(days=300),
    )  # fmt: skip
    services.order_suspension(
        world.leader, world.chem, starts_on=date.today(), ends_on=date.today(), basis="依据"
    )
    services.list_dishonest(world.leader, world.chem, concealed=True)
    services.propose_closure(
        world.inspector, world.chem, basis="拒不执行停产停业整顿决定", case=case,
        refused_suspension_order=True,
    )  # fmt: skip
    t = services.create_transfer(
        world.inspector, enterprise=world.food, to_region=world.baima,
        items=[{"description": "疏散通道堆放杂物", "disposals": ["deadline", "transfer"]}],
    )  # fmt: skip
    services.issue_document(
        world.inspector, "inspection_record", enterprise=world.chem, inspection=finding.inspection
    )
    services.create_exposure(
        world.inspector, channel="区融媒体中心", title="曝光一批违法行为",
        published_on=date.today(), cases=[case],
    )  # fmt: skip
    make_hazard(world)
    urls = [
        reverse("enforcement:sanction_list"),
        reverse("enforcement:sanction_new"),
        reverse("enforcement:transfer_list"),
        reverse("enforcement:transfer_detail", args=[t.pk]),
        reverse("enforcement:transfer_new") + f"?inspection={finding.inspection_id}",
        reverse("enforcement:document_list"),
        reverse("enforcement:document_new"),
        reverse("enforcement:exposure_list"),
        reverse("enforcement:public"),
    ]
    assert _pages(english, world.leader, urls) == {}
    assert _pages(english, world.town, [urls[2], urls[3]]) == {}


def test_refusals_are_english(english, world, finding):
    case = proposed(world, finding)
    english.force_login(world.inspector)
    r = english.post(
        reverse("enforcement:case_action", args=[case.pk, "approve_filing"]),
        {"version": case.version},
    )
    body = r.content.decode()
    assert "must be approved by the head of your department" in body
    assert chinese_ui(body) == []
    english.force_login(world.leader)
    r = english.post(
        reverse("enforcement:case_action", args=[case.pk, "extend"]),
        {"version": case.version, "days": "abc"},
    )
    assert "Days of extension" in r.content.decode() and chinese_ui(r.content.decode()) == []


def test_every_violation_summary_has_its_catalogue_entry():
    summaries = {v.summary for v in VIOLATIONS.values() if v.fines}
    assert summaries == set(i18n.VIOLATION_SUMMARIES)


def test_citations_in_english():
    assert i18n.cn_int("一百零三") == 103 and i18n.cn_int("九十七") == 97
    assert i18n.cn_int("十二") == 12 and i18n.cn_int("一百一十四") == 114
    with translation.override("en"):
        assert i18n.citation("安全生产法第九十七条第三项") == "Work Safety Law, Art. 97 item 3"
        assert i18n.citation("安全生产法第一百零三条第二款") == "Work Safety Law, Art. 103 para. 2"
        assert i18n.citation("消防法第二十八条") == "消防法第二十八条"  # not a known law: as typed
    with translation.override("zh-hans"):
        assert i18n.citation("安全生产法第九十七条第三项") == "安全生产法第九十七条第三项"
