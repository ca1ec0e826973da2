"""Showing counts that stop at a limit (factcheck.pagination.BoundedCount)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from factcheck.pagination import BoundedCount

register = template.Library()


@register.filter
def tally(count: BoundedCount) -> str:
    """A count on a card: "1,234", or "1,000+" when there are more rows than were counted."""
    text = number_format(count.value, force_grouping=True)
    return text if count.exact else f"{text}+"
