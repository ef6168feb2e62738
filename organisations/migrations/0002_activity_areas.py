"""The common list of activity areas (verksamhetsområden) used by the registry and directory."""

from django.db import migrations

AREAS = [
    ("Idrott", "idrott"),
    ("Kultur", "kultur"),
    ("Friluftsliv", "friluftsliv"),
    ("Scouting", "scouting"),
    ("Studier och bildning", "studier-och-bildning"),
    ("Social verksamhet", "social-verksamhet"),
    ("Pensionärsverksamhet", "pensionarsverksamhet"),
    ("Funktionsrätt", "funktionsratt"),
    ("Integration", "integration"),
    ("Miljö och klimat", "miljo-och-klimat"),
    ("Trygghet och nattvandring", "trygghet-och-nattvandring"),
    ("Religiös verksamhet", "religios-verksamhet"),
    ("Fritidsgård och mötesplats", "fritidsgard-och-motesplats"),
]


def add_areas(apps, schema_editor):
    ActivityArea = apps.get_model("organisations", "ActivityArea")
    for name, slug in AREAS:
        ActivityArea.objects.get_or_create(slug=slug, defaults={"name": name})


def remove_areas(apps, schema_editor):
    apps.get_model("organisations", "ActivityArea").objects.filter(
        slug__in=[slug for _, slug in AREAS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(add_areas, remove_areas)]
