"""The dashboards count money that reached informal groups (granted and paid) per cell."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('insights', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='grantrollup',
            name='informal_granted',
            field=models.DecimalField(decimal_places=2, default=0, max_digits=16),
        ),
        migrations.AddField(
            model_name='grantrollup',
            name='informal_paid',
            field=models.DecimalField(decimal_places=2, default=0, max_digits=16),
        ),
    ]
