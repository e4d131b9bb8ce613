from django import template

register = template.Library()


@register.simple_tag
def unread_count(user) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    from anjian.notifications.models import Notification

    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
