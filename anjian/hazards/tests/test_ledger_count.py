"""The ledger counts at most CAP + 1 rows: the pages are the same, the total above CAP is shown
as “超过 CAP 项”."""

import re

from django.test import Client

from anjian.hazards.models import Hazard
from anjian.hazards.views import LedgerPaginator

ROW = re.compile(r'<a href="/hazards/(\d+)/">')


def ids_on(html):
    return [int(x) for x in ROW.findall(html)]


def test_capped_count_keeps_the_pages(world, make_hazard, monkeypatch):
    made = [make_hazard(description=f"隐患{n}") for n in range(7)]
    c = Client()
    c.force_login(world.inspector)

    # Without the cap: exact total, every row over the pages (50 per page → one page).
    full = c.get("/hazards/")
    assert full.context["page"].paginator.count == 7 and not full.context["page"].paginator.capped
    assert '共 <strong id="total">7</strong> 项' in full.content.decode()
    expected = ids_on(full.content.decode())
    assert sorted(expected) == sorted(h.pk for h in made)

    monkeypatch.setattr(LedgerPaginator, "CAP", 3)
    monkeypatch.setattr(LedgerPaginator, "__init__", _small_pages(LedgerPaginator.__init__))
    capped = c.get("/hazards/")
    p = capped.context["page"].paginator
    assert p.capped and p.count == 4 and p.num_pages == 2
    html = capped.content.decode()
    assert '超过 <strong id="total" data-capped="1">3</strong> 项' in html
    # The rows are the newest first, as without the cap; page 2 holds row CAP + 1.
    page1 = ids_on(html)
    page2 = ids_on(c.get("/hazards/?page=2").content.decode())
    assert page1 + page2 == expected[:4]

    # A filter that matches fewer rows than the cap shows its exact total.
    Hazard.objects.filter(pk__in=[h.pk for h in made[:2]]).update(level="major")
    few = c.get("/hazards/?level=major")
    assert few.context["page"].paginator.count == 2 and not few.context["page"].paginator.capped


def _small_pages(init):
    def wrapped(self, object_list, per_page, *a, **kw):
        init(self, object_list, 2, *a, **kw)

    return wrapped
