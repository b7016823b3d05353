"""Weekday sets are shown by name (周一…周日 / Mon…Sun) wherever they appear: one helper labels them, and the sweeps
below find every form choice, model field and API schema field that holds weekdays."""

from __future__ import annotations

from importlib import import_module

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from core.weekdays import Weekday, weekday_names
from rotas.services import patterns_seed_defaults
from tests.staffing.factories import role

WEEKDAY_VALUES = set(range(7))


def test_weekday_sets_read_as_names_in_chinese_and_english():
    with translation.override("zh-hans"):
        assert weekday_names([4, 0, 2]) == "周一、周三、周五"
        assert weekday_names(range(7)) == "每天"
    with translation.override("en"):
        assert weekday_names([0, 1, 2, 3, 4]) == "Mon, Tue, Wed, Thu, Fri"
        assert weekday_names([6]) == "Sun"


def _project_forms() -> list[type[forms.BaseForm]]:
    found = []
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)) or ".venv" in config.path:
            continue
        try:
            module = import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        found += [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, forms.BaseForm)]
    return found


def test_every_form_choice_of_weekdays_is_labelled_by_name():
    checked = 0
    for form in _project_forms():
        for name, field in getattr(form, "base_fields", {}).items():
            if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.ModelChoiceField):
                continue
            choices = list(field.choices)
            values = {value for value, _label in choices if value != ""}
            if values == WEEKDAY_VALUES:
                checked += 1
                assert [str(label) for _v, label in choices] == [str(label) for label in Weekday.labels], (form, name)
    assert checked >= 1  # the shift pattern form


def test_every_model_field_of_weekdays_has_a_display_by_name():
    fields = [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.name == "weekdays"
    ]
    assert fields
    for model, name in fields:
        assert isinstance(getattr(model, f"{name}_display", None), property), model


@pytest.mark.django_db
def test_every_weekdays_field_of_the_api_has_a_display_by_name(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    holders = [
        name
        for name, component in schema["components"]["schemas"].items()
        if "weekdays" in component.get("properties", {}) and not name.endswith("Request")  # responses only
    ]
    assert holders
    for name in holders:
        assert "weekdays_display" in schema["components"]["schemas"][name]["properties"], name


@pytest.mark.django_db
def test_the_shift_patterns_page_and_api_name_the_weekdays_in_chinese(client, api, own_store, member):
    patterns_seed_defaults(own_store, role("designer"))  # office hours, Monday to Friday
    manager = member("ops_manager")
    client.force_login(manager)
    page = client.get(f"/rotas/{own_store.code}/designer/patterns/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert "周一、周二、周三、周四、周五" in html and "0, 1, 2" not in html
    api.force_authenticate(manager)
    rows = api.get("/api/v1/shift-patterns/", {"store": own_store.code}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    results = rows["results"] if isinstance(rows, dict) else rows
    assert [r["weekdays_display"] for r in results] == ["周一、周二、周三、周四、周五"]
