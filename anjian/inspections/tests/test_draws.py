"""I2 双随机: avoidance rules, reproducibility, verify-draw, publication."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from anjian.accounts.models import Role
from anjian.conftest import make_user
from anjian.inspections import algorithm, services
from anjian.inspections.models import Draw, Inspection
from anjian.testing import ID_NUMBER

from .conftest import finish_drawn, png_data_url

TODAY = date.today()


def person(i, home="", expiry=None, cert="川执"):
    return {
        "id": i,
        "name": f"p{i}",
        "cert_no": cert,
        "cert_expiry": (expiry or TODAY + timedelta(days=100)).isoformat(),
        "home_town": home,
    }


def ent(i, town="510904101000", last=()):
    return {"id": i, "name": f"e{i}", "town": town, "last_inspectors": list(last)}


def run(seed, candidates, pool, k=1, **rules):
    return algorithm.run_draw(
        seed=str(seed),
        candidates=candidates,
        pool=pool,
        rules={"avoid_last": True, **rules},
        k=k,
        team_size=2,
        day=TODAY,
    )


def chosen(seeds, candidates, pool, **rules):
    out = set()
    for s in seeds:
        for a in run(s, candidates, pool, **rules)["assignments"]:
            out.update(a["inspectors"])
    return out


def test_same_seed_same_result_and_different_seeds_differ():
    cands = [ent(i) for i in range(1, 50)]
    pool = [person(i) for i in range(1, 8)]
    a = run("abc", cands, pool, k=5)
    assert a == run("abc", list(reversed(cands)), list(reversed(pool)), k=5)  # order-independent
    assert len({str(run(s, cands, pool, k=5)["assignments"]) for s in range(10)}) > 1
    for x in a["assignments"]:
        assert len(set(x["inspectors"])) == 2


def test_avoidance_cross_town_home_town():
    cands = [ent(1, town="510904101000")]
    pool = [person(1, home="510904101000"), person(2, home="510904001000"), person(3), person(4)]
    # Without the 异地互查 rule the local inspector is drawn for some seed …
    assert 1 in chosen(range(40), cands, pool)
    # … with it, never.
    assert 1 not in chosen(range(40), cands, pool, cross_town=True)


def test_avoidance_last_inspector():
    pool = [person(i) for i in range(1, 5)]
    assert {1, 2} & chosen(range(40), [ent(1)], pool, avoid_last=False)
    assert not {1, 2} & chosen(range(40), [ent(1, last=[1, 2])], pool)


def test_avoidance_certificate_valid_on_inspection_date():
    pool = [person(1, expiry=TODAY - timedelta(days=1)), person(2, cert=""), person(3), person(4)]
    assert chosen(range(40), [ent(1)], pool) == {3, 4}


def test_enterprise_without_enough_eligible_inspectors_is_skipped():
    pool = [person(1, home="510904101000"), person(2), person(3)]
    cands = [ent(1, town="510904101000", last=[2]), ent(2, town="510904001000")]
    r = run("s", cands, pool, k=2, cross_town=True)
    assert [a["enterprise"] for a in r["assignments"]] == [2]
    assert r["skipped"][0]["enterprise"] == 1


@pytest.fixture
def drawn(iw):
    return services.create_draw(
        iw.inspector,
        title="2023年第一批双随机抽查",
        inspection_date=TODAY,
        k=3,
        campaign=iw.campaign,
        seed="published-seed-1",
    )


def test_draw_uses_general_list_and_creates_draft_inspections(iw, drawn):
    general_ids = {e.pk for e in iw.general}
    picked = [a["enterprise"] for a in drawn.result["assignments"]]
    assert len(picked) == 3 and set(picked) <= general_ids
    assert {c["id"] for c in drawn.candidates} == general_ids  # 重点 enterprises not drawn
    pool_ids = {p["id"] for p in drawn.pool}
    assert iw.expired.pk in pool_ids  # in the published pool, but never assigned
    for insp in Inspection.objects.filter(draw=drawn):
        team = {m.user_id for m in insp.team.all()}
        assert len(team) == 2 and iw.expired.pk not in team
        assert insp.status == "draft" and "random" in insp.modes
        assert insp.checklist == iw.template


def test_draw_by_town_and_sector_filters(iw):
    d = services.create_draw(
        iw.inspector,
        title="白马镇抽查",
        inspection_date=TODAY,
        k=5,
        town=iw.baima,
        seed="x",
        create_inspections=False,
    )
    assert {c["name"][:2] for c in d.candidates} == {"白马"}


def test_cross_town_draw_with_per_draw_home_town_mapping(iw):
    mapping = {str(iw.inspector.pk): "510904101000", str(iw.inspector2.pk): "510904101000"}
    extra = make_user(
        "yjj4",
        Role.INSPECTOR,
        department=iw.yjj,
        region=iw.county,
        cert_no="川执9",
        cert_expiry=TODAY + timedelta(days=30),
    )
    extra2 = make_user(
        "yjj5",
        Role.INSPECTOR,
        department=iw.yjj,
        region=iw.rougang,
        cert_no="川执8",
        cert_expiry=TODAY + timedelta(days=30),
    )
    d = services.create_draw(
        iw.inspector,
        title="镇街互查",
        inspection_date=TODAY,
        k=6,
        cross_town=True,
        home_towns=mapping,
        seed="hucha",
    )
    homes = {p["id"]: p["home_town"] for p in d.pool}
    assert homes[iw.inspector.pk] == "510904101000"
    assert homes[extra2.pk] == "510904001000"  # a town-level user's own region
    for a in d.result["assignments"]:
        for uid in a["inspectors"]:
            assert homes[uid] != a["town"]
    assert extra.pk in homes


def test_next_draw_avoids_last_inspectors(iw, drawn):
    insp = Inspection.objects.filter(draw=drawn).first()
    services.record_results(iw.inspector, insp, {i.pk: "na" for i in iw.items})
    team = [m.user for m in insp.team.all()]
    for u in team:
        services.sign(
            team[0] if team[0] == iw.inspector or team[0] == u else team[0],
            insp,
            role="inspector",
            png=png_data_url(),
            signer=u,
            password="Test@Passw0rd!",
        )
    services.sign(
        team[0], insp, role="enterprise", png=png_data_url(), name="厂长", id_number=ID_NUMBER
    )
    services.submit(team[0], insp)
    cands = services.draw_candidates(iw.yjj)
    row = next(c for c in cands if c["id"] == insp.enterprise_id)
    assert sorted(row["last_inspectors"]) == sorted(u.pk for u in team)


def test_verify_draw_reproduces(drawn, capsys):
    call_command("verify-draw", str(drawn.pk))
    out = capsys.readouterr().out
    assert "一致" in out and drawn.seed in out


def test_verify_draw_detects_changed_result(drawn):
    result = drawn.result
    a = result["assignments"][0]
    others = [p["id"] for p in drawn.pool if p["id"] not in a["inspectors"]]
    a["inspectors"] = [a["inspectors"][0], others[0]]
    Draw.objects.filter(pk=drawn.pk).update(result=result)
    with pytest.raises(CommandError) as exc:
        call_command("verify-draw", str(drawn.pk))
    assert "不一致" in str(exc.value)


def test_verify_draw_detects_changed_pool(iw, drawn):
    pool = [dict(p) for p in drawn.pool]
    pool[0]["cert_expiry"] = "2000-01-01"
    Draw.objects.filter(pk=drawn.pk).update(pool=pool)
    check = services.verify_draw(Draw.objects.get(pk=drawn.pk))
    assert not check.ok and "输入被修改" in check.problems[0]


def test_verify_draw_detects_swapped_team_member(iw, drawn):
    insp = Inspection.objects.filter(draw=drawn).first()
    m = insp.team.first()
    spare = next(p["id"] for p in drawn.pool if p["id"] not in {x.user_id for x in insp.team.all()})
    type(m).objects.filter(pk=m.pk).update(user_id=spare)
    check = services.verify_draw(drawn)
    assert not check.ok and any("检查任务" in p for p in check.problems)


def test_verify_draw_unknown_id(db):
    with pytest.raises(CommandError):
        call_command("verify-draw", "999999")


def test_draw_needs_enough_inspectors(iw):
    with pytest.raises(ValidationError) as exc:
        services.create_draw(iw.inspector, title="t", inspection_date=TODAY, k=1, team_size=1)
    assert "至少安排两名执法人员" in exc.value.message_dict["team_size"][0]


def test_public_page_only_after_publication(iw, drawn):
    anon = Client()
    assert anon.get(f"/inspections/public/draws/{drawn.pk}/").status_code == 404
    finish_drawn(drawn)
    services.publish_draw(iw.inspector, drawn)
    resp = anon.get(f"/inspections/public/draws/{drawn.pk}/")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert drawn.seed in html
    for a in drawn.result["assignments"]:
        assert a["name"] in html
    assert iw.inspector2.display_name in html or iw.inspector.display_name in html
    assert drawn.title in anon.get("/inspections/public/draws/").content.decode()
    data = anon.get(f"/inspections/public/draws/{drawn.pk}/inputs.json").json()
    again = algorithm.run_draw(
        seed=data["seed"],
        candidates=data["candidates"],
        pool=data["pool"],
        rules=data["rules"],
        k=data["k"],
        team_size=data["team_size"],
        day=data["date"],
    )
    assert again == data["result"]


def test_other_department_cannot_see_draw(iw, drawn):
    c = Client()
    c.force_login(iw.builder)
    assert c.get(f"/inspections/draws/{drawn.pk}/").status_code == 404
    assert c.get(f"/api/inspections/draws/{drawn.pk}").status_code == 404


def test_digest_with_preserialised_candidates_is_the_full_canonical_digest():
    import hashlib

    cands = [ent(i, last=[7] if i == 3 else ()) for i in range(1, 30)]
    cands[4]["name"] = '名称含"candidates":null'
    pool = [person(i) for i in range(1, 5)]
    args = dict(seed="s", pool=pool, rules={"avoid_last": True}, k=3, team_size=2, day="2026-05-01")
    full = {"algorithm": algorithm.ALGORITHM, "candidates": cands, "date": "2026-05-01"}
    full.update({"k": 3, "pool": pool, "rules": {"avoid_last": True}, "seed": "s"})
    full["team_size"] = 2
    expected = hashlib.sha256(algorithm.canonical(full).encode()).hexdigest()
    assert algorithm.input_digest(candidates=cands, **args) == expected
    fast = algorithm.input_digest(
        candidates=cands, candidates_json=algorithm.canonical(cands), **args
    )
    assert fast == expected
    assert algorithm.input_digest(candidates=cands[:-1], **args) != expected


def test_stored_candidates_equal_the_list_drawn_from(iw, drawn):
    stored = Draw.objects.get(pk=drawn.pk)
    assert stored.candidates == services.draw_candidates(iw.yjj)
    assert [c["id"] for c in stored.candidates] == sorted(e.pk for e in iw.general)
    assert services.verify_draw(stored).ok
