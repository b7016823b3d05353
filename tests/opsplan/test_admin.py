"""Every model of opsplan is in the admin, and every admin page opens."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

OUR_APPS = {
    "accounts",
    "stores",
    "funnel",
    "orders",
    "rollups",
    "alerts",
    "staffing",
    "assessments",
    "inventory",
    "promotions",
    "dashboards",
}
MODELS = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_every_model_is_registered(model):
    assert admin.site.is_registered(model), f"{model._meta.label} has no admin"


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_every_changelist_opens(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
