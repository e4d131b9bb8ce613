"""Load 工贸企业重大事故隐患判定标准 (应急管理部令第10号) and its categories with their verified
counts; see anjian/hazards/standards.py. Item texts are entered by staff."""

from django.db import migrations


def load(apps, schema_editor):
    from anjian.hazards.standards import load_standards

    load_standards(
        apps.get_model("hazards", "HazardStandard"),
        apps.get_model("hazards", "HazardStandardCategory"),
    )


class Migration(migrations.Migration):
    dependencies = [("hazards", "0002_closed_loop")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
