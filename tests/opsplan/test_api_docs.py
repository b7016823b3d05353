"""The OpenAPI schema and the interactive docs, served from local files only."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_schema_describes_the_api(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/metrics/daily/", "/api/v1/stores/", "/api/v1/plans/", "/api/v1/stage-plans/{id}/"):
        assert path in schema["paths"], path
    push = schema["paths"]["/api/v1/metrics/daily/"]["post"]
    assert {"200", "400", "403", "413", "422", "429"} <= set(push["responses"])
    assert "apiClientToken" in schema["components"]["securitySchemes"]


def test_times_of_day_are_local_wall_clock_strings_not_rfc3339_times(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert '"format": "time"' not in str(schema).replace("'", '"')
    start = schema["components"]["schemas"]["Policy"]["properties"]["service_start"]
    assert re.match(start["pattern"], "09:00:00") and re.match(start["pattern"], "23:30")
    assert not re.match(start["pattern"], "24:00")


@pytest.mark.parametrize("path", ["/api/docs/"])
def test_the_docs_load_nothing_from_other_hosts(client, path):
    page = client.get(path).content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets, "the docs page names its scripts"
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))]
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/").split("?")[0]), f"{asset} is not a static file"
