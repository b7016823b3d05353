"""Errors under /api/ answer JSON (clients parse every API error alike); pages keep the HTML error pages."""

import pytest


@pytest.mark.django_db
def test_an_unknown_api_path_answers_json_404(token_api):
    response = token_api.get("/api/v1/plans/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_an_unknown_page_answers_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_every_operation_documents_the_common_errors(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "put", "patch", "post", "delete"):
                continue
            codes = set(operation["responses"])
            assert {"401", "403", "404", "429", "503"} <= codes, f"{method.upper()} {path} lacks {codes}"
            if "requestBody" in operation:
                assert {"400", "413", "415"} <= codes, f"{method.upper()} {path} lacks {codes}"
