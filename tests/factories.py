"""factory_boy factories shared by the tests."""

import factory
from django.contrib.auth import get_user_model

from accounts.models import ApiClient, Membership
from accounts.services import api_key_issue
from stores.models import Store

PASSWORD = "a-test-password-42"


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"store-{n}")
    name = factory.Sequence(lambda n: f"测试店铺 Test Store {n}")
    platform = "tmall"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    store = factory.SubFactory(StoreFactory)
    role = "ops_manager"


def api_client_with_key(name: str, *stores: Store) -> tuple[ApiClient, str]:
    client = ApiClient.objects.create(name=name)
    client.stores.set(stores)
    return client, api_key_issue(client)
