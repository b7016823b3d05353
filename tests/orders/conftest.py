import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; pages get the language from each request's Accept-Language."""
    with translation.override("en"):
        yield
