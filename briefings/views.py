"""The briefing settings page of a store (its ops manager's): schedule, recipients, group robots, test messages
and the recent deliveries with their failures."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import store_rule, with_rule
from accounts.choices import Action

from .choices import WEBHOOK_CHANNELS, Channel, DeliveryStatus, Purpose
from .domain import next_send_at
from .forms import BriefingSettingsForm, RobotForm
from .models import BriefingDelivery
from .selectors import email_recipients, last_briefing_by_channel, recent_deliveries, robots_of, settings_of
from .services import (
    briefing_settings_save,
    delivery_send_again,
    robot_remove,
    robot_save,
    robot_secret_clear,
    test_message_send,
)
from .tasks import briefing_deliver

EDIT = store_rule(Action.EDIT_STORE)


def _robot_forms(robots, data=None, bound: str | None = None) -> list[RobotForm]:
    return [
        RobotForm(data if channel == bound else None, channel=channel, robot=robots.get(channel))
        for channel in WEBHOOK_CHANNELS
    ]


def _save_robot(request: HttpRequest, form: RobotForm) -> bool:
    store, channel = request.store, form.channel
    if "remove" in request.POST and form.robot is not None:
        robot_remove(store, channel)
        messages.success(request, _("Removed the %(channel)s.") % {"channel": Channel(channel).label})
        return True
    if "clear_secret" in request.POST and form.robot is not None:
        robot_secret_clear(form.robot)
        messages.success(request, _("Removed the signing secret."))
        return True
    if not form.is_valid():
        return False
    robot_save(
        store,
        channel,
        url=form.cleaned_data["url"],
        secret=form.cleaned_data.get("secret", ""),
        enabled=form.cleaned_data["enabled"],
    )
    messages.success(request, _("Saved the %(channel)s.") % {"channel": Channel(channel).label})
    return True


@with_rule(EDIT)
def briefing_settings(request: HttpRequest, store: str) -> HttpResponse:
    """When the store's briefing goes out, to whom, on which robots; and how the last ones went."""
    current = settings_of(request.store)
    robots = robots_of(request.store)
    part = request.POST.get("part", "") if request.method == "POST" else ""
    settings_form = BriefingSettingsForm(request.POST if part == "settings" else None, instance=current)
    robot_forms = _robot_forms(robots, request.POST, bound=part)
    if part == "settings" and settings_form.is_valid():
        fields = {name: settings_form.cleaned_data[name] for name in settings_form.Meta.fields}
        briefing_settings_save(request.store, **fields)
        messages.success(request, _("Saved the briefing settings."))
        return redirect("briefings:settings", store=store)
    if part in WEBHOOK_CHANNELS:
        form = next(f for f in robot_forms if f.channel == part)
        if _save_robot(request, form):
            return redirect("briefings:settings", store=store)
    current = settings_of(request.store)  # as saved: a refused form may have changed the instance it was given
    recipients = email_recipients(request.store, current)
    latest = last_briefing_by_channel(request.store)
    now = timezone.now()
    context = {
        "store": request.store,
        "current": current,
        "settings_form": settings_form,
        "robots": [
            {
                "form": f,
                "robot": robots.get(f.channel),
                "label": Channel(f.channel).label,
                "last": latest.get(f.channel),
            }
            for f in robot_forms
        ],
        "recipients": recipients,
        "email_last": latest.get(Channel.EMAIL),
        "next_send": next_send_at(
            now, request.store.time_zone, current.send_hour, sent_today=_sent_today(latest, request.store, now)
        )
        if current.pk and current.enabled
        else None,
        "deliveries": recent_deliveries(request.store),
    }
    context["due_now"] = context["next_send"] is not None and context["next_send"] <= now
    return render(request, "briefings/settings.html", context)


def _sent_today(latest: dict[str, BriefingDelivery], store, now) -> bool:
    today = now.astimezone(ZoneInfo(store.time_zone)).date()
    return any(d.day == today for d in latest.values())


@with_rule(EDIT)
@require_POST
def test_send(request: HttpRequest, store: str) -> HttpResponse:
    """Send a test message on one channel now and say how it went."""
    channel = request.POST.get("channel", "")
    if channel not in Channel.values:
        messages.error(request, _("Choose a channel to test."))
        return redirect("briefings:settings", store=store)
    if channel == Channel.EMAIL and not email_recipients(request.store, settings_of(request.store)):
        messages.error(request, _("The briefing has no e-mail recipients yet."))
        return redirect("briefings:settings", store=store)
    if channel != Channel.EMAIL and channel not in robots_of(request.store):
        messages.error(request, _("Set the %(channel)s first.") % {"channel": Channel(channel).label})
        return redirect("briefings:settings", store=store)
    delivery = test_message_send(request.store, channel)
    label = Channel(channel).label
    if delivery.status == DeliveryStatus.SENT:
        messages.success(request, _("Test message sent on the %(channel)s.") % {"channel": label})
    else:
        messages.error(
            request,
            _("The test message on the %(channel)s failed: %(error)s")
            % {"channel": label, "error": delivery.last_error},
        )
    return redirect("briefings:settings", store=store)


@with_rule(EDIT)
@require_POST
def send_again(request: HttpRequest, store: str) -> HttpResponse:
    """Try a failed briefing delivery again, with fresh attempts."""
    delivery = BriefingDelivery.objects.filter(
        pk=request.POST.get("delivery") if str(request.POST.get("delivery", "")).isdigit() else None,
        store=request.store,
        purpose=Purpose.BRIEFING,
    ).first()
    if delivery is None:
        raise Http404
    if delivery.status != DeliveryStatus.FAILED:
        messages.info(request, _("This delivery is not failed; nothing to do."))
        return redirect("briefings:settings", store=store)
    delivery_send_again(delivery)
    transaction.on_commit(lambda: briefing_deliver.delay(delivery.pk))
    messages.success(request, _("Sending the briefing again."))
    return redirect("briefings:settings", store=store)
