from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from anjian.accounts.models import ApiToken
from anjian.audit.services import record


class Command(BaseCommand):
    help = (
        "List API tokens (tokens list [--user U]) or revoke one by id or prefix (tokens revoke X)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "revoke"])
        parser.add_argument("token", nargs="?", help="id or prefix of the token to revoke")
        parser.add_argument("--user", help="only this user's tokens")

    def handle(self, action, token=None, user=None, **opts):
        if action == "list":
            qs = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
            if user:
                qs = qs.filter(user__username__iexact=user)
            for t in qs:
                self.stdout.write(
                    f"{t.pk:>6}  {t.prefix}…  {t.user.username:<16} {t.status():<8} "
                    f"{t.name or '-':<20} 到期 {t.expires_at:%Y-%m-%d}  "
                    f"最近使用 {t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else
                    f"{t.pk:>6}  {t.prefix}…  {t.user.username:<16} {t.status():<8} "
                    f"{t.name or '-':<20} 到期 {t.expires_at:%Y-%m-%d}  最近使用 -"
                )  # fmt: skip
            return
        if not token:
            raise CommandError("tokens revoke 需要令牌编号或前缀")
        match = Q(prefix=token) | (Q(pk=int(token)) if token.isdigit() else Q())
        found = list(ApiToken.objects.filter(match, revoked=False))
        if len(found) != 1:
            raise CommandError(f"找到 {len(found)} 个有效令牌与“{token}”相符（应为 1 个）")
        t = found[0]
        with transaction.atomic():
            ApiToken.objects.filter(pk=t.pk).update(revoked=True, revoked_at=timezone.now())
            record(None, "token.revoke", t, after={"prefix": t.prefix, "user": t.user_id},
                   note="命令行吊销")  # fmt: skip
        self.stdout.write(f"已吊销令牌 {t.prefix}…（{t.user.username}）")
