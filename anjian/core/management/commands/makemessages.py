"""Django's makemessages without fuzzy matching: a new msgid never inherits a neighbour's
English (a fuzzy entry is not compiled, so it would silently stay Chinese)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
