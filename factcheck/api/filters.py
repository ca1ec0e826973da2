"""The filter backend of every list endpoint: django-filter, refusing query parameters it does not know."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from factcheck.errors import UnknownParameter
from factcheck.filters import accepted_parameters

# Read by the paginator and DRF's format override, not by a FilterSet.
GENERAL_PARAMETERS = frozenset({"page", "page_size", "format"})


# Filters whose value is text, where "" is a value (no filter), or a list (`ordering`), where "" is the
# empty list. Every other parameter is a number, a boolean, a date, a choice or a pattern (`assignee`) in
# the schema, which "" is not.
TEXT_FILTERS = (django_filters.CharFilter, django_filters.OrderingFilter)


class StrictFilterBackend(DjangoFilterBackend):
    """A misspelt filter (`?stauts=pending`) answers 400 `unknown_parameter` instead of every row.

    A parameter sent empty (`?status=`, `?page=`) that is not text answers 400 too: the page forms of the
    desk send empty fields for "any", but an API client means something by a parameter it sends.
    """

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        if getattr(view, "action", None) == "list":
            filterset_class = self.get_filterset_class(view, queryset)
            filters = filterset_class.base_filters if filterset_class else {}
            known = GENERAL_PARAMETERS | (accepted_parameters(filterset_class) if filterset_class else set())
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                raise UnknownParameter(unknown)
            empty = sorted(
                name
                for name, values in request.query_params.lists()
                if "" in values and not isinstance(filters.get(name), TEXT_FILTERS)
            )
            if empty:
                message = gettext("Leave the parameter out instead of sending it empty.")
                raise ValidationError({name: [message] for name in empty})
        return super().filter_queryset(request, queryset, view)
