"""`anjian check --deploy`: the deployment checks of Django plus Anjian's own keys."""

from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def keys_check(app_configs, **kwargs):
    from .keys import problems

    return [Error(p, id="anjian.E001", hint="见 docs/security.md「密钥」") for p in problems()]
