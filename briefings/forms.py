"""The briefing settings page's forms: schedule and e-mail, and one form per group robot."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.forms import BootstrapFormMixin
from core.text import joined

from .choices import Channel
from .domain import WebhookAddressError, webhook_url_check
from .models import BriefingSettings

MAX_EXTRA_EMAILS = 20
HOURS = [(h, f"{h:02d}:00") for h in range(24)]


class BriefingSettingsForm(BootstrapFormMixin, forms.ModelForm):
    send_hour = forms.TypedChoiceField(label=_("Send hour"), choices=HOURS, coerce=int)
    email_roles = forms.MultipleChoiceField(
        label=_("E-mail the members with these roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members without an e-mail address are skipped."),
    )
    extra_emails = forms.CharField(
        label=_("Also e-mail these addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, or separated by commas."),
    )

    class Meta:
        model = BriefingSettings
        fields = ["enabled", "send_hour", "language", "email_roles", "extra_emails"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["send_hour"].help_text = _("In the store's time zone (%(zone)s).") % {
            "zone": self.instance.store.time_zone
        }
        self.fields["email_roles"].widget.attrs["class"] = "form-check-input"
        if not self.is_bound:
            self.initial["extra_emails"] = "\n".join(self.instance.extra_emails or [])

    def clean_extra_emails(self) -> list[str]:
        addresses = [a.strip() for a in re.split(r"[\s,;，；]+", self.cleaned_data["extra_emails"]) if a.strip()]
        bad = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                bad.append(address)
        if bad:
            raise ValidationError(_("Not e-mail addresses: %(addresses)s") % {"addresses": joined(bad[:5])})
        if len(addresses) > MAX_EXTRA_EMAILS:
            raise ValidationError(_("At most %(count)d addresses.") % {"count": MAX_EXTRA_EMAILS})
        return list(dict.fromkeys(a.lower() for a in addresses))


WEBHOOK_ERRORS = {
    "not a web address": _("This is not a web address."),
    "an address with a user name, password or #fragment": _("Paste the address without a user name, password or #."),
    "only https addresses": _("Only https:// addresses are accepted."),
    "not the platform's robot address": _("This is not the address of a %(platform)s."),
}


class RobotForm(BootstrapFormMixin, forms.Form):
    """One group robot: its webhook address and (DingTalk, Feishu) signing secret. Both are write-only: left
    empty, the stored ones are kept."""

    url = forms.CharField(label=_("Webhook address"), required=False, max_length=500)
    secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    enabled = forms.BooleanField(label=_("Send the briefing here"), required=False, initial=True)

    def __init__(self, *args, channel: str, robot=None, **kwargs):
        self.channel = channel
        self.robot = robot
        super().__init__(*args, prefix=channel, **kwargs)
        self.fields["url"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        if robot is not None:
            self.fields["url"].help_text = _("Stored: %(address)s. Leave empty to keep it.") % {
                "address": robot.url_hint
            }
            self.fields["enabled"].initial = robot.enabled
            if robot.has_secret:
                self.fields["secret"].help_text = _("A secret is stored. Leave empty to keep it.")
        else:
            self.fields["url"].required = True
        if channel == Channel.WECOM:
            del self.fields["secret"]  # WeCom's group robots do not sign
        elif channel == Channel.DINGTALK:
            self.fields["secret"].help_text = self.fields["secret"].help_text or _(
                "The secret under 加签 (starts with SEC); empty if the robot uses keywords or an IP list."
            )
        else:
            self.fields["secret"].help_text = self.fields["secret"].help_text or _(
                "The secret under 签名校验; empty if the bot does not check signatures."
            )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url:
            return ""
        try:
            return webhook_url_check(self.channel, url, allow_loopback=settings.BRIEFING_WEBHOOK_ALLOW_LOOPBACK)
        except WebhookAddressError as exc:
            raise ValidationError(
                WEBHOOK_ERRORS[exc.args[0]] % {"platform": Channel(self.channel).label}, code="address"
            ) from None
