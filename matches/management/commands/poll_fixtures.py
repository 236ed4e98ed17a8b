from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from matches.feed.base import FeedError
from matches.feed.poller import cycle, make_provider, run_forever
from rally.processes import run_until_signalled


class Command(BaseCommand):
    help = (
        "The feed poller: store each live fixture that changed and send it one COMPOSITE_UPDATE. "
        "SportMonks with SPORTMONKS_API_TOKEN, else the recorded demo match."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="poll one cycle and exit")
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.POLLER_INTERVAL_S,
            help="seconds between cycles (default %(default)s)",
        )

    def handle(self, *args, **options):
        if options["interval"] <= 0:
            raise CommandError("--interval must be a positive number of seconds")
        if options["once"]:
            self.poll_once()
        else:
            run_until_signalled(lambda stop: run_forever(stop, options["interval"]))

    def poll_once(self):
        provider = make_provider()
        try:
            sent = async_to_sync(cycle)(provider)
        except FeedError as problem:
            raise CommandError(f"the {provider.name} feed failed: {problem}") from None
        self.stdout.write(
            f"{provider.name}: {len(sent)} fixture(s) changed"
            + (f": {', '.join(sent)}" if sent else "")
        )
