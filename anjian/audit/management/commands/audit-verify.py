from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from anjian.audit.services import verify
from anjian.core.keys import refuse_weak_keys


class Command(BaseCommand):
    help = (
        "Verify every audit chain against ANJIAN_AUDIT_KEY and the anchors "
        "(ANJIAN_AUDIT_ANCHORS); exits non-zero if an entry was altered, removed or re-chained."
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchors", help="an anchors file other than ANJIAN_AUDIT_ANCHORS")

    def handle(self, *args, anchors=None, **opts):
        try:
            refuse_weak_keys("anjian audit-verify")
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        from anjian.audit.services import read_anchors

        result = verify(anchors=read_anchors(anchors) if anchors else None)
        chains = "，".join(f"{c}：{n} 条" for c, n in sorted(result.chains.items()))
        if result.ok:
            self.stdout.write(
                f"审计链完整：{result.checked} 条记录校验通过（{chains or '无记录'}；"
                f"对照锚点 {result.anchors} 个）。"
            )
            if result.legacy:
                self.stdout.write(
                    f"其中 {result.legacy} 条为启用密钥签名之前的记录（仅 SHA-256）。"
                )
            return
        for p in result.problems:
            self.stdout.write(p)
        raise CommandError(
            f"审计链被篡改：发现 {len(result.problems)} 处问题（共校验 {result.checked} 条）。"
        )
