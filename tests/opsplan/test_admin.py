"""Every model of opsplan is in the admin, and every admin page opens."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse


def _ours(model) -> bool:
    """Models of opsplan's own apps (a new app is covered without being listed)."""
    path = Path(apps.get_app_config(model._meta.app_label).path).resolve()
    return path.is_relative_to(settings.BASE_DIR) and ".venv" not in path.parts


MODELS = [m for m in apps.get_models() if _ours(m)]


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_every_model_is_registered(model):
    assert admin.site.is_registered(model), f"{model._meta.label} has no admin"


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_every_changelist_opens(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_admin_index_names_every_app_and_model_in_chinese(admin_client):
    """Every section and model the admin lists, ours and the libraries' (login attempts, schedules), reads in Chinese:
    no label made of ASCII only."""
    import re

    page = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    sections = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', page)
    models = re.findall(r'<th scope="row" id="[^"]+">\s*<a href="[^"]+"[^>]*>([^<]+)</a>', page)
    assert len(sections) > 10 and len(models) > 30
    english = [label for label in sections + models if label.strip().isascii()]
    assert not english, f"labels left in English: {english}"
    assert "opsplan 后台管理" in page and "Django" not in re.sub(r"<[^>]+>", "", page)
