"""Load the verified item texts of the 重大事故隐患判定标准 (工贸 31 of 64, 化工 20, 烟花爆竹 20,
金属非金属地下矿山 excerpt) from anjian/sources/law/判定标准/; see anjian/hazards/standards.py."""

from django.db import migrations


def load(apps, schema_editor):
    from anjian.hazards.standards import load_standards

    load_standards(
        apps.get_model("hazards", "HazardStandard"),
        apps.get_model("hazards", "HazardStandardCategory"),
        apps.get_model("hazards", "HazardCriterion"),
    )


class Migration(migrations.Migration):
    dependencies = [("hazards", "0005_stats_covering_indexes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
