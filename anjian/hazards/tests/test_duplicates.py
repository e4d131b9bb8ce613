"""H5: an identical hazard still open at the same enterprise is refused, naming the existing
one, unless the reporter marks it a new occurrence (then linked); on-site records link."""

import pytest
from django.core.exceptions import ValidationError

from anjian.hazards import duplicates, services
from anjian.hazards.models import Hazard, HazardStandardCategory

from .conftest import photo


def test_normalize_folds_width_case_space_and_punctuation():
    assert duplicates.normalize(" 配电箱，未接地。 ") == duplicates.normalize("配电箱未接地")
    assert duplicates.normalize("ＡＢＣ　1号") == "abc1号"
    assert duplicates.similar("1号车间配电箱未可靠接地", "1号车间配电箱未可靠接地线")
    assert not duplicates.similar("配电箱未接地", "安全出口堵塞")
    assert not duplicates.similar("未接地", "未接线")  # short texts only when identical


def test_identical_open_hazard_is_refused_naming_the_existing_one(world, make_hazard):
    first = make_hazard(description="1号车间配电箱未接地", location="1号车间")
    before = Hazard.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_hazard(description="1号车间 配电箱未接地。", location="1号车间")
    msg = exc.value.message_dict["description"][0]
    assert f"#{first.pk}" in msg and "新发生的隐患" in msg
    assert Hazard.objects.count() == before  # nothing written


def test_near_identical_text_is_a_duplicate(world, make_hazard):
    make_hazard(description="液氨储罐区未设置泄漏报警装置", location="仓库")
    with pytest.raises(ValidationError):
        make_hazard(description="液氨储罐区未设置泄漏报警装置。。", location="仓库")
    with pytest.raises(ValidationError):
        make_hazard(
            description="液氨储罐区未设置泄露报警装置", location="仓库"
        )  # one character different


def test_same_criterion_same_place_is_a_duplicate_other_place_is_not(world, make_hazard):
    cat = HazardStandardCategory.objects.get(name="有限空间作业")
    c = services.add_criterion(world.inspector, category=cat, number="第十四条第9项", text="…")
    make_hazard(criterion=c, description="污水池未辨识为有限空间", location="污水处理站")
    with pytest.raises(ValidationError) as exc:
        make_hazard(criterion=c, description="污水池作业无审批", location="污水处理站")
    assert "description" in exc.value.message_dict
    other = make_hazard(criterion=c, description="发酵罐作业无审批", location="发酵车间")
    assert other.duplicate_of is None


def test_new_occurrence_is_saved_and_linked(world, make_hazard):
    first = make_hazard(description="安全出口堵塞", location="仓库")
    again = make_hazard(description="安全出口堵塞", new_occurrence=True, location="仓库")
    assert again.duplicate_of == first
    assert again.events.filter(note__contains=f"#{first.pk}").exists()


def test_closed_hazard_is_a_repeat_not_a_duplicate(world, make_hazard):
    first = make_hazard(description="配电箱未接地", location="仓库")
    services.close_immediately(world.inspector, first, note="已接地", files=[photo()])
    again = make_hazard(description="配电箱未接地", location="仓库")
    assert again.duplicate_of is None and again.repeat_of == first


def test_other_enterprise_is_no_duplicate(world, make_hazard):
    make_hazard(description="安全出口堵塞", location="仓库")
    other = make_hazard(enterprise=world.chem, description="安全出口堵塞", location="仓库")
    assert other.duplicate_of is None


def test_government_finding_of_a_self_reported_hazard_is_the_self_report_link(world, make_hazard):
    own = make_hazard(by=world.ent_user, source="self", description="安全出口堵塞", location="仓库")
    found = make_hazard(description="安全出口堵塞", location="仓库")
    assert found.duplicate_of is None and found.self_report == own


def test_on_site_record_links_instead_of_failing(world, make_hazard):
    first = make_hazard(description="安全出口堵塞", location="仓库")
    linked = make_hazard(description="安全出口堵塞", on_duplicate="link", location="仓库")
    assert linked.duplicate_of == first


def test_report_page_refuses_then_accepts_marked_new_occurrence(world, make_hazard, client):
    first = make_hazard(description="安全出口堵塞", location="仓库")
    client.force_login(world.inspector)
    data = {
        "enterprise": world.food.pk,
        "source": "inspection",
        "level": "general",
        "description": "安全出口 堵塞",
        "mode": "deadline",
        "deadline": first.deadline.isoformat(),
        "location": "仓库",
    }
    resp = client.post("/hazards/new/", data)
    assert resp.status_code == 200 and f"#{first.pk}" in resp.content.decode()
    resp = client.post("/hazards/new/", {**data, "new_occurrence": "on"})
    assert resp.status_code == 302
    assert Hazard.objects.filter(duplicate_of=first).count() == 1
