"""An enterprise never learns that a hazard came from a tip (举报核查): it sees 执法检查."""

import io

from django.test import Client
from openpyxl import load_workbook

from anjian.accounts.models import ApiToken


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_tip_hazard_shows_as_inspection_to_the_enterprise_only(world, make_hazard):
    tipped = make_hazard(source="tip", description="疏散通道堵塞")
    staff = _client(world.inspector).get("/hazards/").content.decode()
    assert "举报核查" in staff and "疏散通道堵塞" in staff

    mine = _client(world.ent_user).get("/hazards/").content.decode()
    assert "疏散通道堵塞" in mine and "举报核查" not in mine and "执法检查" in mine

    _, raw = ApiToken.issue(world.ent_user)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(f"/api/hazards/{tipped.pk}").json()["source"] == "inspection"
    listed = api.get("/api/hazards").json()["items"]
    assert [h["source"] for h in listed if h["id"] == tipped.pk] == ["inspection"]
    # Filtering cannot tell the two apart either.
    assert api.get("/api/hazards?source=tip").json()["count"] == 0
    assert tipped.pk in [h["id"] for h in api.get("/api/hazards?source=inspection").json()["items"]]

    _, staff_raw = ApiToken.issue(world.inspector)
    staff_api = Client(HTTP_AUTHORIZATION=f"Bearer {staff_raw}")
    assert staff_api.get(f"/api/hazards/{tipped.pk}").json()["source"] == "tip"
    assert staff_api.get("/api/hazards?source=tip").json()["count"] == 1


def test_enterprise_export_masks_the_tip_source(world, make_hazard):
    make_hazard(source="tip")
    for user, shown in ((world.ent_user, "执法检查"), (world.inspector, "举报核查")):
        resp = _client(user).get("/hazards/export.xlsx")
        assert resp.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
        sources = {row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert sources == {shown}
