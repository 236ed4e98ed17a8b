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
from django.views.decorators.http import require_POST

from matches.api import NO_ANCHOR
from matches.models import Fixture
from rally.templating import validate_template
from showrunner import director
from showrunner.backends import ScriptRequest
from showrunner.day import FIRST_DAY, LAST_DAY, day_bounds, in_range, items_of
from showrunner.models import Prompt, PromptVersion, ScheduleItem, Script
from showrunner.prompting import fill
from showrunner.textdiff import line_diff

VERSION_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only ("²".isdigit() is True), int-sized


OFFLINE_SAMPLE_NOTE = (
    "The offline writer answered. It builds lines from the facts and ignores the prompt's "
    "wording, so this sample does not show the effect of your text."
)


class PromptForm(forms.ModelForm):
    note = forms.CharField(
        required=False,
        max_length=200,
        help_text="What you changed and why; kept with the draft in the history.",
    )

    class Meta:
        model = Prompt
        fields = ("text", "fan_names")


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    form = PromptForm
    list_display = (
        "key",
        "mode_badge",
        "production_label",
        "draft_label",
        "updated_at",
        "updated_by",
    )
    fields = ("key", "text", "fan_names", "note")
    readonly_fields = ("key",)
    change_form_template = "admin/showrunner/prompt/change_form.html"
    object_history_template = "admin/showrunner/prompt/history.html"

    @admin.display(description="mode")
    def mode_badge(self, prompt):
        return prompt.spec.badge

    @admin.display(description="in production")
    def production_label(self, prompt):
        production = prompt.production_version()
        return f"v{production.number}" if production else "–"

    @admin.display(description="draft")
    def draft_label(self, prompt):
        draft = prompt.draft()
        return f"v{draft.number}" if draft else "–"

    def has_add_permission(self, request):
        return False  # one prompt per mode, made by the migration

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, prompt, form, change):
        if "fan_names" in form.changed_data:  # a switch, not a version: it applies at once
            Prompt.objects.filter(pk=prompt.pk).update(fan_names=prompt.fan_names)
        if "text" in form.changed_data:
            draft = prompt.save_version(
                prompt.text, request.user, note=form.cleaned_data.get("note", "")
            )
            production = prompt.production_version()
            messages.info(
                request,
                f"Saved as draft v{draft.number}. The presenter still uses v{production.number}: "
                "publish the draft when it is ready.",
            )

    def response_change(self, request, prompt):
        # Back to the prompt, where the new draft waits beside production with Publish.
        response = super().response_change(request, prompt)
        if "_save" in request.POST:
            return redirect("admin:showrunner_prompt_change", prompt.pk)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        prompt = self.get_object(request, object_id)
        context = prompt and {
            "mode": prompt.spec,
            "fixtures": Fixture.objects.order_by("kind", "starting_at", "slug"),
            "preview_url": reverse("admin:showrunner_prompt_preview", args=[prompt.pk]),
            "sample_url": reverse("admin:showrunner_prompt_sample", args=[prompt.pk]),
            "backend": director.backend_config().backend,
            **self._labels(request, prompt),
        }
        return super().change_view(
            request, object_id, form_url, {**(context or {}), **(extra_context or {})}
        )

    def _labels(self, request, prompt):
        production, draft = prompt.production_version(), prompt.draft()
        return {
            "production": production,
            "draft": draft,
            "draft_diff": line_diff(production.text, draft.text) if draft and production else None,
            "can_publish": self.has_change_permission(request, prompt),
        }

    def get_urls(self):
        def route(pattern, view, name, post_only=False):
            view = require_POST(view) if post_only else view
            return path(
                f"<path:object_id>/{pattern}",
                self.admin_site.admin_view(view),
                name=f"showrunner_prompt_{name}",
            )

        return [
            route("preview/", self.preview_view, "preview", post_only=True),
            route("sample/", self.sample_view, "sample", post_only=True),
            route("history/<int:number>/", self.version_view, "version"),
            route("history/<int:number>/restore/", self.restore_view, "restore"),
            route("history/<int:number>/publish/", self.publish_view, "publish", post_only=True),
        ] + super().get_urls()

    # The studio's live preview and sample script: JSON for studio.js.

    def _prompt_for(self, request, object_id, permission):
        prompt = self.get_object(request, object_id)
        if prompt is None:
            raise Http404(f"No prompt {object_id!r}.")
        if not permission(request, prompt):
            raise PermissionDenied
        return prompt

    def _filled(self, request, prompt):
        """(filled prompt, facts) for the posted text and fixture, or a JSON error response."""
        try:
            body = json.loads(request.body or "{}")
            text = body.get("text", prompt.text)
            slug = body.get("fixture") or ""
        except (ValueError, AttributeError, RecursionError):  # RecursionError: deeply nested JSON
            return None, JsonResponse({"errors": ["The request is not a JSON object."]}, status=400)
        if not isinstance(text, str) or not isinstance(slug, str):
            return None, JsonResponse({"errors": ["text and fixture must be strings."]}, status=400)
        errors = validate_template(text, prompt.spec.names)
        if errors:
            return None, JsonResponse({"errors": errors}, status=422)
        if not slug:
            return (fill(prompt.mode, text, prompt.spec.samples), prompt.spec.samples), None
        fixture = Fixture.objects.with_anchor(slug)
        if fixture is None:
            return None, JsonResponse({"errors": [f"No fixture {slug!r}."]}, status=404)
        if fixture.kind == Fixture.Kind.REPLAY and not hasattr(fixture, "anchor"):
            return None, JsonResponse({"errors": [f"{NO_ANCHOR}."]}, status=409)
        facts = director.prompt_facts(fixture, prompt.mode, timezone.now())
        return (fill(prompt.mode, text, facts), facts), None

    def preview_view(self, request, object_id):
        prompt = self._prompt_for(request, object_id, self.has_view_permission)
        filled, error = self._filled(request, prompt)
        return error or JsonResponse({"prompt": filled[0], "facts": filled[1]})

    def sample_view(self, request, object_id):
        prompt = self._prompt_for(request, object_id, self.has_change_permission)
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

    # History: every version, a diff between any two, and restore in one click.

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

    def _history_page(self, request, prompt, version, against):
        current = prompt.current_version()
        context = {
            "production": prompt.production_version(),
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"History of {prompt.key}",
            "prompt": prompt,
            "versions": prompt.versions.select_related("created_by").order_by("-number"),
            "current": current,
            "version": version,
            "against": against,
            "diff": line_diff(against.text if against else "", version.text) if version else None,
            "can_restore": self.has_change_permission(request, prompt),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def restore_view(self, request, object_id, number):
        """GET asks for confirmation; POST makes the version's text a new draft."""
        prompt = self._prompt_for(request, object_id, self.has_change_permission)
        version = get_object_or_404(PromptVersion, prompt=prompt, number=number)
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"Restore v{number} of {prompt.key}?",
                "prompt": prompt,
                "version": version,
                "production": prompt.production_version(),
                "diff": line_diff(prompt.text, version.text),
            }
            return TemplateResponse(
                request, "admin/showrunner/prompt/restore_confirm.html", context
            )
        try:
            restored = prompt.restore(version, request.user)
        except ValidationError as invalid:
            messages.error(request, f"Version {number} cannot be restored: {invalid.messages}")
        else:
            messages.success(
                request,
                f"Restored version {number} as draft v{restored.number}. "
                f"The presenter still uses v{prompt.production_version().number} until you publish it.",
            )
        return redirect("admin:showrunner_prompt_change", prompt.pk)

    def publish_view(self, request, object_id, number):
        """Move the production label to version `number`, with the editor's note."""
        prompt = self._prompt_for(request, object_id, self.has_change_permission)
        version = get_object_or_404(PromptVersion, prompt=prompt, number=number)
        note = request.POST.get("note", "").strip()[:200]
        try:
            prompt.publish(version, request.user, note)
        except ValidationError as invalid:
            messages.error(request, f"Version {number} cannot be published: {invalid.messages}")
        else:
            messages.success(
                request, f"Published v{number}: the presenter uses it from its next line."
            )
        return redirect("admin:showrunner_prompt_change", prompt.pk)


@admin.register(Script)
class ScriptAdmin(admin.ModelAdmin):
    # Readable at 1280 px beside the filters: short time and fixture, the line gets the room.
    list_display = ("when", "fixture_slug", "mode", "text", "prompt_version_label", "backend")
    list_display_links = ("when",)
    list_filter = ("mode", "backend", "fixture")
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
