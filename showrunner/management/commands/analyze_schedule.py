from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from showrunner.day import analyze_day, items_of
from showrunner.feed_sync import sync_day


class Command(BaseCommand):
    help = "Read the day's fixtures from the feed and wrap them with pre- and post-match blocks."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (UTC); default today")
        parser.add_argument(
            "--no-feed", action="store_true", help="plan from the stored fixtures only"
        )

    def handle(self, *args, **options):
        day = parse_day(options["date"]) if options["date"] else timezone.now().date()
        if not options["no_feed"]:
            self.stdout.write(sync_day(day))
        analyze_day(day)
        items = list(items_of(day))
        for item in items:
            self.stdout.write(
                f"{item.starts_at:%H:%M}–{item.ends_at:%H:%M}  {item.get_mode_display():<10}  "
                f"{item.fixture.slug}"
            )
        self.stdout.write(f"{len(items)} blocks on {day.isoformat()}")


def parse_day(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {text!r}") from None
