"""Rules that apps above inspections apply when an inspection is created (涉企行政检查:
`visits` registers the yearly limit and the cross-department check). Each rule has
`problems(by, **facts) -> dict` (errors by field, collected with the form's other errors) and
`started(by, inspection)`, called in the creating transaction (it may re-check under a lock
and raise ValidationError, which undoes the creation). A rule may also have
`draw_exclusions(department, candidates, on) -> {enterprise id: reason}`: the enterprises a
双随机 draw for `on` must leave out (candidates: the draw's rows, each with its `id` and
`town` code), so that a draw never assigns an inspection the rule would refuse."""

RULES: list = []


def register(rule) -> None:
    if not any(type(r) is type(rule) for r in RULES):
        RULES.append(rule)


def problems(by, **facts) -> dict:
    errors: dict = {}
    for rule in RULES:
        for field, messages in (rule.problems(by, **facts) or {}).items():
            errors.setdefault(field, [])
            errors[field] += messages if isinstance(messages, list) else [messages]
    return errors


def started(by, inspection) -> None:
    for rule in RULES:
        rule.started(by, inspection)


def draw_exclusions(department, candidates: list[dict], on) -> dict[int, str]:
    out: dict[int, str] = {}
    for rule in RULES:
        exclude = getattr(rule, "draw_exclusions", None)
        for ent_id, reason in (
            (exclude(department, candidates, on) if exclude else None) or {}
        ).items():
            out.setdefault(ent_id, reason)
    return out
