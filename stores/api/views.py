from rest_framework import mixins, viewsets

from accounts.choices import Action
from opsplan.api import StoreScopedViewSetMixin
from stores.filtersets import StoreFilterSet
from stores.models import Store

from .serializers import StoreSerializer


class StoreViewSet(
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Stores the caller may read; their ops managers may update them."""

    queryset = Store.objects.all()
    serializer_class = StoreSerializer
    filterset_class = StoreFilterSet
    lookup_field = "code"
    store_path = ""
    store_actions = {"GET": Action.VIEW, "WRITE": Action.EDIT_STORE}
