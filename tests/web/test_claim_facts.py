"""The claim card explains itself: figures with their qualifier, dates, and the score's evidence in words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from factcheck.extraction.scoring import WEIGHTS
from factcheck.models import Claim
from factcheck.web import presentation
from factcheck.web.presentation import EVIDENCE_LABELS, claim_facts, evidence_items, quantity_label

HEDGED = "통계 기사\n통계청은 지난해 취업자가 30만명 이상 늘어난 것으로 보인다고 15일 밝혔다.\n"


def _q(text: str, value: float, unit: str, **extra) -> dict:
    return {"text": text, "start": 0, "end": len(text), "value": value, "unit": unit, **extra}


@pytest.mark.parametrize(
    ("quantity", "label"),
    [
        (_q("1000억원 이상", 1e11, "원", approx=False, qualifier="at_least"), "1000억원 이상 → ≥ 100,000,000,000 원"),
        (_q("10명 이하", 10, "명", approx=False, qualifier="at_most"), "10명 이하 → ≤ 10 명"),
        (_q("1000억원 초과", 1e11, "원", approx=False, qualifier="more_than"), "1000억원 초과 → > 100,000,000,000 원"),
        (_q("25mg 미만", 25, "mg", approx=False, qualifier="less_than"), "25mg 미만 → < 25 mg"),
        (_q("약 100조개", 1e14, "개", approx=True, qualifier="approx"), "약 100조개 → ≈ 100,000,000,000,000 개"),
        (_q("1750억개", 1.75e11, "개", approx=False, qualifier=None), "1750억개 → 175,000,000,000 개"),
        (_q("3~4%", 3, "%", approx=True, qualifier="at_least"), "3~4% → ≥ 3 %"),
    ],
)
def test_a_quantity_label_shows_its_qualifier(quantity: dict, label: str) -> None:
    assert quantity_label(quantity) == label


@pytest.mark.parametrize(
    ("quantity", "label"),
    [
        # Stored before `qualifier` existed: the bound used to be flagged approx and must not read as "≈".
        (_q("1000억원 이상", 1e11, "원", approx=True), "1000억원 이상 → ≥ 100,000,000,000 원"),
        (_q("약 522억원", 5.22e10, "원", approx=True), "약 522억원 → ≈ 52,200,000,000 원"),
        (_q("50mg", 50, "mg", approx=True), "50mg → ≈ 50 mg"),  # no word in the span: the old flag decides
        (_q("2위", 2, "위", approx=False), "2위 → 2 위"),
    ],
)
def test_a_quantity_stored_without_a_qualifier_gets_one_from_its_text(quantity: dict, label: str) -> None:
    assert quantity_label(quantity) == label


def test_the_text_after_a_stored_quantity_can_qualify_it() -> None:
    assert quantity_label(_q("100명", 100, "명", approx=False), after="이 넘는다") == "100명 → > 100 명"


def test_every_scoring_evidence_has_a_korean_label() -> None:
    # A new evidence name in scoring.WEIGHTS must get its words here before it reaches a claim card.
    assert set(EVIDENCE_LABELS) == set(WEIGHTS)
    assert all(label.strip() for label in EVIDENCE_LABELS.values())


def test_evidence_is_strongest_first_whichever_way_it_pushed() -> None:
    items = evidence_items(["quantity", "date", "attribution", "hedge"])  # stored order: by signed weight

    assert [(i.name, i.raises) for i in items] == [
        ("quantity", True),
        ("date", True),
        ("hedge", False),
        ("attribution", True),
    ]
    assert items[0].label == "구체적인 수치가 있음"
    assert [abs(i.weight) for i in items] == sorted((abs(i.weight) for i in items), reverse=True)


def test_evidence_no_longer_weighed_is_left_out() -> None:
    assert [i.name for i in evidence_items(["retired rule", "opinion"])] == ["opinion"]


def test_claim_facts_bundle_what_the_card_lists() -> None:
    text = "행사 참석자는 100명이 넘는다고 지난 15일 밝혔다."
    claim = Claim(
        text=text,
        start=1000,
        end=1000 + len(text),
        types=["statistic", "event"],
        speaker="주최 측",
        quantities=[{"text": "100명", "start": 1008, "end": 1012, "value": 100, "unit": "명", "approx": False}],
        dates=[{"text": "지난 15일", "start": 1019, "end": 1025}],
        evidence=["quantity", "date", "opinion"],
    )

    facts = claim_facts(claim)

    assert facts.types == ["통계·수치", "사건"]
    assert facts.speaker == "주최 측"
    assert facts.quantities == ["100명 → > 100 명"]  # "넘는" follows the stored span, read from the claim's text
    assert facts.dates == ["지난 15일"]
    assert [(i.label, i.raises) for i in facts.evidence] == [
        ("구체적인 수치가 있음", True),
        ("의견·당위 표현(…해야 한다)", False),
        ("날짜·시점이 있음", True),
    ]  # strongest first, whichever way it pushed


@pytest.mark.django_db
def test_claim_facts_of_an_extracted_claim(claim_1750) -> None:
    facts = claim_facts(claim_1750)

    assert facts.quantities == ["1750억개 → 175,000,000,000 개"]
    assert [i.name for i in facts.evidence] == ["quantity", "named subject", "superlative"]
    assert facts.types == presentation.type_labels(claim_1750)


@pytest.mark.django_db
def test_the_claim_page_shows_a_lower_bound_and_the_evidence_in_words(reviewer_client, upload) -> None:
    claim = upload(HEDGED).claims.get()

    html = reviewer_client.get(reverse("web:claim-detail", args=[claim.pk])).content.decode()

    facts = html.split('<dl class="claim-facts">')[-1].split("</dl>")[0]
    assert "30만명 이상 → ≥ 300,000 명" in facts
    assert "≈" not in facts
    assert "지난해" in facts and "15일" in facts
    words = ["구체적인 수치가 있음", "날짜·시점이 있음", "추측·가능성 표현", "누가 한 말인지 밝힘"]
    assert [facts.index(w) for w in words] == sorted(facts.index(w) for w in words)
    hedge = facts.split("추측·가능성 표현")[0].rsplit("<li", 1)[1]
    assert "▼" in hedge and "점수를 낮춤" in hedge
    assert "점수를 올림" in facts.split("구체적인 수치가 있음")[0].rsplit("<li", 1)[1]


@pytest.mark.django_db
def test_the_claim_page_reads_the_qualifier_of_a_claim_stored_before_it_existed(reviewer_client, seed_article):
    claim = seed_article.claims.get(text__contains="1000억원 이상")
    legacy = [{k: v for k, v in q.items() if k != "qualifier"} | {"approx": True} for q in claim.quantities]
    Claim.objects.filter(pk=claim.pk).update(quantities=legacy)

    html = reviewer_client.get(reverse("web:claim-detail", args=[claim.pk])).content.decode()

    assert "1000억원 이상 → ≥ 100,000,000,000 원" in html
