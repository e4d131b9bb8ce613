"""名录库 streamed as CSV: the same rows as the .xlsx, the same scope."""

import csv
import io

from django.http import StreamingHttpResponse
from django.test import Client


def test_tier_list_streams_as_csv(world):
    c = Client()
    c.force_login(world.inspector)
    resp = c.get(f"/enterprises/lists/{world.yjj.pk}/key.csv")
    assert isinstance(resp, StreamingHttpResponse)
    rows = list(csv.reader(io.StringIO(b"".join(resp.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["序号", "企业名称", "行业类别", "主要风险"]
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name[world.food.name][2:] == ["工贸", "液氨制冷"]
    assert [r[0] for r in rows[1:]] == [f"{n:02d}" for n in range(1, len(rows))]
    general = c.get(f"/enterprises/lists/{world.yjj.pk}/general.csv")
    first = next(iter(general.streaming_content)).decode("utf-8-sig")
    assert first.strip() == "序号,企业名称,行业类别,备注"
    assert c.get(f"/enterprises/lists/{world.zjw.pk}/key.csv").status_code == 404
