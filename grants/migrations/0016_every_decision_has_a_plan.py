"""Every granted decision gets its payment plan: one instalment of the whole amount, paid
(with its payout linked) when the decision was paid before plans existed."""

from django.db import migrations, models


def plans_from_payouts(apps, schema_editor):
    Decision = apps.get_model("grants", "Decision")
    Instalment = apps.get_model("grants", "Instalment")
    Payout = apps.get_model("grants", "Payout")
    granted = Decision.objects.exclude(outcome="rejected").filter(amount__gt=0)
    for decision in granted.iterator():
        payout = Payout.objects.filter(decision=decision).select_related("batch").first()
        paid = payout is not None and payout.batch.status == "paid"
        instalment = Instalment.objects.create(
            decision=decision,
            number=1,
            amount=decision.amount,
            status="paid" if paid else "planned",
            paid_at=payout.batch.paid_at if paid else None,
        )
        if payout is not None:
            Payout.objects.filter(pk=payout.pk).update(instalment=instalment)


class Migration(migrations.Migration):
    dependencies = [("grants", "0015_payment_plans_hosts_invoices_appropriations")]

    operations = [
        migrations.RunPython(plans_from_payouts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="payout",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("instalment__isnull", False), ("invoice__isnull", True)),
                    models.Q(("instalment__isnull", True), ("invoice__isnull", False)),
                    _connector="OR",
                ),
                name="payout_instalment_or_invoice",
            ),
        ),
    ]
