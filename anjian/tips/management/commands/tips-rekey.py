from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from anjian.audit.services import record
from anjian.core.keys import refuse_weak_keys
from anjian.tips.crypto import decrypt_identity, encrypt_identity, needs_rekey
from anjian.tips.models import Tip


class Command(BaseCommand):
    help = (
        "Re-encrypt every reporter identity under ANJIAN_TIP_KEY (old keys in "
        "ANJIAN_TIP_KEYS_OLD are read); run after rotating the tip key, then drop the old key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, batch, **opts):
        try:
            refuse_weak_keys("anjian tips-rekey")
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        done = kept = 0
        ids = list(
            Tip.objects.exclude(reporter_cipher=None).order_by("pk").values_list("pk", flat=True)
        )
        for start in range(0, len(ids), batch):
            with transaction.atomic():
                for tip in Tip.objects.select_for_update().filter(
                    pk__in=ids[start : start + batch]
                ):
                    if not needs_rekey(tip.reporter_cipher):
                        kept += 1
                        continue
                    identity = decrypt_identity(tip.reporter_cipher, tip.code)
                    tip.reporter_cipher = encrypt_identity(identity, tip.code)
                    tip.save(update_fields=["reporter_cipher"])
                    done += 1
        record(None, "tips.rekey", None, note=f"重新加密 {done} 条举报人身份，{kept} 条已是新密钥")
        self.stdout.write(f"已用新密钥重新加密 {done} 条举报人身份（{kept} 条无需处理）。")
