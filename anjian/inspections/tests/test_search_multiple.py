"""Several people picked by search (core.forms.SearchSelectMultiple): the team and experts of a
new inspection render as a plain <select multiple> the script turns into chips and type-ahead,
post as ids, and the lookups behind them stay in the user's county."""

from datetime import date, timedelta

from django import forms

from anjian.accounts.models import Department, Role, User
from anjian.checklists.tests.helpers import client
from anjian.core.forms import SearchSelectMultiple
from anjian.inspections.models import Inspection
from anjian.testing import make_user


def _found(c, name, q) -> list[int]:
    return [r["id"] for r in c.get(f"/lookup/{name}/", {"q": q}).json()["results"]]


def test_team_widget_renders_and_posts(iw):
    c = client(iw.inspector)
    html = c.get("/inspections/new/").content.decode()
    assert 'class="search-multi" data-lookup="/lookup/inspector/"' in html
    assert 'data-lookup="/lookup/expert/"' in html
    # without script: a plain multiple select of the team the form offers
    assert '<select name="inspectors" multiple class="search-multi-value"' in html
    assert f'value="{iw.inspector2.pk}"' in html and 'name="inspectors" value=' not in html
    data = {
        "enterprise": iw.general[0].pk,
        "inspected_on": date.today().isoformat(),
        "inspectors": [iw.inspector.pk, iw.inspector2.pk],
        "experts": [iw.expert.pk],
        "origin": "adhoc",
    }
    resp = c.post("/inspections/new/", data)
    insp = Inspection.objects.get()
    assert resp.status_code == 302
    team = set(insp.team.values_list("user_id", flat=True))
    assert {iw.inspector.pk, iw.inspector2.pk, iw.expert.pk} <= team
    # the form sent back keeps the chosen people selected (the chips are drawn from them)
    resp = c.post("/inspections/new/", {**data, "inspectors": [iw.inspector.pk]})
    html = resp.content.decode()
    assert resp.status_code == 200 and "检查组至少需要两名持有效执法证的执法人员" in html
    assert f'<option value="{iw.inspector.pk}" selected>' in html


def test_people_lookups_stay_in_the_county(iw):
    far = Department.objects.create(code="cs-yjj", name="船山区应急管理局", short_name="船山应急局",
                                    region=iw.other_county)  # fmt: skip
    stranger = make_user("csyjj", Role.INSPECTOR, department=far, region=iw.other_county,
                         full_name="白马外县", cert_no="川执9999",
                         cert_expiry=date.today() + timedelta(days=90))  # fmt: skip
    c = client(iw.inspector)
    found = _found(c, "inspector", "yjj")
    assert iw.inspector.pk in found and iw.inspector2.pk in found
    assert stranger.pk not in _found(c, "inspector", "csyjj")
    assert _found(c, "inspector", "川执9999") == []
    assert iw.expert.pk not in found  # experts are their own lookup
    assert set(_found(c, "expert", "expert")) == {iw.expert.pk, iw.expert2.pk}
    assert _found(c, "town", "永兴") == []  # the other county's town
    assert iw.baima.pk in _found(c, "town", "白马")
    assert _found(client(iw.ent_user), "inspector", "yjj") == []
    assert _found(client(stranger), "inspector", "yjj") == []


class _Pick(forms.Form):
    people = forms.ModelMultipleChoiceField(
        User.objects.none(), widget=SearchSelectMultiple("inspector", max_options=1)
    )


def test_a_long_list_sends_only_the_chosen_and_resolves_typed_names_without_script(iw):
    pool = User.objects.filter(role__in=(Role.INSPECTOR, Role.DEPT_LEADER)).order_by("pk")
    form = _Pick(initial={"people": [iw.inspector2.pk]})
    form.fields["people"].queryset = pool
    html = str(form["people"])
    assert f'value="{iw.inspector2.pk}"' in html and f'value="{iw.leader.pk}"' not in html
    assert 'data-partial="1"' in html and 'name="people__q"' in html
    form = _Pick({"people": [iw.inspector.pk], "people__q": "yjj2\n\n"})
    form.fields["people"].queryset = pool
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["people"]) == {iw.inspector, iw.inspector2}
    form = _Pick({"people__q": "yjj"})  # several match: the field says which text failed
    form.fields["people"].queryset = pool
    assert not form.is_valid() and "yjj" in str(form.errors["people"])
