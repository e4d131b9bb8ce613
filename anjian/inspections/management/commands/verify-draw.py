"""`anjian verify-draw ID`: recompute a 双随机 draw from its stored seed and inputs."""

from django.core.management.base import BaseCommand, CommandError

from anjian.inspections.models import Draw
from anjian.inspections.services import no_gc, verify_draw


class Command(BaseCommand):
    help = "按公开的随机种子、候选企业和执法人员库重新计算双随机抽查结果并与记录比对"

    def add_arguments(self, parser):
        parser.add_argument("draw_id", type=int)

    def handle(self, *args, draw_id, **opts):
        with no_gc():  # the stored candidate list is ~100,000 small dicts
            draw = Draw.objects.filter(pk=draw_id).first()
        if draw is None:
            raise CommandError(f"抽查 {draw_id} 不存在")
        check = verify_draw(draw)
        self.stdout.write(
            f"抽查 #{draw.pk}「{draw.title}」 算法 {draw.algorithm} 种子 {draw.seed}\n"
            f"候选企业 {len(draw.candidates)} 家，执法人员库 {len(draw.pool)} 人，"
            f"抽取 {len(check.recomputed['assignments'])} 家"
        )
        if not check.ok:
            raise CommandError("验证失败：" + "；".join(check.problems))
        self.stdout.write(self.style.SUCCESS("验证通过：重新计算的结果与记录一致"))
