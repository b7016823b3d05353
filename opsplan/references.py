"""One way to resolve a reference the caller sends (a store code, an object's id, a username) to an object.

An object of a store the caller may not read and an object that does not exist answer the same: the same status and
the same message, so a reference tells nothing about other stores. Serializers use :class:`ReadableSlugRelatedField`
and :class:`ReadablePrimaryKeyRelatedField` (and :class:`ReadableModelSerializer`, whose generated related fields
are those); query parameters go through :class:`ReadableFilterBackend` (the API's filter backend) or
:func:`readable_store_or_404`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.forms import ModelChoiceField
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

from accounts.choices import Action
from accounts.permissions import stores_for
from stores.models import Store

NOT_FOUND = _("Not found among the stores you may read.")
# Models that reach their store by another way than a chain of foreign keys.
STORE_PATHS: dict[str, str] = {"staffing.person": "assignments__store"}


def store_path_of(model: type[Model]) -> str | None:
    """The lookup from a row of ``model`` to its store ("" for stores themselves), or None for models of no store
    (catalogues such as roles). Follows foreign keys up to three steps."""
    if model is Store:
        return ""
    if model._meta.label_lower in STORE_PATHS:
        return STORE_PATHS[model._meta.label_lower]
    if model is get_user_model():
        return "memberships__store"
    frontier: list[tuple[type[Model], str]] = [(model, "")]
    for _depth in range(3):
        found, following = None, []
        for current, path in frontier:
            for field in current._meta.concrete_fields:
                if not field.is_relation or field.related_model is None:
                    continue
                step = f"{path}__{field.name}" if path else field.name
                if field.related_model is Store:
                    found = found or step
                else:
                    following.append((field.related_model, step))
        if found:
            return found
        frontier = following
    return None


def readable(queryset: QuerySet, principal: Any, action: str = Action.VIEW) -> QuerySet:
    """``queryset`` narrowed to the rows of the stores where ``principal`` holds ``action``."""
    path = store_path_of(queryset.model)
    if path is None:
        return queryset
    stores = stores_for(principal, action).values("pk")
    if not path:
        return queryset.filter(pk__in=stores)
    return queryset.filter(pk__in=queryset.model._default_manager.filter(**{f"{path}__in": stores}).values("pk"))


def readable_store_or_404(principal: Any, code: str | None, action: str = Action.VIEW) -> Store:
    """The store a query parameter names, or 404 alike for an unknown and an unreadable code."""
    store = stores_for(principal, action).filter(code=code).first() if code else None
    if store is None:
        raise Http404(NOT_FOUND)
    return store


class ReadableRelatedField:
    """A related field whose choices are the rows of the stores the caller may read (``action``, VIEW by default);
    an unknown and an unreadable reference both fail with :data:`NOT_FOUND`."""

    default_error_messages = {"does_not_exist": NOT_FOUND}

    def __init__(self, *args: Any, action: str = Action.VIEW, **kwargs: Any) -> None:
        self.action = action
        super().__init__(*args, **kwargs)

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        request = self.context.get("request")
        return readable(queryset, getattr(request, "user", None), self.action)


class ReadableSlugRelatedField(ReadableRelatedField, serializers.SlugRelatedField):
    pass


class ReadablePrimaryKeyRelatedField(ReadableRelatedField, serializers.PrimaryKeyRelatedField):
    pass


class ReadableModelSerializer(serializers.ModelSerializer):
    """A model serializer whose generated foreign keys resolve through :class:`ReadablePrimaryKeyRelatedField`."""

    serializer_related_field = ReadablePrimaryKeyRelatedField


class ReadableFilterBackend(DjangoFilterBackend):
    """django-filter's backend, with every choice of an object (``?plan=``, ``?person=``, …) narrowed to the stores
    the caller may read: another store's object and an unknown one are the same 400."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for field in filterset.form.fields.values():
                if isinstance(field, ModelChoiceField):
                    field.queryset = readable(field.queryset, request.user)
        return filterset
