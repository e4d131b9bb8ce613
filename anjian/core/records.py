"""执法全过程记录 (行政处罚法第四十七条): the check any app calls before it completes a step.

`require_av_record(obj, step)` refuses (ValidationError on the field "media") when the step of
`obj` (a case, an inspection, or a record with a `case`) needs an audio-video record and has
none: 查封扣押 always (行政强制法第十八条), the other steps when the department lists them. The
`records` app sits above the apps that call it and registers the check here (its `ready()`), so
`enforcement` or `inspections` can call it without importing that app.
"""

from django.utils.translation import gettext_noop

# The steps a record attaches to; labels stay Chinese (translated where shown).
STEPS = [
    ("inspection", gettext_noop("现场检查")),
    ("investigation", gettext_noop("调查取证")),
    ("seizure", gettext_noop("查封扣押")),
    ("hearing", gettext_noop("听证")),
    ("service", gettext_noop("送达")),
    ("execution", gettext_noop("执行")),
]
ALWAYS_REQUIRED = ("seizure",)

_CHECKS: list = []


def register(check) -> None:
    """`check(obj, step)` returns why the step cannot be completed (None: it can)."""
    if check not in _CHECKS:
        _CHECKS.append(check)


def missing_av_record(obj, step: str) -> str | None:
    """Why `step` of `obj` lacks its required audio-video record, in the user's language."""
    if step not in dict(STEPS):
        raise ValueError(f"unknown step {step!r}")
    for check in _CHECKS:
        problem = check(obj, step)
        if problem:
            return problem
    return None


def require_av_record(obj, step: str) -> None:
    """Refuse (ValidationError on "media") to complete a step that lacks its record."""
    from django.core.exceptions import ValidationError

    problem = missing_av_record(obj, step)
    if problem:
        raise ValidationError({"media": problem})
