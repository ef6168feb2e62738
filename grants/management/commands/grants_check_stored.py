"""Compare the figures the grants services keep on rows (each call's money, each case's
waiting since: grants.services.kept_figures) with what the rows say; --repair sets them
from the rows. Exits with status 1 when one differs and was not repaired."""

from django.core.management.base import BaseCommand, CommandError

from grants.services.kept_figures import kept_figures_drift, kept_figures_recompute


class Command(BaseCommand):
    help = (
        "Check the calls' kept money totals and the cases' waiting since against the rows "
        "they are kept from. With --repair, set them from the rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Set them from the rows.")

    def handle(self, *args, **options):
        drift = kept_figures_drift()
        for call_id, kept, rows in drift["calls"]:
            self.stdout.write(
                f"call {call_id}: kept granted/cancelled/paid {'/'.join(map(str, kept))}, "
                f"the rows say {'/'.join(map(str, rows))}"
            )
        for application_id, kept, rows in drift["applications"]:
            self.stdout.write(
                f"application {application_id}: kept waiting since {kept}, the timeline says {rows}"
            )
        if not drift["calls"] and not drift["applications"]:
            self.stdout.write(self.style.SUCCESS("The kept figures agree with the rows."))
            return
        if not options["repair"]:
            raise CommandError("Kept figures differ from the rows (run with --repair to fix).")
        changed = kept_figures_recompute()
        self.stdout.write(
            self.style.SUCCESS(
                f"Repaired: {changed['calls']} calls, {changed['applications']} applications."
            )
        )
