"""Drive a case through its stages (used by several test modules)."""

import re
from datetime import date

from django.apps import apps
from django.db import models

from anjian.enforcement import services


def proposed(world, finding, persons=None, on=None):
    return services.propose_case(
        world.inspector,
        enterprise=finding.inspection.enterprise,
        title="未按规定开展安全生产教育培训案",
        facts="经查，该公司2名新入职操作工未经安全生产教育和培训即上岗作业。",
        findings=[finding],
        persons=persons if persons is not None else [{"name": "张三", "position": "主要负责人"}],
        on=on,
    )


def filed(world, finding, on=None, **kw):
    case = proposed(world, finding, on=on, **kw)
    return services.approve_filing(world.leader, case, approve=True, on=on)


def decided(world, finding, on: date | None = None, fines=None, **kw):
    case = filed(world, finding, on=on, **kw)
    parties = list(case.parties.all())
    fines = fines or {p.kind: (50000 if p.kind == "enterprise" else 0) for p in parties}
    rows = [{"id": p.pk, "fine": fines[p.kind]} for p in parties]
    case = services.propose_decision(world.inspector, case, parties=rows)
    case = services.issue_notice(world.inspector, case, on=on, hearing=False)
    # the party waives 陈述申辩 in writing, so the decision may follow the notice at once
    case = services.record_statement(world.inspector, case, statement="", waived=True)
    return services.approve_decision(world.leader, case, approve=True, decided_on=on)


CJK_RUN = re.compile(r"[\u4e00-\u9fff][\u3000-\u303f\u4e00-\u9fff\uff00-\uffef0-9A-Za-z·\-—]*")
PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef·\-—]+")


def stored_text() -> str:
    """Every text value in the database: Chinese found in it is data, not UI."""
    chunks = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        if fields:
            for row in model._default_manager.values_list(*fields).iterator():
                chunks.extend(str(v) for v in row if v)
    return "\x00".join(chunks)


def chinese_ui(html: str) -> list[str]:
    """Chinese text on a page that is not stored data (what an English page must not show)."""
    body = re.sub(r"<script.*?</script>", "", html.split("<body", 1)[-1], flags=re.S)
    body = body.replace(">中文<", "><")
    data = stored_text()
    texts = re.findall(r">([^<]+)<", body) + re.findall(
        r'(?:title|placeholder|aria-label)="([^"]+)"', body
    )
    return sorted(
        {
            piece
            for text in texts
            for run in CJK_RUN.findall(text)
            for piece in PUNCT.split(run)
            if re.search(r"[\u4e00-\u9fff]", piece) and piece not in data
        }
    )
