"""Robot addresses and secrets are sealed with Fernet under a key from the settings; the settings refuse a bad key
and refuse loopback webhooks outside development."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from core.crypto import SealedValueUnreadable, key_from_secret, seal, unseal

ROOT = Path(__file__).resolve().parents[2]


def test_a_sealed_value_opens_with_the_key_and_shows_nothing_of_the_text():
    token = seal("SECabcdef0123456789")
    assert "SECabcdef" not in token and unseal(token) == "SECabcdef0123456789"
    assert seal("") == "" and unseal("") == ""
    assert seal("x") != seal("x")  # a fresh IV each time


def test_an_explicit_key_seals_and_what_the_derived_key_sealed_still_opens(settings):
    derived_only = seal("old secret")
    explicit = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [explicit, key_from_secret(settings.SECRET_KEY).decode()]
    new = seal("new secret")
    assert unseal(derived_only) == "old secret" and unseal(new) == "new secret"
    assert Fernet(explicit).decrypt(new.encode()) == b"new secret"


def test_a_value_sealed_under_another_key_is_unreadable_not_an_error_page(settings):
    token = seal("secret")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(SealedValueUnreadable):
        unseal(token)


def _settings_with(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING", "FIELD_ENCRYPTION"))}
    environment.update({"DJANGO_SETTINGS_MODULE": "opsplan.settings", "SECRET_KEY": "s" * 50, **env})
    code = "import django; django.setup(); from django.conf import settings; print(len(settings.FIELD_ENCRYPTION_KEYS))"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_the_settings_take_comma_separated_fernet_keys_and_refuse_anything_else():
    keys = f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}"
    assert _settings_with(BRIEFING_KEY=keys).stdout.strip() == "3"  # both, then the derived one
    refused = _settings_with(FIELD_ENCRYPTION_KEY="not-a-key")
    assert refused.returncode != 0 and "must be Fernet keys" in refused.stderr


def test_loopback_webhooks_are_refused_at_start_up_without_debug():
    refused = _settings_with(DEBUG="false", ALLOWED_HOSTS="x", BRIEFING_WEBHOOK_ALLOW_LOOPBACK="true")
    assert refused.returncode != 0 and "BRIEFING_WEBHOOK_ALLOW_LOOPBACK is for development only" in refused.stderr
    assert _settings_with(DEBUG="true", BRIEFING_WEBHOOK_ALLOW_LOOPBACK="true").returncode == 0
