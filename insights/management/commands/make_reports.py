"""Make the monthly reports now (and, with --mapping YEAR, the yearly mapping)."""

from django.core.management.base import BaseCommand

from insights.reports import run_monthly, yearly_mapping
from portal.models import Municipality


class Command(BaseCommand):
    help = "Make last month's reports for every municipality; --mapping YEAR for the mapping."

    def add_arguments(self, parser):
        parser.add_argument("--mapping", type=int, help="Also the yearly mapping of this year.")

    def handle(self, *args, **options):
        made = run_monthly()
        if options["mapping"]:
            for municipality in Municipality.objects.filter(is_active=True):
                made += yearly_mapping(municipality, options["mapping"]) is not None
        self.stdout.write(f"Reports made: {made}")
