"""The generic pages every app is built from: list, detail, edit and transition.

- `ObjectListView`: a scoped queryset (`restrict(user, action)`), a declarative `FilterSet`
  bound to the query string and a declarative `Table`, paginated.
- `ObjectDetailView`: one scoped record and its page.
- `ObjectEditView`: a form whose cleaned data goes to a create or update service.
- `TransitionView`: one state change: permission, form, service call, message, redirect.

Each reads its records only through `restrict()`, so no page can forget the scope; an
out-of-scope id is a 404. Errors from a service (`ValidationError`, `ConflictError`) land on
the form, naming the field; nothing here writes to the database itself.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from .forms import VersionForm, apply_errors, error_text, on_record
from .lookups import LOOKUPS, results
from .models import IdempotencyKey
from .scoping import get_scoped_or_404
from .services import ConflictError
from .tables import CappedPaginator


class ScopedMixin(LoginRequiredMixin):
    """Records of `model` that the user may see (or change: `action`)."""

    model = None
    action = "view"

    def base_queryset(self):
        """The unscoped queryset to read from (select_related and the like)."""
        if self.model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a model")
        return self.model.objects.all()

    def get_queryset(self):
        return self.base_queryset().restrict(self.request.user, self.action)

    def check_permission(self, obj=None) -> None:
        """Raise PermissionDenied when the user may not use this page at all."""

    def get_object(self):
        return get_scoped_or_404(
            self.base_queryset(), self.request.user, self.action, pk=self.kwargs["pk"]
        )


class ObjectListView(ScopedMixin, View):
    """A filtered, paginated table of the user's records."""

    bound_form = None  # a form of the page sent back with errors (ObjectEditView.page_view)

    filterset_class = None
    table_class = None
    table_id = None
    template_name = "core/object_list.html"
    title = ""
    per_page = 50
    paginator_class = CappedPaginator

    def get(self, request, *args, **kwargs):
        self.check_permission()
        qs = self.get_queryset()
        status = 200
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(request.GET or None, qs, request=request)
            if filterset.is_bound and not filterset.is_valid():
                status = 400
                qs = qs.none()
            else:
                qs = filterset.qs
        qs = self.refine(qs)
        table = self.table_class(qs, table_id=self.table_id)
        paginate = (
            {"per_page": self.per_page, "paginator_class": self.paginator_class}
            if self.paginator_class is not None
            else False
        )
        RequestConfig(request, paginate=paginate).configure(table)
        params = request.GET.copy()
        params.pop("page", None)
        ctx = {
            "title": self.title,
            "table": table,
            "page": getattr(table, "page", None),
            "filter": filterset,
            "f": request.GET,
            "querystring": params.urlencode(),
            "cap": getattr(self.paginator_class, "CAP", None),
            "actions": self.get_actions(),
        }
        ctx.update(self.get_context_data(ctx))
        return render(request, self.template_name, ctx, status=status)

    def refine(self, qs):
        """Ordering and joins after filtering (the table's rows)."""
        return qs

    def get_actions(self) -> list[tuple[str, str]]:
        """Buttons above the list: (label, url)."""
        return []

    def get_context_data(self, ctx) -> dict:
        return {}


class ObjectDetailView(ScopedMixin, View):
    """One record's page; `get_context(obj, bound=None)` adds what the page shows."""

    bound_form = None

    template_name = None

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check_permission(obj)
        return self.render(obj)

    def render(self, obj, bound=None, status=200):
        """The page, optionally with one bound form (name, form) that a transition sent back."""
        ctx = {"object": obj, **self.get_context(obj, bound=bound)}
        if bound:
            ctx["error_form"] = bound[0]
        return render(self.request, self.template_name, ctx, status=status)

    def get_context(self, obj, bound=None) -> dict:
        return {}


class Repeat:
    """The answer to a form sent again with a key already used: where its first result is."""

    def __init__(self, location: str):
        self.location = location


