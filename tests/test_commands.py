"""The administration commands of ../shared/API.md."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import ApiClient, ApiKey
from stores.models import Store


def run(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestCreateStore:
    def test_it_creates_a_store(self):
        output = run("create_store", "tmall-flagship", "--name", "山禾天猫旗舰店", "--platform", "tmall")
        store = Store.objects.get(code="tmall-flagship")
        assert (store.name, store.platform, store.time_zone, store.currency) == (
            "山禾天猫旗舰店",
            "tmall",
            "Asia/Shanghai",
            "CNY",
        )
        assert "Created" in output

    def test_running_it_again_updates_name_and_platform(self):
        run("create_store", "shop", "--name", "Old", "--platform", "tmall")
        output = run("create_store", "shop", "--name", "New", "--platform", "taobao")
        assert Store.objects.count() == 1
        assert Store.objects.values_list("name", "platform").get() == ("New", "taobao")
        assert "Updated" in output

    @pytest.mark.parametrize(
        "args,message",
        [
            (["shop", "--name", "X", "--platform", "amazon"], "Unknown platform amazon"),
            (["Bad Code!", "--name", "X", "--platform", "jd"], "code"),
            (["shop", "--name", "   ", "--platform", "jd"], "name"),
        ],
    )
    def test_bad_input_fails_with_a_message_and_changes_nothing(self, args, message):
        with pytest.raises(CommandError, match=message):
            run("create_store", *args)
        assert Store.objects.count() == 0

    def test_a_failed_update_leaves_the_store_as_it_was(self):
        run("create_store", "shop", "--name", "Kept", "--platform", "jd")
        with pytest.raises(CommandError):
            run("create_store", "shop", "--name", "Changed", "--platform", "nowhere")
        assert Store.objects.get().name == "Kept"


@pytest.mark.django_db
class TestCreateApiClient:
    @pytest.fixture(autouse=True)
    def _stores(self):
        Store.objects.create(code="a", name="A", platform="tmall")
        Store.objects.create(code="b", name="B", platform="jd")

    def test_it_prints_a_working_key_alone_on_the_last_line(self):
        key = run("create_api_client", "erp", "--stores", "a,b", "--scopes", "read_reports").strip().splitlines()[-1]
        client = ApiClient.objects.get(name="erp")
        assert sorted(client.stores.values_list("code", flat=True)) == ["a", "b"]
        stored = ApiKey.objects.get(client=client)
        assert key not in (stored.hashed_key, stored.prefix) and key.startswith(stored.prefix)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert api.get("/api/v1/stores/").status_code == 200

    def test_an_existing_name_is_refused_without_rotate(self):
        run("create_api_client", "erp", "--stores", "a")
        with pytest.raises(CommandError, match="--rotate"):
            run("create_api_client", "erp", "--stores", "b")
        assert list(ApiClient.objects.get().stores.values_list("code", flat=True)) == ["a"]

    def test_rotate_revokes_the_old_key(self):
        old = run("create_api_client", "erp", "--stores", "a", "--scopes", "read_reports").strip().splitlines()[-1]
        new = run("create_api_client", "erp", "--stores", "a,b", "--rotate").strip().splitlines()[-1]
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
        assert api.get("/api/v1/stores/").status_code == 401
        api.credentials(HTTP_AUTHORIZATION=f"Token {new}")
        assert api.get("/api/v1/stores/").status_code == 200
        assert ApiClient.objects.count() == 1

    def test_a_new_client_gets_only_the_push_metrics_scope_and_reads_nothing(self):
        out = run("create_api_client", "erp", "--stores", "a")
        key = out.strip().splitlines()[-1]
        assert ApiClient.objects.get().scopes == ["push_metrics"]
        assert "Scopes: push_metrics" in out
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert api.get("/api/v1/stores/").status_code == 403
        assert api.get("/api/v1/staffing/people/").status_code == 403

    def test_scopes_are_granted_as_named_and_replaced_on_rotate(self):
        run("create_api_client", "erp", "--stores", "a", "--scopes", "read_staff, push_sales")
        assert ApiClient.objects.get().scopes == ["push_sales", "read_staff"]
        run("create_api_client", "erp", "--stores", "a", "--scopes", "push_metrics", "--rotate")
        assert ApiClient.objects.get().scopes == ["push_metrics"]

    def test_an_unknown_scope_is_refused_and_nothing_is_created(self):
        with pytest.raises(CommandError, match="read_everything"):
            run("create_api_client", "erp", "--stores", "a", "--scopes", "read_everything")
        assert not ApiClient.objects.exists()

    def test_an_unknown_store_is_refused_and_nothing_is_created(self):
        with pytest.raises(CommandError, match="nope"):
            run("create_api_client", "erp", "--stores", "a,nope")
        assert not ApiClient.objects.exists()

    @pytest.mark.parametrize("header", ["Token", "Token wrong", "Token aaaaaaaa.bbbb", "Token a b"])
    def test_a_missing_or_wrong_key_gets_401(self, header):
        run("create_api_client", "erp", "--stores", "a")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=header)
        assert api.get("/api/v1/stores/").status_code == 401
