"""The filter backend of every list endpoint: django-filter, refusing query parameters it does not know."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request

from factcheck.errors import UnknownParameter
from factcheck.filters import accepted_parameters

# Read by the paginator and DRF's format override, not by a FilterSet.
GENERAL_PARAMETERS = frozenset({"page", "page_size", "format"})


class StrictFilterBackend(DjangoFilterBackend):
    """A misspelt filter (`?stauts=pending`) answers 400 `unknown_parameter` instead of every row."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        if getattr(view, "action", None) == "list":
            filterset_class = self.get_filterset_class(view, queryset)
            known = GENERAL_PARAMETERS | (accepted_parameters(filterset_class) if filterset_class else set())
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                raise UnknownParameter(unknown)
        return super().filter_queryset(request, queryset, view)
