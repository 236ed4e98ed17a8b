"""The Prompt Studio (prompts, their versions, preview and sample scripts), scripts and schedule.

Publishing works like Langfuse's labels: saving the form makes a *draft* version with a
note; the director only ever uses the version labelled *production*; Publish moves that
label (with its note); restoring an old version asks first and makes a draft of it. The
change page shows the production version and a diff of the draft against it.

Editors (the group made by migration 0002) edit and publish prompts and read scripts and the
schedule; the views below check the same model permissions the admin does.
"""

import json
import re
from datetime import date, datetime, timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from matches.api import NO_ANCHOR
from matches.models import Fixture
from predictions import livegame
from predictions.live import question_values
from rally.http import now_ms
from showrunner import director
from showrunner.backends import ScriptRequest
from showrunner.day import FIRST_DAY, LAST_DAY, day_bounds, in_range, items_of
from showrunner.models import (
    Prompt,
    PromptVersion,
    QuestionPrompt,
    ScheduleItem,
    Script,
    Seen,
    StaleVersion,
)
from showrunner.modes import SAMPLE_KINDS, validate_text
from showrunner.prompting import fill
from showrunner.textdiff import word_diff

VERSION_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only ("²".isdigit() is True), int-sized


SAMPLES = "sample:"  # the preview's choice of sample values ("sample:feed"), not a fixture
OFFLINE_SAMPLE_NOTE = (
    "The offline writer answered. It builds lines from the facts and ignores the prompt's "
    "wording, so this sample does not show the effect of your text."
)


class SeenFields(forms.Form):
    """What the editor's page showed when it was rendered (models.Seen), sent back with every
    save, publish and discard so a change made from an older page is refused."""

    seen_version = forms.IntegerField(min_value=0, max_value=10**9, widget=forms.HiddenInput)
    seen_production = forms.IntegerField(min_value=0, max_value=10**9, widget=forms.HiddenInput)
    seen_at = forms.DateTimeField(widget=forms.HiddenInput)

    @staticmethod
    def initial_of(seen):
        return {
            "seen_version": seen.newest,
            "seen_production": seen.production,
            "seen_at": seen.at.isoformat(),
        }

    def seen(self):
        data = self.cleaned_data
        return Seen(data["seen_version"], data["seen_production"], data["seen_at"])


def posted_seen(request):
    """The Seen a POST carries, or BadRequest (a form from before this check, or tampered)."""
    fields = SeenFields(request.POST)
    if not fields.is_valid():
        raise BadRequest("The form does not say which version it was made from: reload the page.")
    return fields.seen()


class PromptForm(forms.ModelForm):
    note = forms.CharField(
        required=False,
        max_length=200,
        help_text="What you changed and why; kept with the draft in the history.",
    )
    seen_version = SeenFields.base_fields["seen_version"]
    seen_production = SeenFields.base_fields["seen_production"]
    seen_at = SeenFields.base_fields["seen_at"]

    class Meta:
        model = Prompt
        fields = ("text", "fan_names")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale = None
        self.fields["text"].widget.attrs.update(
            {"data-max-chars": self.instance.spec.max_chars, "aria-describedby": "text-limit"}
        )
        if not self.is_bound:
            self.initial.update(SeenFields.initial_of(Seen.of(self.instance)))

    @property
    def changed_data(self):
        # The versions the page was made from are bookkeeping, not a change to the prompt.
        return [name for name in super().changed_data if not name.startswith("seen_")]

    def clean_text(self):
        # Browsers send a textarea's line breaks as CRLF: the same text is not a change.
        return self.cleaned_data["text"].replace("\r\n", "\n")

    def clean(self):
        cleaned = super().clean()
        fields = ("seen_version", "seen_production", "seen_at")
        if self.errors or not all(name in cleaned for name in fields):
            return cleaned
        seen = Seen(*(cleaned[name] for name in fields))
        try:
            self.instance.check_seen(seen, production_too="_publish" in self.data)
        except StaleVersion as stale:
            self.refuse(stale)
        return cleaned

    def refuse(self, stale):
        """Keep the typed text; the page now counts as having seen the other editor's change,
        so saving again after merging is a decision made with it in view."""
        self.stale = stale
        self.data = self.data.copy()
        self.data.update(SeenFields.initial_of(Seen.of(stale.prompt)))
        raise ValidationError(
            "Not saved: someone else changed this text since you opened it (shown below). Your "
            "text is still in the box: merge their change into it, then save again.",
            code="stale",
        )


