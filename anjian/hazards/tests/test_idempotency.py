"""Issue 14: a form sent twice with its key is done once (double click, resend, retry)."""

from django.test import Client

from anjian.hazards.models import Disposal


def _post(c, h, key):
    return c.post(f"/hazards/{h.pk}/dispose/", {"option": "deadline", "note": "责令限期整改",
                                                 "_idem": key})  # fmt: skip


def test_the_same_key_twice_gives_one_record(world, make_hazard):
    h = make_hazard()
    c = Client()
    c.force_login(world.inspector)
    first = _post(c, h, "k" * 32)
    assert first.status_code == 302
    again = [_post(c, h, "k" * 32) for _ in range(7)]
    assert all(r.status_code == 302 and r["Location"] == first["Location"] for r in again)
    assert Disposal.objects.filter(hazard=h).count() == 1
    follow = c.get(again[-1]["Location"]).content.decode()
    assert "该表单已提交过，未重复办理" in follow
    assert _post(c, h, "n" * 32).status_code == 302  # a new key is a new submission
    assert Disposal.objects.filter(hazard=h).count() == 2


def test_a_refused_submission_does_not_use_up_its_key(world, make_hazard):
    h = make_hazard()
    c = Client()
    c.force_login(world.inspector)
    bad = c.post(f"/hazards/{h.pk}/dispose/", {"option": "no-such", "_idem": "r" * 32})
    assert bad.status_code == 400
    assert _post(c, h, "r" * 32).status_code == 302
    assert Disposal.objects.filter(hazard=h).count() == 1


def test_keys_are_per_user(world, make_hazard):
    from anjian.conftest import make_user

    h = make_hazard()
    other = make_user("yjj9", "inspector", department=world.yjj, region=world.county,
                      cert_no="川执9", cert_expiry=world.inspector.cert_expiry)  # fmt: skip
    a, b = Client(), Client()
    a.force_login(world.inspector)
    b.force_login(other)
    _post(a, h, "s" * 32)
    _post(b, h, "s" * 32)
    assert Disposal.objects.filter(hazard=h).count() == 2
