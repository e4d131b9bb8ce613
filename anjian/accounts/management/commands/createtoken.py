from django.core.management.base import BaseCommand, CommandError

from anjian.accounts.models import ApiToken, User
from anjian.accounts.services import issue_token


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print it (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")
        parser.add_argument("--days", type=int, default=ApiToken.DEFAULT_DAYS)

    def handle(self, username, name, days, **opts):
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        self.stdout.write(issue_token(None, user, name, days))
