"""Changes of an approved organisation's name, legal form or organisation number wait for an
officer's review (organisations.identity); the approved identity stays in force until then."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_kind_legal_form_message"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IdentityChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting review"),
                            ("approved", "Approved by the municipality"),
                            ("rejected", "Not approved"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("name_before", models.CharField(max_length=200, verbose_name="name in force")),
                (
                    "legal_form_before",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("ideell_forening", "Non-profit association (ideell förening)"),
                            ("ekonomisk_forening", "Economic association (ekonomisk förening)"),
                            ("stiftelse", "Foundation (stiftelse)"),
                            ("trossamfund", "Religious community (trossamfund)"),
                        ],
                        max_length=30,
                        verbose_name="legal form in force",
                    ),
                ),
                (
                    "organisation_number_before",
                    models.CharField(
                        blank=True, max_length=11, verbose_name="organisation number in force"
                    ),
                ),
                ("name_after", models.CharField(max_length=200, verbose_name="new name")),
                (
                    "legal_form_after",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("ideell_forening", "Non-profit association (ideell förening)"),
                            ("ekonomisk_forening", "Economic association (ekonomisk förening)"),
                            ("stiftelse", "Foundation (stiftelse)"),
                            ("trossamfund", "Religious community (trossamfund)"),
                        ],
                        max_length=30,
                        verbose_name="new legal form",
                    ),
                ),
                (
                    "organisation_number_after",
                    models.CharField(
                        blank=True, max_length=11, verbose_name="new organisation number"
                    ),
                ),
                (
                    "requested_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="asked for"
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                (
                    "decision_message",
                    models.TextField(blank=True, verbose_name="message from the municipality"),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="identity_changes",
                        to="organisations.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="asked for by",
                    ),
                ),
            ],
            options={
                "verbose_name": "change of name or organisation number",
                "verbose_name_plural": "changes of name or organisation number",
                "ordering": ["-requested_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "pending")),
                        fields=("organisation",),
                        name="identity_change_one_pending",
                        violation_error_message="A change is already awaiting review.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["pending", "approved", "rejected", "withdrawn"])
                        ),
                        name="identity_change_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("decided_at__isnull", True), ("status", "pending")),
                            models.Q(
                                models.Q(("status", "pending"), _negated=True),
                                ("decided_at__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="identity_change_decided_when_closed",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("legal_form_after", models.F("legal_form_before")),
                            ("name_after", models.F("name_before")),
                            ("organisation_number_after", models.F("organisation_number_before")),
                            _negated=True,
                        ),
                        name="identity_change_changes_something",
                    ),
                ],
            },
        ),
    ]
