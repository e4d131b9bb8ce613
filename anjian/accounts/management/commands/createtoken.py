from django.core.management.base import BaseCommand, CommandError

from anjian.accounts.models import User
from anjian.accounts.services import issue_token


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print it (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, username, name, **opts):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        self.stdout.write(issue_token(None, user, name))