class StudioAdmin(admin.ModelAdmin):
    """The Prompt Studio for any versioned text (a presenter prompt, a question template): save
    makes a draft, publish moves production, history compares and restores; every change names
    the version its page started from."""

    form = PromptForm
    list_display = ("key", "production_label", "draft_label", "updated_at", "updated_by")
    readonly_fields = ("key",)
    change_form_template = "admin/showrunner/prompt/change_form.html"
    object_history_template = "admin/showrunner/prompt/history.html"

    @admin.display(description="in production")
    def production_label(self, prompt):
        production = prompt.production_version()
        return f"v{production.number}" if production else "–"

    @admin.display(description="draft")
    def draft_label(self, prompt):
        draft = prompt.draft()
        return f"v{draft.number}" if draft else "–"

    def has_add_permission(self, request):
        return False  # one text per mode or template, made by the migrations

    def has_delete_permission(self, request, obj=None):
        return False

    def url(self, name, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def save_model(self, request, prompt, form, change):
        if "fan_names" in form.changed_data:  # a switch, not a version: it applies at once
            Prompt.every.filter(pk=prompt.pk).update(fan_names=prompt.fan_names)
        # Checked against the page's Seen in form.clean, under this transaction's lock.
        draft = prompt.save_version(prompt.text, request.user, form.cleaned_data.get("note", ""))
        production = prompt.production_version()
        if draft:
            messages.info(
                request,
                f"Saved as draft v{draft.number}. Fans still get v{production.number}: "
                "publish the draft when it is ready.",
            )
        elif "fan_names" not in form.changed_data and "_publish" not in request.POST:
            messages.info(request, "Nothing changed, so no draft was made.")

    def response_change(self, request, prompt):
        if "_publish" in request.POST:  # publish what is on screen: saved above, confirmed next
            draft = prompt.draft()
            if draft:
                return redirect(self.url("publish", prompt.pk, draft.number))
            messages.info(
                request,
                f"Nothing to publish: the text is production v{prompt.production_version().number}.",
            )
        return redirect(self.url("change", prompt.pk))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        prompt = self.get_object(request, object_id)
        context = prompt and {
            "mode": prompt.spec,
            "fixtures": self.preview_fixtures(prompt),
            "preview_url": self.url("preview", prompt.pk),
            "sample_url": self.url("sample", prompt.pk) if not prompt.is_question else "",
            "backend": director.backend_config().backend,
            "history_url": self.url("history", prompt.pk),
            **self._labels(request, prompt),
        }
        return super().change_view(
            request, object_id, form_url, {**(context or {}), **(extra_context or {})}
        )

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        if form.stale:
            context.update(conflict_context(form.stale, form.cleaned_data.get("text", "")))
        return super().render_change_form(request, context, *args, **kwargs)

    def preview_fixtures(self, prompt):
        return Fixture.objects.order_by("kind", "starting_at", "slug")

    def _labels(self, request, prompt):
        production, draft = prompt.production_version(), prompt.draft()
        return {
            "production": production,
            "draft": draft,
            "draft_diff": word_diff(production.text, draft.text) if draft and production else None,
            "can_publish": self.has_change_permission(request, prompt),
            "seen": SeenFields(initial=SeenFields.initial_of(Seen.of(prompt))),
            "url_names": self.url_names(),
        }

    def url_names(self):
        return {
            name: f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}"
            for name in (
                "change",
                "changelist",
                "history",
                "version",
                "restore",
                "publish",
                "discard",
            )
        }

    def get_urls(self):
        def route(pattern, view, name, post_only=False):
            view = require_POST(view) if post_only else view
            return path(
                f"<path:object_id>/{pattern}",
                self.admin_site.admin_view(view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_{name}",
            )

        return [
            route("preview/", self.preview_view, "preview", post_only=True),
            route("sample/", self.sample_view, "sample", post_only=True),
            route("history/<int:number>/", self.version_view, "version"),
            route("history/<int:number>/restore/", self.restore_view, "restore"),
            route("history/<int:number>/publish/", self.publish_view, "publish"),
            route("history/<int:number>/discard/", self.discard_view, "discard", post_only=True),
        ] + super().get_urls()

    # The studio's live preview and sample script: JSON for studio.js.

    def _prompt_for(self, request, object_id, permission):
        prompt = self.get_object(request, object_id)
        if prompt is None:
            raise Http404(f"No {self.opts.verbose_name} {object_id!r}.")
        if not permission(request, prompt):
            raise PermissionDenied
        return prompt

    def _filled(self, request, prompt):
        """(filled text, facts) for the posted text and fixture, or a JSON error response."""
        try:
            body = json.loads(request.body or "{}")
            text = body.get("text", prompt.text)
            slug = body.get("fixture") or ""
        except (ValueError, AttributeError, RecursionError):  # RecursionError: deeply nested JSON
            return None, JsonResponse({"errors": ["The request is not a JSON object."]}, status=400)
        if not isinstance(text, str) or not isinstance(slug, str):
            return None, JsonResponse({"errors": ["text and fixture must be strings."]}, status=400)
        errors = validate_text(text.replace("\r\n", "\n"), prompt.spec)
        if errors:
            return None, JsonResponse({"errors": errors}, status=422)
        if not slug or slug.startswith(SAMPLES):
            facts = self.sample_facts(prompt, slug.removeprefix(SAMPLES))
            return (self.fill(prompt, text, facts), facts), None
        fixture = Fixture.objects.with_anchor(slug)
        if fixture is None:
            return None, JsonResponse({"errors": [f"No fixture {slug!r}."]}, status=404)
        if fixture.kind == Fixture.Kind.REPLAY and not hasattr(fixture, "anchor"):
            return None, JsonResponse({"errors": [f"{NO_ANCHOR}."]}, status=409)
        facts = self.fixture_facts(prompt, fixture)
        return (self.fill(prompt, text, facts), facts), None

    def sample_facts(self, prompt, kind):
        return samples_for(prompt.spec, kind)

    def fixture_facts(self, prompt, fixture):
        return director.prompt_facts(fixture, prompt.mode, timezone.now())

    def fill(self, prompt, text, facts):
        return fill(prompt.mode, text, facts)

    def preview_view(self, request, object_id):
        prompt = self._prompt_for(request, object_id, self.has_view_permission)
        filled, error = self._filled(request, prompt)
        return error or JsonResponse({"prompt": filled[0], "facts": filled[1]})

    def sample_view(self, request, object_id):
        prompt = self._prompt_for(request, object_id, self.has_change_permission)
        if prompt.is_question:
            raise Http404("A question template has no sample script.")
        filled, error = self._filled(request, prompt)
        if error:
            return error
        result = director.configured_writer().write(ScriptRequest(prompt.mode, *filled))
        return JsonResponse(
            {
                "text": result.text,
                "backend": result.backend,
                "fallback_reason": result.fallback_reason,
                "input_tokens": result.input_tokens,
                "output_tokens": result.output_tokens,
                "offline_note": OFFLINE_SAMPLE_NOTE if result.backend == "offline" else "",
            }
        )

    # History: every version, a diff between any two, restore, publish and discard.

    def history_view(self, request, object_id, extra_context=None):
        prompt = self._prompt_for(request, object_id, self.has_view_permission)
        return self._history_page(request, prompt, None, None)

    def version_view(self, request, object_id, number):
        prompt = self._prompt_for(request, object_id, self.has_view_permission)
        version = get_object_or_404(PromptVersion, prompt=prompt, number=number)
        against = request.GET.get("against", "")
        if against.isdigit() and not VERSION_NUMBER.fullmatch(against):  # "²", 5,000 digits
            raise BadRequest("against must be a version number.")
        against_number = int(against) if against.isdigit() else number - 1  # junk: the previous one
        against = PromptVersion.objects.filter(prompt=prompt, number=against_number).first()
        return self._history_page(request, prompt, version, against)

    def _page(self, request, prompt, title, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "prompt": prompt,
            "production": prompt.production_version(),
            "url_names": self.url_names(),
            **context,
        }

    def _history_page(self, request, prompt, version, against):
        context = self._page(
            request,
            prompt,
            f"History of {prompt.key}",
            versions=prompt.versions.select_related("created_by").order_by("-number"),
            current=prompt.current_version(),
            version=version,
            against=against,
            diff=word_diff(against.text if against else "", version.text) if version else None,
            can_restore=self.has_change_permission(request, prompt),
        )
        return TemplateResponse(request, self.object_history_template, context)

    def restore_view(self, request, object_id, number):
        """GET asks for confirmation; POST makes the version's text a new draft."""
        prompt = self._prompt_for(request, object_id, self.has_change_permission)
        version = get_object_or_404(PromptVersion, prompt=prompt, number=number)
        if request.method != "POST":
            return self._confirmation(
                request, prompt, "restore", f"Restore v{number} of {prompt.key}?", version
            )
        try:
            restored = prompt.restore(version, request.user, seen=posted_seen(request))
        except StaleVersion as stale:
            return self._refused(request, stale, f"Version {number} was not restored")
        except ValidationError as invalid:
            messages.error(request, f"Version {number} cannot be restored: {invalid.messages}")
        else:
            if restored is None:
                messages.info(
                    request, f"v{number}'s text is the current text already: no draft made."
                )
            else:
                messages.success(
                    request,
                    f"Restored version {number} as draft v{restored.number}. Fans still get "
                    f"v{prompt.production_version().number} until you publish it.",
                )
        return redirect(self.url("change", prompt.pk))

    def publish_view(self, request, object_id, number):
        """GET names the version and shows its diff against production; POST publishes it."""
        prompt, stale = self._prompt_for(request, object_id, self.has_change_permission), None
        version = get_object_or_404(PromptVersion, prompt=prompt, number=number, discarded_at=None)
        note = request.POST.get("note", "").strip()[:200]
        if request.method == "POST" and note:
            try:
                prompt.publish(version, request.user, note, seen=posted_seen(request))
            except StaleVersion as refused:
                prompt, stale = refused.prompt, refused
            except ValidationError as invalid:
                messages.error(request, f"Version {number} cannot be published: {invalid.messages}")
                return redirect(self.url("change", prompt.pk))
            else:
                messages.success(request, f"Published v{number}: {self.takes_effect}")
                return redirect(self.url("change", prompt.pk))
        return self._confirmation(
            request,
            prompt,
            "publish",
            f"Publish v{number} of {prompt.key}?",
            version,
            note=note,
            note_missing=request.method == "POST" and not note,
            takes_effect=self.takes_effect,
            **(conflict_context(stale) if stale else {}),
        )

    def _confirmation(self, request, prompt, action, title, version, **context):
        """The page that asks before `action` (restore or publish): the version, what it would
        change (against the text being edited, or production), and the versions it was made from."""
        against = prompt.text if action == "restore" else prompt.production_version().text
        context = self._page(
            request,
            prompt,
            title,
            version=version,
            diff=word_diff(against, version.text),
            seen=SeenFields(initial=SeenFields.initial_of(Seen.of(prompt))),
            **context,
        )
        template = f"admin/showrunner/prompt/{action}_confirm.html"
        return TemplateResponse(request, template, context)

    takes_effect = "the presenter uses it from its next line."

    def discard_view(self, request, object_id, number):
        prompt = self._prompt_for(request, object_id, self.has_change_permission)
        version = get_object_or_404(PromptVersion, prompt=prompt, number=number)
        try:
            prompt.discard(version, request.user, seen=posted_seen(request))
        except StaleVersion as stale:
            return self._refused(request, stale, f"Draft v{number} was not discarded")
        except ValidationError as invalid:
            messages.error(request, " ".join(invalid.messages))
        else:
            messages.success(
                request, f"Discarded draft v{number}: it stays in the history, never published."
            )
        return redirect(self.url("change", prompt.pk))

    def _refused(self, request, stale, what):
        messages.error(
            request,
            f"{what}: someone else changed this text since you opened the page. "
            + describe_since(stale),
        )
        return redirect(self.url("change", stale.prompt.pk))


def describe_since(stale):
    """One sentence per change since the editor's page: who did what, when."""
    return " ".join(
        event for version in stale.since for event in version_events(version, stale.seen)
    )


def version_events(version, seen):
    when = "%Y-%m-%d %H:%M:%S"
    if version.number > seen.newest:
        yield (
            f"{version.author} saved v{version.number} at "
            f"{timezone.localtime(version.created_at):{when}}"
            + (f" (“{version.note}”)." if version.note else ".")
        )
    if version.published_at and version.published_at > seen.at:
        yield (
            f"{version.publisher} published v{version.number} at "
            f"{timezone.localtime(version.published_at):{when}}."
        )
    if version.discarded_at and version.discarded_at > seen.at:
        yield (
            f"{version.discarder} discarded v{version.number} at "
            f"{timezone.localtime(version.discarded_at):{when}}."
        )


def conflict_context(stale, typed=None):
    """What the refusal shows: who changed what since the page, their change word by word, and
    (when the editor typed something) the typed text against theirs."""
    current = stale.prompt.current_version()
    base_text = stale.base.text if stale.base else ""
    return {
        "conflict": stale,
        "conflict_events": describe_since(stale),
        "conflict_current": current,
        "their_diff": word_diff(base_text, current.text),
        "yours_diff": word_diff(current.text, typed) if typed is not None else None,
    }


def samples_for(spec, kind):
    """A mode's sample values for a kind of fixture (the replay's basketball, or football)."""
    return spec.samples_for(kind if kind in SAMPLE_KINDS else SAMPLE_KINDS[0])


@admin.register(Prompt)
class PromptAdmin(StudioAdmin):
    list_display = (
        "key",
        "mode_badge",
        "production_label",
        "draft_label",
        "updated_at",
        "updated_by",
    )
    fields = ("key", "text", "fan_names", "note", "seen_version", "seen_production", "seen_at")

    @admin.display(description="mode")
    def mode_badge(self, prompt):
        return prompt.spec.badge


@admin.register(QuestionPrompt)
class QuestionPromptAdmin(StudioAdmin):
    """A live-game question template's wording, in the same Studio as the prompts. Publishing
    sets the template's question (predictions.PredictionTemplate): the next question made from
    it reads so; a question already out is corrected on its own page (Live predictions)."""

    list_display = ("key", "template_kind", "production_label", "draft_label", "updated_at")
    fields = ("key", "template_kind", "text", "note", "seen_version", "seen_production", "seen_at")
    readonly_fields = ("key", "template_kind")
    takes_effect = (
        "the next question made from this template reads so. A question already out keeps its "
        "wording: correct it in Live predictions."
    )

    @admin.display(description="question kind")
    def template_kind(self, prompt):
        return prompt.question_template.get_kind_display()

    def preview_fixtures(self, prompt):
        return Fixture.objects.filter(kind=Fixture.Kind.FEED).order_by("starting_at", "slug")

    def sample_facts(self, prompt, kind):
        return prompt.spec.samples_for("feed")

    def fixture_facts(self, prompt, fixture):
        return question_values(fixture, now_ms())

    def fill(self, prompt, text, facts):
        return livegame.question(text, facts["home"], facts["away"], facts["at"])


@admin.register(Script)
class ScriptAdmin(admin.ModelAdmin):
    # Readable at 1280 px beside the filters: short time and fixture, the line gets the room.
    list_display = ("when", "fixture_slug", "mode", "text", "prompt_version_label", "backend")
    list_display_links = ("when",)
    list_filter = (
        "mode",
        "backend",
        ("prompt_version", admin.RelatedOnlyFieldListFilter),
        "fixture",
    )
    fields = (
        "at",
        "fixture",
        "mode",
        "text",
        "prompt_version",
        "backend",
        "fallback_reason",
        ("input_tokens", "output_tokens"),
        "facts_given",
    )
    readonly_fields = ("facts_given",)
    search_fields = ("text",)
    date_hierarchy = "at"
    list_select_related = ("fixture", "prompt_version")

    class Media:
        css = {"all": ["showrunner/studio.css"]}

    @admin.display(description="at", ordering="at")
    def when(self, script):
        return timezone.localtime(script.at).strftime(
            "%H:%M:%S"
        )  # the day is in the date bar above

    @admin.display(description="fixture", ordering="fixture__slug")
    def fixture_slug(self, script):
        return script.fixture.slug

    @admin.display(description="the facts the presenter was given")
    def facts_given(self, script):
        if not script.facts:
            return "(not kept: written before scripts kept their facts)"
        rows = format_html_join(
            "", "<dt>{}</dt><dd><pre>{}</pre></dd>", sorted(script.facts.items())
        )
        return format_html('<dl class="script-facts">{}</dl>', rows)

    @admin.display(description="prompt", ordering="prompt_version__number")
    def prompt_version_label(self, script):
        return f"v{script.prompt_version.number}" if script.prompt_version else "–"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a record of what was said


@admin.register(ScheduleItem)
class ScheduleItemAdmin(admin.ModelAdmin):
    """The changelist is the day as a timeline: one row per fixture, one bar per block."""

    change_list_template = "admin/showrunner/scheduleitem/timeline.html"

    def has_add_permission(self, request):
        return False  # the analyzer writes the schedule

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            day = date.fromisoformat(request.GET.get("day", ""))
        except ValueError:
            day = timezone.now().date()
        if not in_range(day):
            raise BadRequest(f"day must lie between {FIRST_DAY} and {LAST_DAY}.")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Showrunner schedule · {day:%A %d %B %Y} (UTC)",
            "day": day,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "hours": range(0, 25, 3),
            "rows": timeline_rows(items_of(day), day),
            "now_at": _percent(timezone.now(), day),
            "replays": Fixture.objects.filter(kind=Fixture.Kind.REPLAY),
        }
        return TemplateResponse(request, self.change_list_template, context)


def timeline_rows(items, day):
    """[{fixture, blocks: [{item, left, width}]}], bars placed in percent of the day."""
    rows = {}
    for item in items:
        left, right = (
            _percent(item.starts_at, day, clip=True),
            _percent(item.ends_at, day, clip=True),
        )
        rows.setdefault(item.fixture, []).append(
            {"item": item, "left": left, "width": round(right - left, 3)}
        )
    return [{"fixture": fixture, "blocks": blocks} for fixture, blocks in rows.items()]


def _percent(moment: datetime, day: date, clip=False):
    start, end = day_bounds(day)
    share = (moment - start) / (end - start) * 100
    if clip:
        return round(min(max(share, 0), 100), 3)
    return round(share, 3) if 0 <= share <= 100 else None
