"""Each municipality publishes its 360Giving open data under its own publisher prefix
(Municipality.open_data_prefix). Existing municipalities get the prefix their grants were
published under so far, the portal's OPEN_DATA_PREFIX and their number, so no published
grant identifier changes; an administrator replaces it with the one 360Giving gives."""

import re

import django.core.validators
from django.conf import settings
from django.db import migrations, models

PATTERN = r"^360G-[A-Za-z0-9]+([-_][A-Za-z0-9]+)*$"


def fill_prefixes(apps, schema_editor):
    Municipality = apps.get_model("portal", "Municipality")
    for municipality in Municipality.objects.filter(open_data_prefix=""):
        prefix = f"{settings.OPEN_DATA_PREFIX}-{municipality.pk}"
        if re.fullmatch(PATTERN, prefix):  # else left empty: the same prefix, made when used
            municipality.open_data_prefix = prefix
            municipality.save(update_fields=["open_data_prefix"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_login_limit_entries"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="open_data_prefix",
            field=models.CharField(
                blank=True,
                help_text=(
                    "The prefix that 360Giving gives the municipality as a publisher of open "
                    "data, e.g. 360G-nacka. It begins the identifiers of the municipality's "
                    "grants, so change it only when 360Giving gives a new one. Empty: the "
                    "portal's own prefix followed by the municipality's number."
                ),
                max_length=60,
                validators=[
                    django.core.validators.RegexValidator(
                        PATTERN,
                        "Write the prefix as 360Giving gave it: 360G- followed by letters or "
                        "digits.",
                    )
                ],
                verbose_name="360Giving publisher prefix",
            ),
        ),
        migrations.RunPython(fill_prefixes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="municipality",
            constraint=models.CheckConstraint(
                condition=models.Q(("open_data_prefix", ""))
                | models.Q(("open_data_prefix__regex", PATTERN)),
                name="municipality_open_data_prefix_format",
            ),
        ),
        migrations.AddConstraint(
            model_name="municipality",
            constraint=models.UniqueConstraint(
                condition=models.Q(("open_data_prefix", ""), _negated=True),
                fields=("open_data_prefix",),
                name="municipality_open_data_prefix_unique",
                violation_error_message="Another municipality publishes with this prefix.",
            ),
        ),
    ]
