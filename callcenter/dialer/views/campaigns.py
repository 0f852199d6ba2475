"""The campaign manager's pages: the campaign list, a campaign's monitor, its status and its results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from callcenter.core.page_roles import role_required
from callcenter.dialer import actions
from callcenter.dialer.export import export_results_csv
from callcenter.dialer.metrics import campaign_metrics
from callcenter.dialer.models import Campaign, DialerAgentState
from callcenter.dialer.querysets import CAMPAIGN_MANAGERS

# Guards the campaign manager's pages: open to campaign managers only.
manager_page = role_required(*CAMPAIGN_MANAGERS)


def manager_campaign(request: HttpRequest, pk: int) -> Campaign:
    """The campaign ``pk`` among those the (campaign manager) user sees; 404 otherwise."""
    return get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)


@manager_page
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.visible_to(request.user)
    return render(request, "dialer/campaign_list.html", {"campaigns": campaigns})


@manager_page
def monitor(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = manager_campaign(request, pk)
    metrics = campaign_metrics(campaign)
    agents = (
        DialerAgentState.objects.filter(campaign=campaign)
        .select_related("agent")
        .order_by("agent__display_name")
    )
    return render(
        request, "dialer/monitor.html", {"campaign": campaign, "metrics": metrics, "agent_states": agents}
    )


@manager_page
def monitor_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The monitor's figures, for the page's refresh and the wallboard tile."""
    return JsonResponse(campaign_metrics(manager_campaign(request, pk)))


@manager_page
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = manager_campaign(request, pk)
    try:
        actions.set_campaign_status(request.user, campaign, request.POST.get("status", ""))
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request, _("The campaign is now %(status)s.") % {"status": campaign.get_status_display()}
        )
    return redirect("dialer:monitor", pk=campaign.pk)


@manager_page
def export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = manager_campaign(request, pk)
    response = HttpResponse(export_results_csv(campaign), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{campaign.name}-results.csv"'
    return response
