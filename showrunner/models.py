from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from matches.models import Fixture
from showrunner.modes import MODES, QUESTION, get_mode, validate_text

MODE_CHOICES = [(key, mode.badge) for key, mode in MODES.items()]
SCRIPT_LIFETIME = timedelta(days=7)


class PresenterPrompts(models.Manager):
    """The presenter's prompts, one per mode (question templates: QuestionPrompt)."""

    def get_queryset(self):
        return super().get_queryset().filter(question_template=None)


class QuestionPrompts(models.Manager):
    def get_queryset(self):
        return super().get_queryset().exclude(question_template=None)


class StaleVersion(Exception):
    """A save or publish made from a page older than the prompt: someone else saved, published
    or discarded since. `since` is what they did, oldest first (the refusal shows it)."""

    def __init__(self, prompt, seen):
        self.prompt, self.seen = prompt, seen
        self.base = prompt.versions.filter(number=seen.newest).first()
        versions = prompt.versions.select_related("created_by", "published_by", "discarded_by")
        self.since = [
            version
            for version in versions.order_by("number")
            if version.number > seen.newest
            or (version.published_at and version.published_at > seen.at)
            or (version.discarded_at and version.discarded_at > seen.at)
        ]
        super().__init__(f"{prompt} changed since v{seen.newest}")


@dataclass(frozen=True)
class Seen:
    """What the editor's page showed: the newest version, the one in production, and when."""

    newest: int
    production: int
    at: datetime

    @classmethod
    def of(cls, prompt):
        production = prompt.production_version()
        newest = prompt.current_version()
        return cls(
            newest.number if newest else 0, production.number if production else 0, timezone.now()
        )


def validate_prompt_text(spec, text):
    errors = validate_text(text, spec)
    if errors:
        raise ValidationError({"text": errors})


