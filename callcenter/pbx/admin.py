"""Admin of the PBX configuration."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role
from callcenter.core.admin import ActionsModelAdmin
from callcenter.pbx import actions
from callcenter.pbx.actions import apply_configuration, rollback_configuration
from callcenter.pbx.audio import ConvertedAudio, convert_upload
from callcenter.pbx.models import (
    DEFAULT_MOH_CLASS,
    AsteriskServer,
    AudioModel,
    ConfigApply,
    Holiday,
    InboundRoute,
    IVRMenu,
    IVROption,
    MusicOnHoldClass,
    MusicOnHoldFile,
    PhoneAccount,
    Prompt,
    Queue,
    Schedule,
    ScheduleRule,
    Trunk,
    audio_users,
)

# Model fields that name a prompt: typed freely (a sound of the node's own), with the uploaded ones offered.
PROMPT_FIELDS = frozenset({"periodic_announce", "greeting", "invalid_prompt", "closed_prompt"})


class PromptNameInput(forms.TextInput):
    """A prompt name: any sound of the node, with the uploaded prompts offered as suggestions."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        listing = f"{(attrs or {}).get('id') or 'id_' + name}_prompts"
        html = super().render(name, value, {**(attrs or {}), "list": listing}, renderer)
        options = format_html_join("", '<option value="{}"></option>', ((n,) for n in prompt_names()))
        return format_html('{}<datalist id="{}">{}</datalist>', html, listing, options)


def prompt_names() -> list[str]:
    return list(Prompt.objects.order_by("name").values_list("name", flat=True))


class MohClassSelect(forms.Select):
    """A queue's music on hold class: the node's default or an uploaded class (a stored value that is neither
    is still shown as it is, so that opening and saving the form never changes it silently)."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        names = list(MusicOnHoldClass.objects.order_by("name").values_list("name", flat=True))
        choices: list[tuple[str, Any]] = [(DEFAULT_MOH_CLASS, _("default (the node's own music)"))]
        choices += [(class_name, class_name) for class_name in names]
        if value and value not in {DEFAULT_MOH_CLASS, *names}:
            choices.append((value, value))
        self.choices = choices
        return super().get_context(name, value, attrs)


class PromptFieldsMixin(admin.ModelAdmin):
    """Prompt name fields suggest the uploaded prompts; the music on hold class is chosen from a list."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in PROMPT_FIELDS:
            kwargs["widget"] = PromptNameInput()
        elif db_field.name == "music_class":
            kwargs["widget"] = MohClassSelect()
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AsteriskServerForm(forms.ModelForm):
    ami_secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)

    class Meta:
        model = AsteriskServer
        fields = [
            "name",
            "ami_host",
            "ami_port",
            "ami_username",
            "ami_secret",
            "ami_secret_env",
            "queue_log_path",
            "config_dir",
            "recordings_dir",
            "sip_port",
            "enabled",
            "group",
        ]


@admin.register(AsteriskServer)
class AsteriskServerAdmin(ActionsModelAdmin):
    actions_module = actions
    form = AsteriskServerForm
    list_display = ["name", "ami_host", "ami_port", "ami_username", "group", "enabled"]
    actions = ["apply_configuration", "dry_run_configuration"]

    def _run_apply(self, request: HttpRequest, queryset: QuerySet[AsteriskServer], *, dry_run: bool) -> None:
        if not has_role(request.user, Role.ADMIN):
            self.message_user(request, _("Only administrators apply configuration."), messages.ERROR)
            return
        for server in queryset:
            entry = apply_configuration(request.user, server, dry_run=dry_run)
            report_apply(self, request, entry)

    @admin.action(description=_("Apply the configuration (render, check, swap, reload)"))
    def apply_configuration(self, request: HttpRequest, queryset: QuerySet[AsteriskServer]) -> None:
        self._run_apply(request, queryset, dry_run=False)

    @admin.action(description=_("Dry run: render, diff and check only"))
    def dry_run_configuration(self, request: HttpRequest, queryset: QuerySet[AsteriskServer]) -> None:
        self._run_apply(request, queryset, dry_run=True)


class TrunkForm(forms.ModelForm):
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)

    class Meta:
        model = Trunk
        fields = [
            "name",
            "server",
            "host",
            "port",
            "transport",
            "username",
            "secret",
            "from_user",
            "codecs",
            "max_channels",
            "outbound_prefix",
            "caller_id",
            "enabled",
        ]


@admin.register(Trunk)
class TrunkAdmin(ActionsModelAdmin):
    actions_module = actions
    form = TrunkForm
    list_display = ["name", "host", "transport", "max_channels", "enabled"]


@admin.register(Queue)
class QueueAdmin(PromptFieldsMixin, ActionsModelAdmin):
    actions_module = actions
    list_display = [
        "name",
        "strategy",
        "timeout",
        "service_level",
        "maxlen",
        "survey_enabled",
        "callback_enabled",
    ]
    list_filter = ["strategy", "survey_enabled", "callback_enabled"]
    search_fields = ["name", "display_name"]


class ScheduleRuleInline(admin.TabularInline):
    model = ScheduleRule
    extra = 0


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


@admin.register(Schedule)
class ScheduleAdmin(ActionsModelAdmin):
    actions_module = actions
    list_display = ["name", "time_zone"]
    inlines = [ScheduleRuleInline, HolidayInline]


class IVROptionInline(admin.TabularInline):
    model = IVROption
    fk_name = "menu"
    extra = 0


@admin.register(IVRMenu)
class IVRMenuAdmin(PromptFieldsMixin, ActionsModelAdmin):
    actions_module = actions
    list_display = ["name", "greeting", "timeout_s", "max_retries"]
    inlines = [IVROptionInline]


@admin.register(InboundRoute)
class InboundRouteAdmin(PromptFieldsMixin, ActionsModelAdmin):
    actions_module = actions
    list_display = ["did", "name", "destination", "queue", "ivr", "schedule"]
    search_fields = ["did", "name"]


def report_apply(model_admin: admin.ModelAdmin, request: HttpRequest, entry: ConfigApply) -> None:
    """One admin message per apply: its outcome, with the error when it failed."""
    ok = entry.status in (
        ConfigApply.Status.APPLIED,
        ConfigApply.Status.UNCHANGED,
        ConfigApply.Status.DRY_RUN,
    )
    text = _("%(server)s: %(status)s (version %(version)s, changed: %(files)s, reloaded: %(modules)s)") % {
        "server": entry.server.name,
        "status": entry.get_status_display(),
        "version": entry.version or "-",
        "files": ", ".join(entry.changed_files) or "-",
        "modules": ", ".join(entry.reloaded) or "-",
    }
    if entry.error:
        text = f"{text}: {entry.error[:2000]}"
    model_admin.message_user(request, text, messages.SUCCESS if ok else messages.ERROR)


