import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from matches.models import ReplayAnchor
from testsupport.site import BASE_DIR

CONCURRENT_GUARDIANS = 6


@pytest.mark.django_db
def test_it_creates_the_anchor_once_and_keeps_it(replay):
    first = ReplayAnchor.objects.get()
    call_command("ensure_anchor", tick_ms=999)
    assert list(ReplayAnchor.objects.all()) == [first]
    assert ReplayAnchor.objects.get().tick_ms == 1500


@pytest.mark.django_db
def test_it_refuses_to_guard_a_replay_that_was_never_seeded():
    with pytest.raises(CommandError, match="seed_replay"):
        call_command("ensure_anchor")
    assert not ReplayAnchor.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_zero_tick(replay):
    replay.anchor.delete()
    with pytest.raises(CommandError, match="tick"):
        call_command("ensure_anchor", tick_ms=0)
    assert not ReplayAnchor.objects.exists()


def race_guardians(site):
    """Start several guardians at the same instant; all must succeed, one must create."""
    site.seed()  # migrate and seed_replay
    guardians = [
        subprocess.Popen(
            [sys.executable, "manage.py", "ensure_anchor"],
            cwd=BASE_DIR,
            env=site.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(CONCURRENT_GUARDIANS)
    ]
    outputs = [guardian.communicate(timeout=120) for guardian in guardians]
    assert all(guardian.returncode == 0 for guardian in guardians), outputs
    created = [out for out, _ in outputs if out.startswith("Created")]
    count = site.manage(
        "shell",
        "--no-imports",
        "-c",
        "from matches.models import ReplayAnchor; print(ReplayAnchor.objects.count())",
    )
    return len(created), int(count.stdout)


def test_racing_guardians_leave_exactly_one_anchor_on_sqlite(site_factory):
    assert race_guardians(site_factory()) == (1, 1)


@pytest.mark.services
def test_racing_guardians_leave_exactly_one_anchor_on_postgresql(site_factory, postgres_url):
    assert race_guardians(site_factory(database_url=postgres_url)) == (1, 1)
