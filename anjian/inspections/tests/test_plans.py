"""I1: annual plan with monthly targets and progress against them."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from anjian.inspections import services
from anjian.inspections.models import Inspection
from anjian.registry.models import EnterpriseTier
from anjian.testing import ID_NUMBER

from .conftest import png_data_url


def make_plan(w, **kw):
    args = dict(
        department=w.yjj,
        year=date.today().year,
        title="应急局年度监督检查计划",
        monthly_targets=[3] * 12,
    )
    args.update(kw)
    return services.create_plan(w.leader, **args)


def test_only_leader_or_awb_makes_plan_and_targets_validated(iw):
    with pytest.raises(PermissionDenied):
        services.create_plan(
            iw.inspector, department=iw.yjj, year=2024, title="t", monthly_targets=[3] * 12
        )
    with pytest.raises(ValidationError) as exc:
        make_plan(iw, monthly_targets=[3] * 11)
    assert "12 个月" in exc.value.message_dict["monthly_targets"][0]
    make_plan(iw)
    with pytest.raises(ValidationError) as exc:
        make_plan(iw)
    assert "年度计划已存在" in exc.value.message_dict["year"][0]


def test_progress_counts_submitted_inspections_and_coverage(iw):
    plan = make_plan(iw)
    today = date.today()
    key_ids = set(
        EnterpriseTier.objects.filter(department=iw.yjj, tier="key").values_list(
            "enterprise_id", flat=True
        )
    )
    assert iw.chem.pk in key_ids
    for ent in (iw.chem, iw.general[0]):
        insp = services.create_inspection(
            iw.inspector,
            enterprise=ent,
            inspected_on=today,
            inspectors=[iw.inspector, iw.inspector2],
            origin="plan",
            plan=plan,
        )
        services.sign(iw.inspector, insp, role="inspector", png=png_data_url())
        services.sign(
            iw.inspector,
            insp,
            role="inspector",
            png=png_data_url(),
            signer=iw.inspector2,
            password="Test@Passw0rd!",
        )
        services.sign(
            iw.inspector,
            insp,
            role="enterprise",
            png=png_data_url(),
            name="负责人",
            id_number=ID_NUMBER,
        )
        services.submit(iw.inspector, insp)
    # A draft does not count.
    services.create_inspection(
        iw.inspector,
        enterprise=iw.general[1],
        inspected_on=today,
        inspectors=[iw.inspector, iw.inspector2],
    )
    p = services.plan_progress(plan, today)
    month = p["months"][today.month - 1]
    assert month == {**month, "target": 3, "done": 2, "met": False}
    assert p["key_done"] == 1 and p["key_total"] == len(key_ids)
    assert p["general_done"] == 1 and p["general_total"] == 6
    assert p["general_pct"] == round(100 / 6, 1)
    assert Inspection.objects.filter(status="submitted").count() == 2
    c = Client()
    c.force_login(iw.inspector)
    html = c.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert "重点检查企业覆盖" in html and f"{p['key_pct']}%" in html
    c.force_login(iw.builder)
    assert c.get(f"/inspections/plans/{plan.pk}/").status_code == 404
