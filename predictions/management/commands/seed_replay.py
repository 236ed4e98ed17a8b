from django.core.management.base import BaseCommand, CommandError

from matches.seeding import DATA_DIR
from predictions.seeding import PREDICTIONS_PATH, seed_replay


class Command(BaseCommand):
    help = "Load the replay game and its predictions from the data files in the repo, validated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--events", default=str(DATA_DIR / "pbp.json"), help="play-by-play JSON file"
        )
        parser.add_argument(
            "--predictions", default=str(PREDICTIONS_PATH), help="predictions JSON file"
        )

    def handle(self, *args, **options):
        try:
            fixture, events, predictions = seed_replay(options["events"], options["predictions"])
        except (
            ValueError,
            OSError,
        ) as exc:  # InvalidReplayData and unreadable JSON are ValueErrors
            raise CommandError(f"Refused, nothing written: {exc}") from exc
        self.stdout.write(
            f"Seeded {fixture.slug}: {len(events)} events, {len(predictions)} predictions."
        )
