from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from matches.seeding import REPLAY_SLUG, ReplayNotSeeded, ensure_anchor
from rally.http import now_ms


class Command(BaseCommand):
    help = (
        "The guardian: create the replay anchor if missing. Idempotent; safe when run concurrently."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", default=REPLAY_SLUG)
        parser.add_argument("--tick-ms", type=int, default=settings.REPLAY_TICK_MS)
        parser.add_argument("--pause-ms", type=int, default=settings.REPLAY_PAUSE_MS)
        parser.add_argument(
            "--base-started-at",
            type=int,
            default=None,
            metavar="MS",
            help="tip-off of loop 1 in ms since the Unix epoch (default: now), e.g. to line up with a show",
        )

    def handle(self, *args, **options):
        if options["tick_ms"] <= 0 or options["pause_ms"] < 0:
            raise CommandError("--tick-ms must be positive and --pause-ms not negative.")
        try:
            anchor, created = ensure_anchor(
                options["slug"],
                now_ms=options["base_started_at"] or now_ms(),
                tick_ms=options["tick_ms"],
                pause_ms=options["pause_ms"],
            )
        except ReplayNotSeeded as exc:
            raise CommandError(str(exc)) from exc
        verb = "Created" if created else "Kept"
        self.stdout.write(
            f"{verb} the anchor of {anchor.fixture.slug} (loop 1 at {anchor.base_started_at})."
        )
