"""Entry points into enforcement from inspections and hazards, and the prefilled forms."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from anjian.enforcement.models import Case

from .conftest import make_finding, make_hazard


def _page(client, user, url):
    client.force_login(user)
    r = client.get(url)
    return r.status_code, r.content.decode()


def test_inspection_page_links_each_violation_to_case_and_the_inspection_to_transfer(
    client, world, finding
):
    insp = finding.inspection
    url = reverse("inspections:detail", args=[insp.pk])
    status, body = _page(client, world.inspector, url)
    assert status == 200
    assert f"{reverse('enforcement:case_new')}?finding={finding.pk}" in body
    assert f"{reverse('enforcement:transfer_new')}?inspection={insp.pk}" in body
    # a draft (unsigned) record offers neither: a case rests only on a signed record
    draft = make_finding(world, sign=False)
    status, body = _page(
        client, world.inspector, reverse("inspections:detail", args=[draft.inspection_id])
    )
    assert status == 200 and f"?finding={draft.pk}" not in body
    assert f"?inspection={draft.inspection_id}" not in body
    # 安委办 sees the inspection but does not open cases or transfers.
    status, body = _page(client, world.awb, url)
    assert status == 200
    assert "enforcement/new/" not in body and "transfers/new/" not in body


def test_inspection_page_shows_the_case_once_opened(client, world, finding):
    client.force_login(world.inspector)
    client.post(
        reverse("enforcement:case_new") + f"?finding={finding.pk}",
        {"title": "教育培训案", "facts": "未培训上岗", "violation_code": "SPL-97-3"},
    )
    case = Case.objects.get()
    _, body = _page(
        client, world.inspector, reverse("inspections:detail", args=[finding.inspection_id])
    )
    assert reverse("enforcement:case_detail", args=[case.pk]) in body and "已立案" in body


def test_expired_certificate_sees_no_case_link(client, world, finding):
    world.inspector.cert_expiry = timezone.localdate() - timedelta(days=1)
    world.inspector.save()
    _, body = _page(
        client, world.inspector, reverse("inspections:detail", args=[finding.inspection_id])
    )
    assert "enforcement/new/" not in body
    client.force_login(world.inspector)
    r = client.get(reverse("enforcement:case_new") + f"?finding={finding.pk}")
    assert r.status_code == 403


def test_hazard_page_links_to_case_only_after_the_case_disposal(client, world):
    h = make_hazard(world)
    url = reverse("hazards:detail", args=[h.pk])
    case_url = f"{reverse('enforcement:case_new')}?hazard={h.pk}"
    _, body = _page(client, world.inspector, url)
    assert case_url not in body and "后，可在此立案或当场处罚" in body
    make_hazard(world)  # an unrelated hazard changes nothing
    h.disposals.create(option="case", decided_by=world.inspector)
    _, body = _page(client, world.inspector, url)
    assert case_url in body
    for user in (world.awb, world.builder):
        status, body = _page(client, user, url)
        assert case_url not in body


def test_case_form_prefills_from_the_hazard(client, world):
    h = make_hazard(world, disposal="case")
    f = make_finding(world, code="SPL-102", description=h.description)
    f.hazard = h
    f.save()
    status, body = _page(
        client, world.inspector, reverse("enforcement:case_new") + f"?hazard={h.pk}"
    )
    assert status == 200
    assert h.description in body  # facts and title
    assert 'value="SPL-102" selected' in body
    assert f'name="hazard" value="{h.pk}"' in body


def test_case_form_prefills_from_the_finding_and_refuses_bad_ids(client, world, finding):
    client.force_login(world.inspector)
    r = client.get(reverse("enforcement:case_new") + f"?finding={finding.pk}")
    body = r.content.decode()
    assert 'value="SPL-97-3" selected' in body and finding.description in body
    assert client.get(reverse("enforcement:case_new") + "?finding=abc").status_code == 404
    other = make_finding(world, ent=world.other)
    assert client.get(reverse("enforcement:case_new") + f"?finding={other.pk}").status_code == 404
    client.force_login(world.awb)
    assert client.get(reverse("enforcement:case_new") + f"?finding={finding.pk}").status_code == 403


def test_transfer_form_prefills_rows_from_the_findings(client, world, finding):
    client.force_login(world.inspector)
    r = client.get(reverse("enforcement:transfer_new") + f"?inspection={finding.inspection_id}")
    body = r.content.decode()
    assert r.status_code == 200
    assert finding.description in body and "安全生产法第九十七条第三项" in body


def test_range_follows_the_chosen_violation_and_overdue(client, world, finding):
    client.force_login(world.inspector)
    base = reverse("enforcement:case_new") + f"?finding={finding.pk}&preview=1"
    body = client.get(base + "&code=SPL-97-3&overdue=1").content.decode()
    assert 'id="range"' in body and "100000 元至 200000 元" in body
    assert "20000 元至 50000 元" in body  # 直接负责的主管人员 when 逾期未改正
    body = client.get(base + "&code=SPL-97-3&overdue=0").content.decode()
    assert "0 元至 100000 元" in body and "此情形未规定罚款" in body
    body = client.get(base + "&code=NOPE").content.decode()
    assert "hidden" in body and "元至" not in body


def test_case_form_warns_when_the_finding_already_has_a_case(client, world, finding):
    from .helpers import proposed

    case = proposed(world, finding)
    client.force_login(world.inspector)
    body = client.get(reverse("enforcement:case_new") + f"?finding={finding.pk}").content.decode()
    assert 'id="existing"' in body and reverse("enforcement:case_detail", args=[case.pk]) in body