def idempotency_key(request) -> str:
    key = request.POST.get("_idem") or request.headers.get("Idempotency-Key") or ""
    key = key.strip()[:64]
    return key if len(key) >= 16 and request.user.is_authenticated else ""


class ServiceFormMixin:
    """Maps a form's cleaned data onto a service call's keyword arguments."""

    # form field -> service keyword (the hidden `version` becomes `expected_version`)
    rename = {"version": "expected_version"}
    success_message = ""

    def _fn(self, name):
        """A service given as a class attribute or to as_view() (never bound as a method)."""
        fn = self.__dict__.get(name) or getattr(type(self), name, None)
        if fn is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs {name}")
        return fn

    def service_kwargs(self, form) -> dict:
        data = dict(form.cleaned_data)
        return {self.rename.get(k, k): v for k, v in data.items()}

    def run_service(self, form, call):
        """Run the service once per idempotency key; on refusal put its errors on the form and
        return (None, status). A key seen before returns (Repeat(location), None)."""
        key = idempotency_key(self.request)
        if key:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        slot = IdempotencyKey.objects.create(
                            user=self.request.user, key=key, path=self.request.path[:200]
                        )
                except IntegrityError:
                    prior = IdempotencyKey.objects.filter(user=self.request.user, key=key).first()
                    return Repeat(prior.location if prior else ""), None
                result, status = self._call(form, call)
                if status:
                    slot.delete()  # refused: the user may correct the form and send it again
                else:
                    self._idem_slot = slot
                return result, status
        return self._call(form, call)

    def _call(self, form, call):
        try:
            return call(), None
        except ConflictError as exc:
            form.add_error(None, str(exc))
            return None, 409
        except ValidationError as exc:
            apply_errors(form, exc)
            return None, 400

    def repeat(self, prior: Repeat):
        messages.info(self.request, _("该表单已提交过，未重复办理。"))
        return HttpResponseRedirect(prior.location or self.request.path)

    def success(self, obj):
        message = self.get_success_message(obj)
        if message:  # `success_message`, or what an overridden get_success_message says
            messages.success(self.request, message)
        url = self.get_success_url(obj)
        slot = getattr(self, "_idem_slot", None)
        if slot is not None:
            IdempotencyKey.objects.filter(pk=slot.pk).update(location=str(url)[:300])
        return HttpResponseRedirect(url)

    def get_success_message(self, obj) -> str:
        return str(self.success_message)

    def get_success_url(self, obj) -> str:
        return obj.get_absolute_url()


class RecordErrorsMixin:
    """Put before a ServiceFormMixin view: a service error about a field the form does not
    show is shown as an error of the record without the field's name (core.forms.on_record).
    `service_errors` may route errors further (onto formset rows, another field)."""

    def service_errors(self, form, exc: ValidationError) -> ValidationError:
        return on_record(form, exc)

    def run_service(self, form, call):
        def run():
            try:
                return call()
            except ValidationError as exc:
                raise self.service_errors(form, exc) from exc

        return super().run_service(form, run)


