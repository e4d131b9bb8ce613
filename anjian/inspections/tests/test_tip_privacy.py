"""An enterprise never learns from its inspection record that it was reported (T1 protection)."""

from datetime import date

from django.test import Client

from anjian.accounts.models import ApiToken
from anjian.inspections.models import Inspection


def test_enterprise_does_not_see_tip_origin(world):
    insp = Inspection.objects.create(
        enterprise=world.food,
        department=world.yjj,
        origin="tip",
        tip_ref="JB2023-0042",
        modes=["tip", "sbll"],
        inspected_on=date.today(),
        status="submitted",
        created_by=world.inspector,
        region_code=world.food.region_id,
    )
    c = Client()
    c.force_login(world.ent_user)
    for url in (f"/inspections/{insp.pk}/", "/inspections/", f"/inspections/{insp.pk}/print/"):
        html = c.get(url).content.decode()
        assert "JB2023-0042" not in html and "举报" not in html, url
    _, raw = ApiToken.issue(world.ent_user)
    data = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(f"/api/inspections/{insp.pk}").json()
    assert data["origin"] == "adhoc" and "tip" not in data["modes"] and "JB2023" not in str(data)
    c.force_login(world.inspector)
    assert "JB2023-0042" in c.get(f"/inspections/{insp.pk}/").content.decode()
