"""Inspection signatures move to the one signature mechanism (accounts.Signature)."""

from django.db import migrations


def forward(apps, schema_editor):
    Old = apps.get_model("inspections", "Signature")
    New = apps.get_model("accounts", "Signature")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Old.objects.exists():
        return
    insp_ct, _ = ContentType.objects.get_or_create(app_label="inspections", model="inspection")
    am_ct, _ = ContentType.objects.get_or_create(app_label="inspections", model="amendment")
    for s in Old.objects.order_by("id"):
        New.objects.create(
            target_type=am_ct if s.amendment_id else insp_ct,
            target_id=s.amendment_id or s.inspection_id,
            role=s.role,
            # before: the logged-in inspector or a co-inspector's password; the representative
            # by hand on the device (no ID number was asked then)
            method="account" if s.user_id and s.user_id == s.recorded_by_id else (
                "password" if s.user_id else "device"),
            user_id=s.user_id,
            name=s.name,
            png=s.png,
            sha256=s.sha256,
            content_sha256="",
            signed_at=s.signed_at,
            recorded_by_id=s.recorded_by_id,
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("accounts", "0005_sig_signature"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(name="Signature"),
    ]
