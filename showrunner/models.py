from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from matches.models import Fixture
from rally.templating import validate_template
from showrunner.modes import MODES, get_mode

MODE_CHOICES = [(key, mode.badge) for key, mode in MODES.items()]
SCRIPT_LIFETIME = timedelta(days=7)


def validate_prompt_text(mode_key, text):
    errors = validate_template(text, get_mode(mode_key).names)
    if errors:
        raise ValidationError({"text": errors})


class Prompt(models.Model):
    """The prompt editors keep for one mode; every save is kept as a PromptVersion.

    Publishing works like Langfuse's labels: a save makes a *draft* version; the director
    uses the version labelled *production* (`production`), which moves only when an editor
    publishes a version, with a note. `text` is the newest saved text (what the form shows).
    """

    key = models.CharField(max_length=60, unique=True, editable=False)
    mode = models.CharField(max_length=20, choices=MODE_CHOICES, unique=True, editable=False)
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    production = models.ForeignKey(
        "PromptVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="the version labelled production: the one the director uses",
    )
    fan_names = models.BooleanField(
        "fans' names in the prompt",
        default=True,
        help_text='Off: the crowd facts name no fan (the leader is "a fan"). On or off, fans\' names '
        "and the presenter's earlier lines reach the model only as quoted data, never as instructions.",
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.key

    @classmethod
    def for_mode(cls, mode_key):
        """The mode's prompt; should its row be gone, the default comes back as version 1."""
        spec = get_mode(mode_key)
        prompt, created = cls.objects.get_or_create(
            mode=mode_key, defaults={"key": spec.prompt_key, "text": spec.default_prompt}
        )
        if created:
            version = prompt.versions.create(number=1, text=spec.default_prompt, note="default")
            prompt.production = version
            prompt.save(update_fields=["production"])
        return prompt

    @property
    def spec(self):
        return get_mode(self.mode)

    def current_version(self):
        """The newest saved version (a draft when it is newer than production)."""
        return self.versions.order_by("-number").first()

    def production_version(self):
        """The version the director uses: labelled production, else the newest."""
        return self.production or self.current_version()

    def draft(self):
        """The newest version when it is not the one in production, else None."""
        newest, production = self.current_version(), self.production_version()
        return newest if newest and production and newest.number > production.number else None

    def clean(self):
        validate_prompt_text(self.mode, self.text)

    @transaction.atomic
    def save_version(self, text, user=None, note=""):
        """Validate and save `text` as a new draft version; production does not move."""
        validate_prompt_text(self.mode, text)
        self.text, self.updated_by = text, user
        self.save()
        last = self.versions.select_for_update().order_by("-number").first()
        return self.versions.create(
            number=(last.number if last else 0) + 1, text=text, created_by=user, note=note
        )

    def restore(self, version, user=None):
        """An old version's text as a new draft; publishing it is a separate step."""
        return self.save_version(version.text, user, note=f"restored version {version.number}")

    @transaction.atomic
    def publish(self, version, user=None, note=""):
        """Move the production label to `version` (of this prompt), with a note."""
        if version.prompt_id != self.pk:
            raise ValueError(f"version {version} is not a version of {self}")
        validate_prompt_text(self.mode, version.text)
        version.published_at, version.published_by = timezone.now(), user
        version.publish_note = note or f"published v{version.number}"
        version.save(update_fields=["published_at", "published_by", "publish_note"])
        self.production = version
        self.save(update_fields=["production"])
        return version


class PromptVersion(models.Model):
    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    # The last time this version was labelled production, by whom and why.
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publish_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["prompt", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["prompt", "number"], name="unique_prompt_version_number"
            )
        ]

    def __str__(self):
        return f"{self.prompt.key} v{self.number}"

    @property
    def author(self):
        return self.created_by.get_username() if self.created_by else "Rally (default)"

    @property
    def publisher(self):
        return self.published_by.get_username() if self.published_by else "Rally (default)"

    @property
    def is_production(self):
        return self.prompt.production_id == self.id


class ScheduleItem(models.Model):
    """One block of the showrunner's day: a mode, a fixture and when (see schedule.plan)."""

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="schedule_items")
    mode = models.CharField(max_length=20, choices=MODE_CHOICES)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["starts_at", "fixture__slug"]
        constraints = [
            models.UniqueConstraint(fields=["fixture", "mode"], name="unique_schedule_block")
        ]

    def __str__(self):
        return f"{self.get_mode_display()} {self.fixture.slug} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def as_protocol(self):
        return {
            "mode": self.mode,
            "start": to_ms(self.starts_at),
            "end": to_ms(self.ends_at),
            "fixture": self.fixture.slug,
        }


class Script(models.Model):
    """Something the showrunner said about a fixture; gone after SCRIPT_LIFETIME."""

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="scripts")
    mode = models.CharField(max_length=20, choices=MODE_CHOICES)
    text = models.TextField()
    prompt_version = models.ForeignKey(
        PromptVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="scripts"
    )
    backend = models.CharField(max_length=20)
    fallback_reason = models.TextField(blank=True)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    # What the script was written from, so an unchanged situation is not narrated twice.
    facts_hash = models.CharField(max_length=32, blank=True)
    # For the replay, where in it the line speaks (a pre-match line: the coming loop, sequence 0),
    # so a page shows it only once its own clock got there; for a feed fixture, the showing it
    # speaks of (the recorded demo restarts: a page of the next showing retires the old lines).
    loop = models.PositiveIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(db_index=True, editable=False)  # set from `at` on creation

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.expires_at = self.at + SCRIPT_LIFETIME
        super().save(*args, **kwargs)

    def as_protocol(self):
        return {
            "id": self.id,
            "mode": self.mode,
            "text": self.text,
            "at": to_ms(self.at),
            "expires_at": to_ms(self.expires_at),
            "backend": self.backend,
            "loop": self.loop,
            "sequence": self.sequence,
        }

    def as_message(self):
        return {"type": "script", "fixture": self.fixture.slug, **self.as_protocol()}


class ToldEvent(models.Model):
    """The director's memory: an event of a fixture it has told (never told again)."""

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="told_events")
    key = models.CharField(
        max_length=100, help_text="the event's identity, e.g. kick-off/feed event id"
    )
    script = models.ForeignKey(
        Script, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["fixture", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["fixture", "key"], name="unique_told_event")]

    def __str__(self):
        return f"{self.fixture_id}: {self.key}"


class StoryFacts(models.Model):
    """Facts about a fixture fetched from the feed (table, form, line-ups), kept between cycles."""

    fixture = models.OneToOneField(Fixture, on_delete=models.CASCADE, related_name="story_facts")
    data = models.JSONField(default=dict)
    fetched_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"story facts of {self.fixture_id}"


def to_ms(moment):
    """Protocol time: integer milliseconds since the Unix epoch."""
    return int(moment.timestamp() * 1000)
