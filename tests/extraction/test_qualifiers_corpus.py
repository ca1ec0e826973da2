"""Every 이상/이하/초과/미만/약/여 attached to a number in both labelled corpora gets the right qualifier."""

from __future__ import annotations

import json
import re

import pytest

from factcheck import extraction
from tests.conftest import SHARED_CORPUS

FOLDERS = [SHARED_CORPUS, SHARED_CORPUS.parent / "corpus-2"]
pytestmark = pytest.mark.skipif(
    not all((f / "articles.jsonl").exists() for f in FOLDERS),
    reason=f"labelled corpora not found beside {SHARED_CORPUS} (research data, kept outside the repo)",
)

_NUM = r"\d[\d,.]*(?:[십백천만억조]\d*)*"
# (pattern, group whose start must lie inside the quantity, the qualifier it must carry)
_OCCURRENCES = [
    (re.compile(rf"({_NUM})[^\s\d]{{0,4}}?\s?이상"), "at_least"),
    (re.compile(rf"({_NUM})[^\s\d]{{0,4}}?\s?이하"), "at_most"),
    (re.compile(rf"({_NUM})[^\s\d]{{0,4}}?\s?초과"), "more_than"),
    (re.compile(rf"({_NUM})[^\s\d]{{0,4}}?\s?미만"), "less_than"),
    (re.compile(rf"(?<![가-힣])약\s?({_NUM})"), "approx"),
    (re.compile(rf"({_NUM})여\s?(?:[가-힣]{{1,2}})"), "approx"),
]


def test_every_qualifier_in_the_corpora_is_read() -> None:
    checked, wrong = 0, []
    for folder in FOLDERS:
        for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            body = json.loads(line)["body"]
            sentences = extraction.extract(body)
            quantities = [q for s in sentences for q in s.quantities]
            dates = [d for s in sentences for d in s.dates]
            for pattern, qualifier in _OCCURRENCES:
                for m in pattern.finditer(body):
                    pos = m.start(1)
                    if any(d.start <= pos < d.end for d in dates):
                        continue  # "2020년 이후" is a date, not a bounded figure
                    covering = [q for q in quantities if q.start <= pos < q.end]
                    if not covering:
                        continue  # "250자 이내"-style furniture the extractor rightly skips
                    checked += 1
                    if covering[0].qualifier != qualifier:
                        wrong.append(f"{m.group()!r}: {covering[0].qualifier} (want {qualifier})")
    assert not wrong, wrong
    assert checked >= 25  # 28 genuine occurrences were read by hand (issue 10 note)
