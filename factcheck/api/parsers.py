"""Request bodies: DRF's JSON parser with a bound on nesting and no broken text, so a hostile body is a 400,
not a crash."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from factcheck.limits import has_lone_surrogate

# The deepest any request of this API nests ({"sources": [{…}]} is 3); far more is an attack or a bug.
MAX_JSON_DEPTH = 20


class BoundedJSONParser(JSONParser):
    """JSON at most MAX_JSON_DEPTH levels deep; deeper is `{"code": "json_too_deep"}` (400)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # Python's decoder gives up around 1,000 levels: unwound, nothing done
            raise self._too_deep() from None
        if _depth(data) > MAX_JSON_DEPTH:
            raise self._too_deep()
        if _holds_lone_surrogate(data):
            # "\ud800" is valid JSON but no text: no encoder and no database takes it (it was a 500).
            message = gettext(
                "The JSON body contains a broken character (an unpaired surrogate such as \\ud800), which is not "
                "text. Send the text as it is in its source."
            )
            raise ParseError(message, code="invalid_unicode")
        return data

    @staticmethod
    def _too_deep() -> ParseError:
        message = gettext("The JSON body nests deeper than %(max)d levels.") % {"max": MAX_JSON_DEPTH}
        return ParseError(message, code="json_too_deep")


def _holds_lone_surrogate(value: Any) -> bool:
    """Whether any key or string in `value` holds an unpaired surrogate (iterative, like _depth)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in `value` (iterative: a deep value must not overflow us either)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest
