"""Pages of the dialer: campaign list and monitor, list upload with mapping and preview, the agent's page."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from callcenter.accounts.roles import has_role
from callcenter.agents.models import Agent
from callcenter.dialer import actions, loop
from callcenter.dialer.forms import DispositionForm, MappingForm, UploadForm
from callcenter.dialer.models import Attempt, Campaign, DialerAgentState, Lead
from callcenter.dialer.querysets import CAMPAIGN_MANAGERS
from callcenter.dialer.transport import OriginateRejected, TransportLost, TransportUnavailable

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SESSION_UPLOAD_KEY = "dialer_upload"


def _manager_campaign(request: HttpRequest, pk: int) -> Campaign:
    if not has_role(request.user, *CAMPAIGN_MANAGERS):
        raise PermissionDenied
    return get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, *CAMPAIGN_MANAGERS):
        raise PermissionDenied
    campaigns = Campaign.objects.visible_to(request.user)
    return render(request, "dialer/campaign_list.html", {"campaigns": campaigns})


@login_required
def monitor(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _manager_campaign(request, pk)
    metrics = actions.campaign_metrics(campaign)
    agents = (
        DialerAgentState.objects.filter(campaign=campaign)
        .select_related("agent")
        .order_by("agent__display_name")
    )
    return render(
        request, "dialer/monitor.html", {"campaign": campaign, "metrics": metrics, "agent_states": agents}
    )


@login_required
def monitor_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The monitor's figures, for the page's refresh and the wallboard tile."""
    return JsonResponse(actions.campaign_metrics(_manager_campaign(request, pk)))


@login_required
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _manager_campaign(request, pk)
    try:
        actions.set_campaign_status(request.user, campaign, request.POST.get("status", ""))
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request, _("The campaign is now %(status)s.") % {"status": campaign.get_status_display()}
        )
    return redirect("dialer:monitor", pk=campaign.pk)


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _manager_campaign(request, pk)
    response = HttpResponse(actions.export_results_csv(campaign), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{campaign.name}-results.csv"'
    return response


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "dialer-uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: upload the file. Step 2: map the columns, see the preview and every bad row, then import."""
    campaign = _manager_campaign(request, pk)
    stored: dict[str, Any] = request.session.get(SESSION_UPLOAD_KEY) or {}
    upload_form = UploadForm()
    context: dict[str, object] = {"campaign": campaign}
    if request.method == "POST" and "file" in request.FILES:
        upload_form = UploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            file = upload_form.cleaned_data["file"]
            suffix = ".xlsx" if file.name.lower().endswith(".xlsx") else ".csv"
            if file.size > MAX_UPLOAD_BYTES:
                upload_form.add_error("file", _("The file is larger than 20 MB."))
            else:
                token = secrets.token_hex(16)
                (_upload_dir() / f"{token}{suffix}").write_bytes(file.read())
                stored = {
                    "token": token,
                    "suffix": suffix,
                    "name": file.name,
                    "list_name": upload_form.cleaned_data["list_name"],
                    "campaign": campaign.pk,
                }
                request.session[SESSION_UPLOAD_KEY] = stored
    in_progress = stored.get("campaign") == campaign.pk
    if in_progress and (request.method == "POST" or request.GET.get("step") == "map"):
        path = _upload_dir() / f"{stored['token']}{stored['suffix']}"
        data = path.read_bytes() if path.exists() else b""
        filename = f"upload{stored['suffix']}"
        try:
            columns, _rows = actions.read_table(data, filename)
        except actions.ImportFileError as exc:
            messages.error(request, str(exc))
            request.session.pop(SESSION_UPLOAD_KEY, None)
            return redirect("dialer:upload", pk=campaign.pk)
        if "file" in request.FILES or request.method == "GET":
            mapping_form = MappingForm(initial=actions.guess_mapping(columns), columns=columns)
            mapping = actions.guess_mapping(columns)
        else:
            mapping_form = MappingForm(request.POST, columns=columns)
            mapping = mapping_form.mapping() if mapping_form.is_valid() else actions.guess_mapping(columns)
        if mapping.get("phone") in columns:
            if request.POST.get("do") == "import" and mapping_form.is_valid():
                contact_list, preview = actions.import_contacts(
                    request.user,
                    campaign,
                    data,
                    filename,
                    mapping,
                    list_name=stored.get("list_name") or stored["name"],
                )
                path.unlink(missing_ok=True)
                request.session.pop(SESSION_UPLOAD_KEY, None)
                messages.success(
                    request,
                    _("Imported %(good)s contacts into “%(list)s”; %(bad)s rows were left out.")
                    % {"good": preview.good_count, "list": contact_list.name, "bad": len(preview.errors)},
                )
                context.update({"preview": preview, "imported": True})
                return render(request, "dialer/upload.html", context)
            context["preview"] = actions.preview_import(campaign, data, filename, mapping)
        context.update({"mapping_form": mapping_form, "columns": columns, "file_name": stored["name"]})
    context["upload_form"] = upload_form
    return render(request, "dialer/upload.html", context)


def _agent_for(request: HttpRequest) -> Agent:
    if not request.user.is_authenticated:
        raise PermissionDenied
    agent = Agent.objects.filter(user=request.user, active=True).first()
    if agent is None:
        raise PermissionDenied
    return agent


@login_required
def agent_page(request: HttpRequest) -> HttpResponse:
    """The agent's dialer page: join a campaign, preview and dial the next lead, set the disposition."""
    agent = _agent_for(request)
    campaigns = Campaign.objects.visible_to(request.user).exclude(status=Campaign.Status.STOPPED)
    state = DialerAgentState.objects.filter(agent=agent).select_related("campaign").first()
    lead: Lead | None = None
    if (
        state
        and state.campaign
        and state.status == DialerAgentState.Status.READY
        and state.campaign.mode == "preview"
    ):
        lead = actions.next_preview_lead(agent, state.campaign)
    if lead is None:
        # A callback assigned to this agent waits in their preview, whatever its campaign's mode.
        lead = (
            Lead.objects.filter(preview_agent=agent, state=Lead.State.PREVIEW)
            .select_related("campaign")
            .order_by("id")
            .first()
        )
    to_dispose = (
        Attempt.objects.filter(agent=agent, disposition="", answered_at__isnull=False)
        .select_related("lead", "campaign")
        .order_by("-id")
        .first()
    )
    return render(
        request,
        "dialer/agent.html",
        {
            "agent": agent,
            "campaigns": campaigns,
            "state": state,
            "lead": lead,
            "to_dispose": to_dispose,
            "disposition_form": DispositionForm(),
        },
    )


@login_required
@require_POST
def agent_join(request: HttpRequest) -> HttpResponse:
    agent = _agent_for(request)
    campaign_id = request.POST.get("campaign", "")
    if campaign_id:
        campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=campaign_id)
        actions.set_agent_status(agent, DialerAgentState.Status.READY, campaign=campaign)
    else:
        actions.leave_dialer(request.user, agent)
    return redirect("dialer:agent")


@login_required
@require_POST
def agent_dial(request: HttpRequest, lead_id: int) -> HttpResponse:
    agent = _agent_for(request)
    lead = get_object_or_404(Lead, pk=lead_id, preview_agent=agent)
    transport = loop.transport_for(lead.campaign)
    if transport is None:
        messages.error(request, _("No Asterisk server is configured for this campaign."))
        return redirect("dialer:agent")
    try:
        actions.dial_preview(agent, lead, transport)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except (TransportLost, TransportUnavailable, OriginateRejected) as exc:
        messages.error(request, _("The call could not be placed: %(error)s") % {"error": exc})
    else:
        messages.success(request, _("Dialing %(phone)s…") % {"phone": lead.phone})
    return redirect("dialer:agent")


@login_required
@require_POST
def agent_disposition(request: HttpRequest, attempt_id: int) -> HttpResponse:
    agent = _agent_for(request)
    attempt = get_object_or_404(Attempt, pk=attempt_id, agent=agent)
    form = DispositionForm(request.POST)
    if form.is_valid():
        try:
            actions.record_disposition(request.user, attempt, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        errors = [str(message) for field_errors in form.errors.values() for message in field_errors]
        messages.error(request, " ".join(errors) or _("Choose a disposition."))
    return redirect("dialer:agent")
