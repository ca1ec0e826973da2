"""An NFKC view of a string with offsets back to the original: match on "kg", report "㎏".

NFKC folds compatibility characters ("㎏" → "kg", "％" → "%", "ｍ" → "m", "　" → " ") and can change
lengths, so each view character remembers the original character it came from.
"""

from __future__ import annotations

import re
import unicodedata

# Compatibility characters NFKC would glue onto digits: "①10만명", "10²" (but "m²" is "m2").
_KEEP_AS_IS = re.compile(r"[\u2460-\u24ff\u2776-\u2793\u3251-\u32bf\u2070-\u209f\u00b2\u00b3\u00b9]")


class NfkcView:
    """The NFKC form of a sentence ("㎏" → "kg", "％" → "%", "ｍ" → "m") with the way back to the original.

    Matching runs on `text`; `start_of`/`end_of` turn its offsets into offsets of `original`, so a
    quantity's `text` and `unit` stay exactly as written ("1㎚", unit "㎚").
    """

    def __init__(self, original: str) -> None:
        self.original = original
        self.origin: list[int] | None = None  # per view character: the original character it came from
        self.at: list[int] | None = None  # per original character (and the end): where it starts in the view
        if unicodedata.is_normalized("NFKC", original):
            self.text = original
            return
        parts: list[str] = []
        origin: list[int] = []
        at: list[int] = []
        for i, ch in enumerate(original):
            at.append(len(origin))
            if ch.isascii() or (
                _KEEP_AS_IS.match(ch)
                and not (ch in "²³" and original[i - 1 : i].isascii() and original[i - 1 : i].isalpha())
            ):
                nf = ch
            else:
                nf = unicodedata.normalize("NFKC", ch)
            parts.append(nf)
            origin.extend([i] * len(nf))
        at.append(len(origin))
        self.text, self.origin, self.at = "".join(parts), origin, at

    def start_of(self, pos: int) -> int:
        """The original offset where the view character at `pos` begins (a span's start)."""
        if self.origin is None:
            return pos
        return self.origin[pos] if pos < len(self.origin) else len(self.original)

    def end_of(self, pos: int) -> int:
        """The original offset just after the view character before `pos` (a span's end)."""
        if self.origin is None:
            return pos
        return self.origin[pos - 1] + 1 if pos > 0 else 0

    def view_of(self, pos: int) -> int:
        """Where the original offset `pos` falls in the view."""
        if self.at is None:
            return pos
        return self.at[max(0, min(pos, len(self.at) - 1))]
