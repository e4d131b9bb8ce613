"""Issue 15, build point 1: a 双随机 result is published only after the drawn inspections are
done — publishing it before tells the enterprises in advance and defeats 四不两直."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from anjian.inspections import services


def test_draw_result_published_only_after_the_drawn_inspections_are_done(iw):
    """ "Draw results are published only after the drawn inspections are done" — the
    walk-through's result published seven days before the inspections it drew."""
    draw = services.create_draw(
        iw.inspector, title="2023年第二批双随机抽查", inspection_date=date.today(), k=2,
        campaign=iw.campaign, seed="invariant-seed",
    )  # fmt: skip
    drawn = list(draw.inspections.order_by("pk"))
    assert len(drawn) == 2 and all(i.status == "draft" for i in drawn)
    with pytest.raises(ValidationError) as exc:
        services.publish_draw(iw.inspector, draw)
    msg = " ".join(exc.value.message_dict["published_at"])
    assert "2项检查尚未完成" in msg and "四不两直" in msg and drawn[0].enterprise.name in msg
    draw.refresh_from_db()
    assert draw.published_at is None
    assert Client().get(f"/inspections/public/draws/{draw.pk}/").status_code == 404
    # one inspection done, one still open: still refused, naming the open one
    type(drawn[0]).objects.filter(pk=drawn[0].pk).update(
        status="submitted", submitted_at=timezone.now()
    )
    with pytest.raises(ValidationError) as exc:
        services.publish_draw(iw.inspector, draw)
    msg = " ".join(exc.value.message_dict["published_at"])
    assert "1项检查尚未完成" in msg and drawn[1].enterprise.name in msg
    type(drawn[1]).objects.filter(pk=drawn[1].pk).update(
        status="submitted", submitted_at=timezone.now()
    )
    draw = services.publish_draw(iw.inspector, draw)
    assert draw.published_at is not None
    assert Client().get(f"/inspections/public/draws/{draw.pk}/").status_code == 200
