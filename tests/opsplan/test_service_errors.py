"""One service-error type: every app's refusal of an input is a core.errors.ServiceInvalid, so pages put it next to
the fields (core.forms.service_errors_apply) and the API answers it 400 (core.api.exception_handler), each in one
place. The sweep finds every exception class of opsplan's apps named for a refusal."""

import importlib
import inspect
import pkgutil

import pytest
from rest_framework.test import APIRequestFactory

from core.api import exception_handler
from core.errors import ServiceForbidden, ServiceInvalid
from tests.opsplan.test_layers import APPS


def _exception_classes():
    for app in sorted(APPS - {"opsplan"}):
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or module.name.endswith(".tests"):
                continue
            for name, value in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
                if issubclass(value, Exception) and value.__module__ == module.name:
                    yield f"{module.name}.{name}", value


def test_every_refusal_of_an_input_is_a_service_error():
    refusals = {name: cls for name, cls in _exception_classes() if name.endswith(("Invalid", "Forbidden"))}
    assert len(refusals) >= 10, refusals  # the sweep sees the apps' services
    assert {name for name, cls in refusals.items() if not issubclass(cls, ServiceInvalid)} == set()


@pytest.mark.parametrize(
    ("exc", "status", "body"),
    [
        (
            ServiceInvalid({"name": ["Give a name."], None: ["Not now."]}),
            400,
            {"name": ["Give a name."], "non_field_errors": ["Not now."]},
        ),
        (ServiceInvalid("Not now."), 400, {"non_field_errors": ["Not now."]}),
        (
            ServiceForbidden({"name": ["Only its stores' managers change it."]}),
            403,
            {"detail": "Only its stores' managers change it."},
        ),
    ],
)
def test_the_api_answers_a_service_error_in_one_place(exc, status, body):
    request = APIRequestFactory().post("/api/v1/anything/")
    response = exception_handler(exc, {"request": request, "view": None})
    assert (response.status_code, response.data) == (status, body)
