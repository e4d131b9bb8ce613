"""Load a department's published 自由裁量基准 (JSON, read by law.DiscretionStandard.from_dict)."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from anjian.accounts.models import Department, User
from anjian.core.forms import error_dict
from anjian.enforcement.services.discretion import load_standard


class Command(BaseCommand):
    help = (
        "Load the published discretion standard of the department with CODE from a JSON file "
        '(e.g. {"source": "…裁量基准（2024）", "splits": ["1/3", "2/3"], "step": 500}); '
        "--by names the department leader who loads it (audited)."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="department code, e.g. yjj")
        parser.add_argument("file", help="JSON file of the standard")
        parser.add_argument("--by", required=True, help="username of the department's leader")

    def handle(self, code, file, by, **opts):
        departments = list(Department.objects.filter(code=code))
        if len(departments) != 1:
            raise CommandError(f"部门代码“{code}”对应 {len(departments)} 个部门")
        user = User.objects.filter(username__iexact=by).first()
        if user is None:
            raise CommandError(f"用户不存在：{by}")
        try:
            with open(file, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取 {file}：{exc}") from exc
        try:
            row = load_standard(user, departments[0], data)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("；".join(m for ms in error_dict(exc).values() for m in ms)) from exc
        self.stdout.write(f"{departments[0].name}：{row.data['source']}")
