"""事后: a decision is on the portal from its decision, within seven working days, redacted;
a changed decision is published as a new version, a withdrawn one leaves the list."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from anjian.law.periods import last_working_day
from anjian.portal import services
from anjian.portal.models import Publication
from anjian.portal.redaction import REMOVED, looks_like_id_number, scrub

from .conftest import ID_NUMBER, PERSON, decided_case, noticed_case


def test_not_published_before_the_decision(world, client):
    case = noticed_case(world)
    assert not Publication.objects.filter(case=case).exists()
    assert services.publish_due() == []
    page = client.get(reverse("portal:decisions")).content.decode()
    assert case.title not in page


def test_published_on_decision_within_seven_working_days(world, client):
    decided_on = date.today() - timedelta(days=1)
    case = decided_case(world, on=decided_on)
    pub = Publication.objects.get(case=case)
    assert pub.decided_on == decided_on
    assert pub.due_on == last_working_day(decided_on, 7)
    assert decided_on <= pub.published_on <= pub.due_on and not pub.late
    assert pub.revisions.get().kind == "publish"
    page = client.get(reverse("portal:decisions")).content.decode()
    assert pub.data["number"] in page and pub.get_absolute_url() in page
    detail = client.get(pub.get_absolute_url()).content.decode()
    assert case.enterprise.name in detail and case.enterprise.credit_code in detail


def test_a_decision_dated_later_waits_for_its_day(world, case):
    pub = Publication.objects.get(case=case)
    pub.delete()
    case.decided_on = date.today() + timedelta(days=3)
    case.save(update_fields=["decided_on"])
    assert services.sync_case(case) is None
    assert services.publish_due() == []
    [pub] = services.publish_due(today=case.decided_on)
    assert pub.published_on == case.decided_on
    assert not services.listed().filter(pk=pub.pk).exists()  # still in the future today
    assert services.listed(case.decided_on).filter(pk=pub.pk).exists()


def test_a_backlog_is_published_by_the_daily_run(world, case):
    Publication.objects.filter(case=case).delete()
    assert [c.pk for c in services.overdue(date.today() + timedelta(days=30))] == [case.pk]
    [pub] = services.publish_due()
    assert pub.case_id == case.pk and services.publish_due() == []


def test_redaction_rule():
    text = f"{PERSON}身份证{ID_NUMBER}，家住安居区幸福路8号，电话13812345678。91510904MA0000001X"
    out = scrub(text, [PERSON])
    assert PERSON not in out and "王**" in out
    assert ID_NUMBER not in out and REMOVED in out
    assert "幸福路" not in out and "13812345678" not in out and "138****5678" in out
    assert "91510904MA0000001X" in out  # an enterprise's credit code is public
    assert looks_like_id_number(ID_NUMBER) and not looks_like_id_number("510904198013011234")


def test_published_record_is_redacted(world, case, client):
    pub = Publication.objects.get(case=case)
    [person] = [p for p in pub.data["parties"] if p["kind"] == "person"]
    assert person["name"] == "王**" and person["fine"] == "0.00"
    detail = client.get(pub.get_absolute_url()).content.decode()
    for secret in (PERSON, ID_NUMBER, "幸福路8号", "13812345678"):
        assert secret not in detail
    assert "王**" in detail


def test_change_is_a_new_version_with_history(world, case, client):
    pub = Publication.objects.get(case=case)
    party = case.parties.get(kind="enterprise")
    party.fine = 40000
    party.save(update_fields=["fine"])
    with pytest.raises(ValidationError) as exc:
        services.amend_publication(world.inspector, pub, reason=" ")
    assert "reason" in exc.value.message_dict
    pub = services.amend_publication(world.inspector, pub, reason="复议决定变更罚款数额")
    assert pub.version == 2 and pub.data["total_fine"] == "40000.00"
    first, second = pub.revisions.order_by("version")
    assert first.data["total_fine"] == "50000.00" and second.kind == "update"
    page = client.get(pub.get_absolute_url()).content.decode()
    assert "复议决定变更罚款数额" in page and "40000.00" in page


def test_withdrawn_decision_leaves_the_list_and_shows_its_withdrawal(world, case, client):
    pub = Publication.objects.get(case=case)
    with pytest.raises(PermissionDenied):
        services.withdraw_publication(world.builder, pub, reason="撤销")  # another department
    with pytest.raises(ValidationError) as exc:
        services.withdraw_publication(world.inspector, pub, reason="")
    assert "reason" in exc.value.message_dict
    services.withdraw_publication(world.inspector, pub, reason="经行政复议，原处罚决定被撤销")
    pub.refresh_from_db()
    assert pub.status == "withdrawn" and pub.withdrawn_on == date.today()
    assert [r.kind for r in pub.revisions.order_by("version")] == ["publish", "withdraw"]
    listing = client.get(reverse("portal:decisions")).content.decode()
    assert pub.get_absolute_url() in listing  # only in the withdrawals section
    assert 'id="withdrawn"' in listing and "经行政复议，原处罚决定被撤销" in listing
    main_list = listing.split('id="decisions"')[1].split("</ul>")[0]
    assert pub.data["number"] not in main_list
    detail = client.get(pub.get_absolute_url()).content.decode()
    assert "本公示已撤回" in detail and pub.data["facts"] not in detail
    # a later transition of the case does not publish it again
    services.sync_case(case)
    pub.refresh_from_db()
    assert pub.status == "withdrawn"
    with pytest.raises(ValidationError):
        services.withdraw_publication(world.inspector, pub, reason="again")


def test_withdraw_form(world, case, client):
    pub = Publication.objects.get(case=case)
    url = reverse("portal:withdraw", args=[pub.uid])
    assert client.post(url, {"reason": "x"}).status_code == 302
    pub.refresh_from_db()
    assert pub.status == "published"  # anonymous: sent to the login page
    client.force_login(world.builder)
    client.post(url, {"reason": "x"})
    pub.refresh_from_db()
    assert pub.status == "published"
    client.force_login(world.inspector)
    assert 'id="manage"' in client.get(pub.get_absolute_url()).content.decode()
    resp = client.post(url, {"reason": ""}, follow=True)
    assert "请填写撤回理由" in resp.content.decode()
    client.post(url, {"reason": "原决定被依法撤销"})
    pub.refresh_from_db()
    assert pub.status == "withdrawn"


def test_downloads(world, case, client):
    from io import BytesIO

    from openpyxl import load_workbook

    pub = Publication.objects.get(case=case)
    csv = client.get(reverse("portal:decisions_csv")).content.decode("utf-8-sig")
    assert pub.uid in csv and PERSON not in csv and ID_NUMBER not in csv
    wb = load_workbook(BytesIO(client.get(reverse("portal:decisions_xlsx")).content))
    cells = [str(c.value) for row in wb.active.iter_rows() for c in row]
    assert pub.uid in cells and not any(PERSON in c or ID_NUMBER in c for c in cells)


def test_publish_decisions_command(world, case):
    from io import StringIO

    from django.core.management import call_command

    Publication.objects.filter(case=case).delete()
    out = StringIO()
    call_command("publish_decisions", stdout=out)
    assert "published 1 decision(s)" in out.getvalue()
    assert Publication.objects.filter(case=case).exists()
