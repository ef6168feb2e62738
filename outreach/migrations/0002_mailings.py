# Written for the Mailing model only (outreach.models.mailings); 0002_follows is made
# alongside it and the two are merged.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_initial"),
        ("portal", "0016_notification_unsubscribe_url"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Mailing",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("subject_sv", models.CharField(max_length=200, verbose_name="subject (Swedish)")),
                (
                    "subject_en",
                    models.CharField(
                        blank=True,
                        help_text="Readers of English get the Swedish text where this is empty.",
                        max_length=200,
                        verbose_name="subject (English)",
                    ),
                ),
                (
                    "body_sv",
                    models.TextField(
                        help_text="Plain text. The greeting, the municipality's signature and the link to stop getting mailings are added.",
                        verbose_name="message (Swedish)",
                    ),
                ),
                ("body_en", models.TextField(blank=True, verbose_name="message (English)")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("sending", "Being sent"),
                            ("sent", "Sent"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "recipient_count",
                    models.PositiveIntegerField(default=0, verbose_name="recipients"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="changed")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="written by",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mailings",
                        to="portal.municipality",
                        verbose_name="municipality",
                    ),
                ),
                (
                    "segment",
                    models.ForeignKey(
                        help_text="Who it goes to: everyone the segment reaches when the mailing is sent.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="mailings",
                        to="outreach.segment",
                        verbose_name="segment",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="sent by",
                    ),
                ),
            ],
            options={
                "verbose_name": "mailing",
                "verbose_name_plural": "mailings",
                "ordering": ["-created_at", "-pk"],
            },
        ),
    ]
