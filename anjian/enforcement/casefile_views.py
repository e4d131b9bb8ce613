"""The 电子卷宗 on the case page: its panel, the download and the 归档 transition."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy

from anjian.core.scoping import get_scoped_or_404
from anjian.core.views import TransitionView

from . import casefile
from .models import Case, CaseFile


def case_panel(request, case):
    """The 电子卷宗 section of a closed case (None before 结案)."""
    if case.stage != "closed":
        return None
    archived = CaseFile.objects.filter(case=case).first()
    can_archive = (
        archived is None
        and Case.objects.restrict(request.user, "change").filter(pk=case.pk).exists()
    )
    return {
        "template": "enforcement/_casefile_panel.html",
        "archived": archived,
        "can_archive": can_archive,
    }


@login_required
def casefile_pdf(request, pk):
    case = get_scoped_or_404(Case, request.user, "view", pk=pk)
    try:
        data, digest = casefile.pdf_for_download(request.user, case)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    resp = HttpResponse(data, content_type="application/pdf")
    name = f"电子卷宗{case.number or case.pk}.pdf"
    from django.utils.http import content_disposition_header

    resp["Content-Disposition"] = content_disposition_header(True, name)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["X-Content-SHA256"] = digest
    return resp


class CaseFileArchive(TransitionView):
    model = Case
    service = casefile.archive
    success_message = gettext_lazy("电子卷宗已归档，其 SHA-256 已记入审计记录。")
