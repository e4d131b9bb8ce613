import django_filters
from django.utils.translation import gettext_lazy as _

from anjian.core.filters import FilterSet

from .models import Notification


class InboxFilter(FilterSet):
    show = django_filters.ChoiceFilter(
        label=_("显示"), choices=[("unread", _("未读"))], method="only", empty_label=_("全部")
    )

    class Meta:
        model = Notification
        fields = ["show"]

    def only(self, qs, name, value):
        return qs.unread() if value == "unread" else qs