class Prompt(models.Model):
    """An editor's text kept in versions (PromptVersion): the prompt of one presenter mode, or
    the wording of one live-game question template (`question_template`: QuestionPrompt).

    Publishing works like Langfuse's labels: a save makes a *draft* version; the director
    uses the version labelled *production* (`production`), which moves only when an editor
    publishes a version, with a note. `text` is the newest saved text (what the form shows).
    Every save, publish and discard names the version the editor's page started from
    (`Seen`) and is refused (StaleVersion) if someone else changed the prompt since.
    """

    key = models.CharField(max_length=60, unique=True, editable=False)
    mode = models.CharField(
        max_length=20, choices=MODE_CHOICES, unique=True, null=True, blank=True, editable=False
    )
    question_template = models.OneToOneField(
        "predictions.PredictionTemplate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="studio_text",
        editable=False,
        help_text="the live-game question template this text words",
    )
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

    every = models.Manager()  # presenter prompts and question templates alike
    objects = PresenterPrompts()

    class Meta:
        ordering = ["id"]
        default_manager_name = "objects"
        base_manager_name = "every"

    def __str__(self):
        return self.key

    @classmethod
    def for_mode(cls, mode_key):
        """The mode's prompt; should its row be gone, the default comes back as version 1."""
        spec = get_mode(mode_key)
        prompt, created = cls.every.get_or_create(
            mode=mode_key, defaults={"key": spec.prompt_key, "text": spec.default_prompt}
        )
        if created:
            version = prompt.versions.create(number=1, text=spec.default_prompt, note="default")
            prompt.production = version
            prompt.save(update_fields=["production"])
        return prompt

    @property
    def spec(self):
        return get_mode(self.mode) if self.mode else QUESTION

    @property
    def is_question(self):
        return self.question_template_id is not None

    def current_version(self):
        """The newest saved version not discarded (a draft when it is newer than production)."""
        return self.versions.filter(discarded_at=None).order_by("-number").first()

    def production_version(self):
        """The version the director uses: labelled production, else the newest."""
        return self.production or self.current_version()

    def draft(self):
        """The newest version when it is not the one in production, else None."""
        newest, production = self.current_version(), self.production_version()
        return newest if newest and production and newest.number > production.number else None

    def clean(self):
        validate_prompt_text(self.spec, self.text)

    def _locked(self):
        """This prompt's row locked until the transaction ends: one change at a time."""
        return Prompt.every.select_for_update().get(pk=self.pk)

    def check_seen(self, seen, production_too=False):
        """Refuse (StaleVersion) if the prompt moved on from what the editor's page showed."""
        current = self._locked()
        newest = current.current_version()
        moved = (newest.number if newest else 0) != seen.newest
        if production_too:
            production = current.production_version()
            moved = moved or (production.number if production else 0) != seen.production
        if moved:
            raise StaleVersion(current, seen)

    @transaction.atomic
    def save_version(self, text, user=None, note="", seen=None):
        """Validate and save `text` as a new draft version (production does not move); None
        if it is the newest version's text already (no empty draft)."""
        validate_prompt_text(self.spec, text)
        if seen is not None:
            self.check_seen(seen)
        newest = self.current_version()
        if newest and newest.text == text:
            return None
        self.text, self.updated_by = text, user
        Prompt.every.filter(pk=self.pk).update(
            text=text, updated_by=user, updated_at=timezone.now()
        )
        last = self.versions.order_by("-number").first()
        return self.versions.create(
            number=(last.number if last else 0) + 1, text=text, created_by=user, note=note
        )

    def restore(self, version, user=None, seen=None):
        """An old version's text as a new draft; publishing it is a separate step."""
        return self.save_version(
            version.text, user, note=f"restored version {version.number}", seen=seen
        )

    @transaction.atomic
    def publish(self, version, user=None, note="", seen=None):
        """Move the production label to `version` (of this prompt), with a note."""
        if version.prompt_id != self.pk:
            raise ValueError(f"version {version} is not a version of {self}")
        if seen is not None:
            self.check_seen(seen, production_too=True)
        if version.discarded_at:
            raise ValidationError(f"v{version.number} was discarded.")
        validate_prompt_text(self.spec, version.text)
        version.published_at, version.published_by = timezone.now(), user
        version.publish_note = note or f"published v{version.number}"
        version.save(update_fields=["published_at", "published_by", "publish_note"])
        self.production = version
        Prompt.every.filter(pk=self.pk).update(production=version)
        if self.is_question:  # the live game reads the template's wording for its next question
            type(self.question_template).objects.filter(pk=self.question_template_id).update(
                question=version.text
            )
        return version

    @transaction.atomic
    def discard(self, version, user=None, seen=None):
        """Throw the waiting draft away: the text goes back to the version before it."""
        if seen is not None:
            self.check_seen(seen, production_too=True)
        if version != self.draft():
            raise ValidationError(f"v{version.number} is not the waiting draft.")
        version.discarded_at, version.discarded_by = timezone.now(), user
        version.save(update_fields=["discarded_at", "discarded_by"])
        self.text = self.current_version().text
        Prompt.every.filter(pk=self.pk).update(text=self.text, updated_by=user)
        return version


class QuestionPrompt(Prompt):
    """A live-game question template's wording, edited in the Studio like a prompt."""

    objects = QuestionPrompts()

    class Meta:
        proxy = True
        verbose_name = "question template"


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
    # A draft thrown away: kept in the history (its number is never reused), never published.
    discarded_at = models.DateTimeField(null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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
        return _name(self.created_by)

    @property
    def publisher(self):
        return _name(self.published_by)

    @property
    def discarder(self):
        return _name(self.discarded_by)

    @property
    def is_production(self):
        return self.prompt.production_id == self.id


def _name(user):
    return user.get_username() if user else "Rally (default)"


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
    # The facts the prompt was filled with (its variables' values), for the editor reading it back.
    facts = models.JSONField(default=dict, blank=True)
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
