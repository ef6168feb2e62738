"""Tag already submitted applications with focus areas, as submission now does."""

from django.db import migrations


def tag(apps, schema_editor):
    Application = apps.get_model("grants", "Application")
    for application in Application.objects.exclude(status="draft").select_related(
        "call__programme"
    ):
        call = application.call
        areas = (
            [call.focus_area_id]
            if call.focus_area_id
            else list(call.programme.focus_areas.values_list("pk", flat=True))
        )
        application.focus_areas.set(areas)


class Migration(migrations.Migration):
    dependencies = [("grants", "0006_application_focus_areas"), ("portal", "0001_initial")]

    operations = [migrations.RunPython(tag, migrations.RunPython.noop)]