class ObjectEditView(ServiceFormMixin, ScopedMixin, View):
    """Create (no pk) or edit (pk) a record through its services.

    `create(user, **data)` and `update(user, obj, expected_version=…, **data)` are the
    services; the form is built with the user and, for an edit, the instance."""

    action = "change"
    form_class = None
    template_name = "core/object_form.html"
    create_service = None
    update_service = None
    title = ""
    # a page (ObjectListView / ObjectDetailView class) that shows this form inside it: a form
    # sent back with errors is shown there, as `bound_form`, instead of on a page of its own
    page_view = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object() if "pk" in kwargs else None
        self.check_permission(self.object)
        return super().dispatch(request, *args, **kwargs)

    def form_kwargs(self) -> dict:
        """Further keyword arguments of the form (what the page knows: a parent record)."""
        return {}

    def get_form(self):
        kwargs = {"user": self.request.user, **self.form_kwargs()}
        if self.object is not None:
            kwargs["instance"] = self.object
        if self.request.method == "POST":
            return self.form_class(self.request.POST, self.request.FILES, **kwargs)
        return self.form_class(initial=self.get_initial(), **kwargs)

    def get_initial(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        """A form sent back with errors, a refusal or a stale edit answers 200 with the form and
        its messages (the page is the answer; the API answers 422 or 409)."""
        form = self.get_form()
        if not form.is_valid():
            return self.render(form)
        data = self.service_kwargs(form)
        if self.object is None:
            data.pop("expected_version", None)
            obj, status = self.run_service(
                form, lambda: self._fn("create_service")(request.user, **data)
            )
        else:
            obj, status = self.run_service(
                form, lambda: self._fn("update_service")(request.user, self.object, **data)
            )
        if status:
            return self.render(form)
        if isinstance(obj, Repeat):
            return self.repeat(obj)
        return self.success(obj)

    def get_title(self) -> str:
        return str(self.title)

    def get_context_data(self, form) -> dict:
        return {}

    def render(self, form, status=200):
        if self.page_view is not None:
            view = self.page_view(bound_form=form)
            view.setup(self.request, *self.args, **self.kwargs)
            return view.get(self.request, *self.args, **self.kwargs)
        ctx = {"form": form, "object": self.object, "title": self.get_title()}
        ctx.update(self.get_context_data(form))
        return render(self.request, self.template_name, ctx, status=status)


class TransitionView(ServiceFormMixin, ScopedMixin, View):
    """One state change of one record, posted from its page.

    The record is read through `restrict(user, action)`, `check_permission` may refuse, the
    form parses the input, `service(user, obj, **kwargs)` does the change (and its own checks,
    write and audit), a message says what was done, and the user returns to the record's page.
    A refusal sends the page back with the form's errors: on the record's page itself when
    `detail_view` is given (the form shown where it was filled in), else as a message.
    """

    http_method_names = ["post"]
    action = "change"
    form_class = VersionForm
    service = None
    name = ""
    detail_view = None  # an ObjectDetailView subclass that can show a bound form

    def get_form(self, obj):
        return self.form_class(self.request.POST, self.request.FILES, **self.form_kwargs(obj))

    def form_kwargs(self, obj) -> dict:
        return {}

    def perform(self, obj, form):
        return self._fn("service")(self.request.user, obj, **self.service_kwargs(form))

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check_permission(obj)
        form = self.get_form(obj)
        status = 400
        if form.is_valid():
            result, status = self.run_service(form, lambda: self.perform(obj, form))
            if isinstance(result, Repeat):
                return self.repeat(result)
            if not status:
                return self.success(result if result is not None else obj)
        return self.form_invalid(obj, form, status)

    def form_invalid(self, obj, form, status):
        if self.detail_view is not None:
            view = self.detail_view()
            view.setup(self.request, *self.args, **self.kwargs)
            return view.render(view.get_object(), bound=(self.name, form), status=status)
        messages.error(self.request, error_text(form) or _("操作未完成"))
        return HttpResponseRedirect(self.get_error_url(obj))

    def get_success_url(self, obj) -> str:
        return self.get_error_url(obj)

    def get_error_url(self, obj) -> str:
        return obj.get_absolute_url()


def get_or_post(get, post):
    """One URL whose GET shows a page and whose POST is that page's own form, handled by
    another generic view (a TransitionView, or an ObjectEditView that creates)."""

    def view(request, *args, **kwargs):
        if request.method == "POST":
            return post(request, *args, **kwargs)
        return get(request, *args, **kwargs)

    return view


def lookup(request, name):
    """Search-as-you-type results (JSON) for `core.forms.SearchSelect`, in the user's scope."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("请先登录")}, status=401)
    if name not in LOOKUPS:
        raise Http404
    return JsonResponse({"results": results(name, request.user, request.GET.get("q", ""))})


def require(condition: bool, message=None) -> None:
    if not condition:
        raise PermissionDenied(message or _("无权执行此操作"))
