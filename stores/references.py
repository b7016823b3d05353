"""One way to resolve a reference the caller sends (a store code, an object's id, a username) to an object.

An object of a store the caller may not read and an object that does not exist answer the same: the same status and
the same message, so a reference tells nothing about other stores. Serializers use :class:`ReadableSlugRelatedField`
and :class:`ReadablePrimaryKeyRelatedField` (and :class:`ReadableModelSerializer`, whose generated related fields
are those); query parameters go through :class:`ReadableFilterBackend` (the API's filter backend) or
:func:`readable_store_or_404`. A query parameter that names an object answers 404 for both.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import IntegerField, Model, QuerySet
from django.forms import ModelChoiceField, NullBooleanField
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters import NumberFilter, utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

from accounts.choices import Action
from core.api import EMPTY_PARAMETER, StrictTypesMixin, query_integer

from .models import Store
from .permissions import stores_for

NOT_FOUND = _("Not found among the stores you may read.")
INVALID_PARAMETER = _("Enter a valid value.")
# A boolean query parameter as the schema declares it (django-filter alone also reads "2", "3", "True", …).
BOOLEAN_TEXTS = frozenset({"true", "false"})
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


class ReadableModelSerializer(StrictTypesMixin, serializers.ModelSerializer):
    """A model serializer whose generated foreign keys resolve through :class:`ReadablePrimaryKeyRelatedField`."""

    # It takes the JSON types the schema declares (core.api.StrictTypesMixin).

    serializer_related_field = ReadablePrimaryKeyRelatedField


def _counts(filterset: Any, name: str) -> bool:
    """Whether the filter ``name`` compares a whole-number column (the schema declares it an integer)."""
    found = filterset.filters[name]
    if not isinstance(found, NumberFilter):
        return False
    try:
        return isinstance(filterset._meta.model._meta.get_field(found.field_name), IntegerField)
    except FieldDoesNotExist:
        return False


class ReadableFilterBackend(DjangoFilterBackend):
    """django-filter's backend for the API, strict about what it is sent, as the schema declares it:

    - a filter given an empty value, or one its field reads as nothing (``?is_listed=maybe``), is a 400 naming it
      (pages share the filtersets and keep reading an empty field as "any");
    - a whole number (``?number=``, a page) is digits alone, a boolean ``true`` or ``false``, else 400;
    - a reference to an object (``?plan=``, ``?person=``, …) is a whole number (else 400) naming an object of the
      stores the caller may read: another store's object and an unknown one are the same 404, :data:`NOT_FOUND`.
    """

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for field in filterset.form.fields.values():
                if isinstance(field, ModelChoiceField):
                    field.queryset = readable(field.queryset, request.user)
        return filterset

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        params = request.query_params
        sent = [name for name in filterset.form.fields if name in params]
        empty = {name: [EMPTY_PARAMETER] for name in sent if params.get(name) == ""}
        if empty:
            raise serializers.ValidationError(empty)
        for name in sent:
            field = filterset.form.fields[name]
            if isinstance(field, ModelChoiceField):
                pk = query_integer(params, name)
                if not field.queryset.filter(pk=pk).exists():
                    raise Http404(NOT_FOUND)
            elif _counts(filterset, name):
                query_integer(params, name)
            elif isinstance(field, NullBooleanField) and params.get(name) not in BOOLEAN_TEXTS:
                raise serializers.ValidationError({name: [INVALID_PARAMETER]})
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        unread = {name: [INVALID_PARAMETER] for name in sent if filterset.form.cleaned_data.get(name) is None}
        if unread:
            raise serializers.ValidationError(unread)
        return filterset.qs
