"""Generate the benchmark data set: ``manage.py seed_bench --scale small|large``."""

from django.core.management.base import BaseCommand, CommandError

from devtools.bench_seed import SCALES, already_seeded, seed


class Command(BaseCommand):
    help = (
        "Generate benchmark data in bulk (COPY): municipalities, organisations, ten years of "
        "grants with decisions, payouts and reports, networks with meetings and attendance. "
        "Does nothing if the data set is there already."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument(
            "--no-rollups", action="store_true", help="Do not build the dashboard rollups."
        )

    def handle(self, *args, scale, no_rollups, **options):
        size = SCALES[scale]
        try:
            seeded = already_seeded(size)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if seeded:
            self.stdout.write(f"The {scale} benchmark data set is there already.")
            return
        self.stdout.write(f"Generating the {scale} benchmark data set …")
        result = seed(size, out=self.stdout.write, rollups=not no_rollups)
        for table, count in sorted(result["rows"].items()):
            self.stdout.write(f"  {table:<40}{count:>10}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Made in {result['load_seconds']} s"
                + (
                    f"; rollups built in {result['rollup_seconds']} s"
                    if "rollup_seconds" in result
                    else ""
                )
            )
        )
