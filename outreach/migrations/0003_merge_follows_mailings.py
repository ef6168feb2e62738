"""Following and mailings were written side by side; this joins their migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0002_follows"),
        ("outreach", "0002_mailings"),
    ]

    operations = []
