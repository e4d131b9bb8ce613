"""Data migration: seed 000 附件1 企业全员安全生产履职合法性检查表, so every database has it."""

from django.db import migrations


def load(apps, schema_editor):
    from anjian.checklists.seed import load_annex1

    load_annex1(apps.get_model("checklists", "ChecklistTemplate"),
                apps.get_model("checklists", "ChecklistItem"))


class Migration(migrations.Migration):

    dependencies = [
        ('checklists', '0002_template_revisions'),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
