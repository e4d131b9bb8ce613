"""Helpers of the page tests of checklists, campaigns and inspections."""

from django.contrib.messages import get_messages
from django.test import Client

HUGE = "9" * 25  # an id beyond every database's integer range


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def messages_of(resp) -> str:
    """The flash messages a response set, joined."""
    return " ".join(str(m) for m in get_messages(resp.wsgi_request))
