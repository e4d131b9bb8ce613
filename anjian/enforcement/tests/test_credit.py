"""严重失信主体名单's whole life (应急管理部令第11号): 告知 before listing, 陈述申辩, the decision,
publication, 信用修复 after the minimum period, removal at the end; each with its document."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.enforcement import documents
from anjian.enforcement.models import DishonestyProcedure, Sanction
from anjian.enforcement.services import credit
from anjian.law.periods import add_months


def _text(p, kind):
    return documents.content(p.documents.get(kind=kind)).text()


def test_listing_lifecycle_with_documents_and_portal(world, client):
    on = date.today() - timedelta(days=400)
    with pytest.raises(PermissionDenied):
        credit.notify_listing(world.inspector, world.chem, concealed=True, on=on)
    with pytest.raises(ValidationError) as exc:  # no ground the engine confirms
        credit.notify_listing(world.leader, world.chem, reason="多次违法", on=on)
    assert "严重失信主体名单管理办法" in exc.value.message_dict["reason"][0]
    p = credit.notify_listing(world.leader, world.chem, concealed=True, on=on)
    assert "陈述、申辩" in _text(p, "dishonesty_notice") and not Sanction.objects.exists()
    with pytest.raises(ValidationError):  # one notice at a time
        credit.notify_listing(world.leader, world.chem, concealed=True, on=on)
    # not before the statement period has run (the party has not stated its case)
    with pytest.raises(ValidationError) as exc:
        credit.decide_listing(world.leader, p, approve=True, on=p.statement_due_on)
    assert "陈述申辩期限" in exc.value.message_dict["decided_on"][0]
    assert not Sanction.objects.exists()
    p = credit.record_listing_statement(world.leader, p, statement="事故已如实补报", on=on)
    p = credit.decide_listing(world.leader, p, approve=True, on=on + timedelta(days=1))
    assert p.status == "listed" and p.sanction.ends_on == add_months(on + timedelta(days=1), 36)
    assert "列入严重失信主体名单" in _text(p, "dishonesty_decision")
    page = client.get("/public/dishonesty/").content.decode()
    assert world.chem.name in page and 'id="dishonesty-listed"' in page
    # 信用修复 refused before 12 months
    early = p.sanction.early_removal_from
    with pytest.raises(ValidationError) as exc:
        credit.repair_listing(world.leader, p, note="已整改", on=early - timedelta(days=1))
    assert "12个月" in exc.value.message_dict["lifted_on"][0]
    p.refresh_from_db()
    assert p.status == "listed" and p.sanction.lifted_on is None
    p = credit.repair_listing(world.leader, p, note="已整改并作出信用承诺")
    assert p.status == "repaired" and p.sanction.lifted_on == date.today()
    assert "信用修复" in _text(p, "dishonesty_removal")
    page = client.get("/public/dishonesty/").content.decode()
    listed = page.split('id="dishonesty-listed"')[1].split("</ul>")[0]
    assert world.chem.name not in listed and "信用修复提前移出" in page


def test_not_listed_after_the_statement(world):
    p = credit.notify_listing(world.leader, world.chem, concealed=True)
    credit.record_listing_statement(world.leader, p, statement="非瞒报，系统故障迟报")
    with pytest.raises(ValidationError) as exc:
        credit.decide_listing(world.leader, p, approve=False)
    assert "note" in exc.value.message_dict
    p = credit.decide_listing(world.leader, p, approve=False, note="陈述申辩成立")
    assert p.status == "dropped" and not Sanction.objects.exists()


def test_daily_job_removes_listings_at_the_end_of_their_period(world):
    from anjian.notifications.services import tick

    start = date.today() - timedelta(days=3 * 366 + 30)
    p = credit.notify_listing(world.leader, world.chem, multiplied_fine=True, on=start)
    p = credit.decide_listing(world.leader, p, approve=True, on=start + timedelta(days=20))
    assert p.sanction.ends_on < date.today()
    tick()  # the worker's daily run
    p = DishonestyProcedure.objects.get(pk=p.pk)
    assert p.status == "expired" and p.removed_on == p.sanction.ends_on
    assert p.sanction.lifted_on == p.sanction.ends_on
    assert "列入期限届满" in _text(p, "dishonesty_removal")
    assert credit.expire_listings() == 0  # once


def test_pages_notice_from_the_escalations_page_then_list_and_repair(world, client):
    from django.urls import reverse

    client.force_login(world.leader)
    r = client.post(reverse("enforcement:sanction_new"), {
        "kind": "dishonesty", "enterprise": world.chem.pk, "concealed": "on", "basis": "瞒报事故",
    })  # fmt: skip
    p = DishonestyProcedure.objects.get()
    assert r.status_code == 302 and not Sanction.objects.exists()
    page = client.get(reverse("enforcement:dishonesty_list")).content.decode()
    assert world.chem.name in page and "列入严重失信主体名单告知书" in page
    url = reverse("enforcement:dishonesty_action", args=[p.pk, "list"])
    r = client.post(url, {"version": p.version}, follow=True)  # the statement period runs
    assert "陈述申辩期限" in r.content.decode() and not Sanction.objects.exists()
    client.post(reverse("enforcement:dishonesty_action", args=[p.pk, "statement"]),
                {"version": p.version, "statement": "无异议"})  # fmt: skip
    p.refresh_from_db()
    client.post(url, {"version": p.version, "note": "同意列入"})
    p.refresh_from_db()
    assert p.status == "listed" and p.sanction.kind == "dishonesty"
    client.force_login(world.inspector)  # not the head: refused
    r = client.post(reverse("enforcement:dishonesty_action", args=[p.pk, "repair"]),
                    {"version": p.version, "note": "x"})  # fmt: skip
    p.refresh_from_db()
    assert p.status == "listed"