@admin.register(ConfigApply)
class ConfigApplyAdmin(admin.ModelAdmin):
    """The history of applies and rollbacks; a kept version can be put back live from here."""

    list_display = ["created_at", "server", "kind", "version", "previous_version", "status", "actor_name"]
    list_filter = ["server", "status", "kind"]
    readonly_fields = [
        "server", "kind", "version", "previous_version", "created_at", "actor", "actor_name", "status",
        "changed_files", "reloaded", "warnings", "error", "duration_ms", "diff", "group_apply",
    ]  # fmt: skip
    actions = ["roll_back_to_version"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False

    @admin.action(description=_("Roll back to this version"))
    def roll_back_to_version(self, request: HttpRequest, queryset: QuerySet[ConfigApply]) -> None:
        if not has_role(request.user, Role.ADMIN):
            self.message_user(request, _("Only administrators roll back configuration."), messages.ERROR)
            return
        chosen = list(queryset.exclude(version=None))
        if len(chosen) != 1 or chosen[0].status != ConfigApply.Status.APPLIED:
            self.message_user(request, _("Choose exactly one applied version."), messages.ERROR)
            return
        entry = rollback_configuration(request.user, chosen[0].server, chosen[0].version or 0)
        report_apply(self, request, entry)


class PhoneAccountForm(forms.ModelForm):
    secret = forms.CharField(widget=forms.PasswordInput(render_value=False), required=True)

    class Meta:
        model = PhoneAccount
        fields = ["extension", "secret"]


@admin.register(PhoneAccount)
class PhoneAccountAdmin(ActionsModelAdmin):
    """SIP passwords of desk phones; the password is write-only here."""

    actions_module = actions
    form = PhoneAccountForm
    list_display = ["extension", "updated_at"]
    search_fields = ["extension"]


# -- prompts and music on hold ----------------------------------------------------------------------
class AudioForm(forms.ModelForm):
    """An upload converted for Asterisk as the form is validated: refused files are form errors, nothing saved.

    The upload is the form field ``recording``; the model's own ``audio`` (not editable) gets the converted
    bytes, and its errors are shown on ``recording``.
    """

    recording = forms.FileField(
        label=_("recording"),
        required=False,
        help_text=_("A WAV or MP3 file; it is converted to 8 kHz mono 16-bit WAV for Asterisk."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recording"].required = self.instance.pk is None

    def clean_recording(self) -> ConvertedAudio | None:
        upload = self.cleaned_data.get("recording")
        if not upload:
            return None
        return convert_upload(upload)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        # The model's own validation, which follows, needs the recording: the unsaved instance gets it.
        converted = self.cleaned_data.get("recording")
        if isinstance(converted, ConvertedAudio):
            self.instance.audio = converted.data
            self.instance.sha256 = converted.sha256
        return cleaned

    def add_error(self, field: str | None, error: Any) -> None:
        """The model's errors about its ``audio`` are shown on the upload field."""
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            moved = error.error_dict.pop("audio", None)
            if moved and not self.has_error("recording"):
                super().add_error("recording", ValidationError(moved))
            if not error.error_dict:
                return
        super().add_error(field, error)


class PromptForm(AudioForm):
    class Meta:
        model = Prompt
        fields = ["name", "description"]


class MusicOnHoldFileForm(AudioForm):
    class Meta:
        model = MusicOnHoldFile
        fields = ["name"]


class MusicOnHoldFileAdminForm(AudioForm):
    class Meta:
        model = MusicOnHoldFile
        fields = ["moh_class", "name"]


def listen(obj: AudioModel, url_name: str) -> SafeString | str:
    if obj.pk is None or not obj.sha256:
        return "-"
    source = reverse(url_name, args=[obj.pk])
    return format_html('<audio controls preload="none" src="{}"></audio>', source)


class AudioAdminMixin(admin.ModelAdmin):
    """Saves through actions.save_audio; plays the stored recording back; refuses deleting one in use."""

    readonly_fields = ["duration", "original_name", "sha256", "player"]

    @admin.display(description=_("duration (s)"))
    def duration(self, obj: AudioModel) -> float:
        return obj.duration_s

    @admin.display(description=_("listen"))
    def player(self, obj: AudioModel) -> SafeString | str:
        return listen(obj, f"admin:{obj._meta.app_label}_{obj._meta.model_name}_audio")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.save_audio(request.user, obj, form.cleaned_data.get("recording"))

    def get_urls(self) -> list[URLPattern]:
        meta = self.model._meta
        return [
            path(
                "<path:object_id>/audio/",
                self.admin_site.admin_view(self.audio_view),
                name=f"{meta.app_label}_{meta.model_name}_audio",
            ),
            *super().get_urls(),
        ]

    def audio_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The stored WAV, for the admin's player."""
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        response = HttpResponse(bytes(obj.audio or b""), content_type="audio/wav")
        response["Content-Disposition"] = "inline"
        return response

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, Any, Any, Any]:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, [*protected, *_in_use(objs)]


def _in_use(objs: Any) -> list[str]:
    return [
        f"{capfirst(user._meta.verbose_name)}: {user} ({obj})" for obj in objs for user in audio_users(obj)
    ]


@admin.register(Prompt)
class PromptAdmin(AudioAdminMixin, ActionsModelAdmin):
    """Recorded prompts, played wherever their name is given (IVR greetings, closed prompts, queues)."""

    actions_module = actions
    form = PromptForm
    list_display = ["name", "description", "duration", "original_name", "updated_at"]
    search_fields = ["name", "description"]


class MusicOnHoldFileInline(admin.TabularInline):
    model = MusicOnHoldFile
    form = MusicOnHoldFileForm
    extra = 1
    fields = ["name", "recording", "duration", "original_name", "player"]
    readonly_fields = ["duration", "original_name", "player"]

    @admin.display(description=_("duration (s)"))
    def duration(self, obj: MusicOnHoldFile) -> float:
        return obj.duration_s

    @admin.display(description=_("listen"))
    def player(self, obj: MusicOnHoldFile) -> SafeString | str:
        return listen(obj, "admin:pbx_musiconholdfile_audio")


@admin.register(MusicOnHoldClass)
class MusicOnHoldClassAdmin(ActionsModelAdmin):
    """Music on hold classes and their files; a class is rendered into musiconhold.conf once it has a file."""

    actions_module = actions
    list_display = ["name", "sort", "file_count", "description"]
    search_fields = ["name", "description"]
    inlines = [MusicOnHoldFileInline]

    @admin.display(description=_("files"))
    def file_count(self, obj: MusicOnHoldClass) -> int:
        return obj.files.count()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Each file through the actions (audited, converted audio stored); deleted ones too."""
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            actions.delete(request.user, obj)
        for inline in formset.forms:
            if formset._should_delete_form(inline) or not inline.has_changed():
                continue
            actions.save_audio(request.user, inline.instance, inline.cleaned_data.get("recording"))

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, Any, Any, Any]:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, [*protected, *_in_use(objs)]


@admin.register(MusicOnHoldFile)
class MusicOnHoldFileAdmin(AudioAdminMixin, ActionsModelAdmin):
    """One file of a class (also edited inline on the class); here it can be played back and replaced."""

    actions_module = actions
    form = MusicOnHoldFileAdminForm
    list_display = ["name", "moh_class", "duration", "original_name", "updated_at"]
    list_filter = ["moh_class"]
    search_fields = ["name"]


# Node groups and their applies: registered with the rest of the PBX admin.
from callcenter.pbx import group_admin  # noqa: E402,F401
