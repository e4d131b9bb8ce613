"""`anjian check --deploy`: every department can sign its documents, with real keys."""

from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def signing_check(app_configs, **kwargs):
    from django.db import DatabaseError

    from anjian.accounts.models import Department

    from . import pdfsign

    hint = "见 docs/security.md「文书签章密钥」"
    out = []
    if pdfsign.demo_mode():
        out.append(
            Error(
                "ANJIAN_SIGNING_DEMO=1：缺少密钥的部门会自动获得演示证书，生产环境不得开启",
                id="anjian.E010",
                hint=hint,
            )
        )
    try:
        departments = list(Department.objects.select_related("region"))
    except DatabaseError:  # no database yet: nothing to sign for
        return out
    for dept in departments:
        problem = pdfsign.key_problem(dept)
        if problem:
            out.append(Error(problem, id="anjian.E011", hint=hint))
            continue
        cert = (pdfsign.department_dir(dept) / pdfsign.CERT).read_text(errors="replace")
        chain = (pdfsign.department_dir(dept) / pdfsign.CHAIN).read_text(errors="replace")
        if pdfsign.is_demo_certificate(cert + chain):
            out.append(Error(f"部门“{dept.name}”的签章证书是演示证书", id="anjian.E012", hint=hint))
    return out
