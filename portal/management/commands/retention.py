"""List (default: dry run) or carry out the data retention steps (see portal.retention)."""

from django.core.management.base import BaseCommand

from portal import retention


class Command(BaseCommand):
    help = "Remove or anonymise personal data past its retention time. Dry run unless --apply."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Carry the steps out.")

    def handle(self, *args, **options):
        steps = retention.plan()
        if not steps:
            self.stdout.write("Nothing to remove.")
            return
        for step in steps:
            where = step.municipality or "the whole portal"
            self.stdout.write(f"{step.what}: {step.count} ({where})")
        if options["apply"]:
            retention.carry_out(steps)
            self.stdout.write(self.style.SUCCESS("Done."))
        else:
            self.stdout.write("Dry run: nothing was changed. Run with --apply to carry out.")
