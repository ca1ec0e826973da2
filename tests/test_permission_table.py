"""Every transition of the desk × every kind of member, through the API: the README's permission table.

Each case arranges a fresh desk, calls one endpoint as one member, and checks the status code and
that the database changed exactly when the call succeeded. "reviewer" is the one who proposed the
verdict in the cross-check rows; "second_reviewer" is another reviewer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from factcheck.models import Article, Claim, Correction, Notification, Review
from tests.workflow import GPT3_PAPER, finalise, propose

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "outsider", "editor", "reviewer", "second_reviewer", "staff"]

SOURCE = {"url": GPT3_PAPER.url, "title": GPT3_PAPER.title}
NEW_ARTICLE = "정부는 내년 연구개발 예산을 30조원으로 늘릴 계획이라고 15일 밝혔다."


@dataclass
class Desk:
    article: Article
    claim: Claim
    cast: dict[str, Any]


@dataclass(frozen=True)
class Transition:
    arrange: Callable[[Desk], None]
    call: Callable[[APIClient, Desk, Any], Any]  # client, desk, the acting user (None: anonymous)
    state: Callable[[Desk], Any]
    expected: dict[str, int]


def _nothing(desk: Desk) -> None:
    pass


def _proposed(desk: Desk) -> None:
    propose(desk.claim, desk.cast["reviewer"])


def _final(desk: Desk) -> None:
    finalise(desk.claim, desk.cast["reviewer"], desk.cast["second_reviewer"])


def _claim_state(desk: Desk) -> tuple:
    claim = Claim.objects.get(pk=desk.claim.pk)
    return claim.status, claim.version, claim.proposal_id, claim.assignee_id, Review.objects.count()


def _article_state(desk: Desk) -> tuple:
    article = Article.objects.get(pk=desk.article.pk)
    return Article.objects.count(), article.title, article.extraction_status, article.extracted_at


def _assignees(desk: Desk) -> list:
    return list(Claim.objects.order_by("pk").values_list("assignee", flat=True))


def _spans(desk: Desk) -> tuple:
    spans = Claim.objects.filter(article=desk.article).order_by("start").values_list("start", "end", "version")
    return list(spans), Correction.objects.count()


def _split_point(desk: Desk) -> int:
    return desk.claim.start + desk.claim.text.index("1750억")


def _free_line(desk: Desk) -> tuple[int, int]:
    """The first line of the body no claim touches (the extractor skipped it)."""
    body, taken = desk.article.body, list(desk.article.claims.values_list("start", "end"))
    start = 0
    for line in body.split("\n"):
        end = start + len(line)
        if line.strip() and all(e <= start or end <= s for s, e in taken):
            return start, end
        start = end + 1
    raise AssertionError("every line of the seed has a claim")


def _claim_url(desk: Desk, action: str = "") -> str:
    return f"/api/claims/{desk.claim.pk}/{action}"


NO_ROLE = {"anonymous": 403, "outsider": 404}

TRANSITIONS = {
    "upload an article": Transition(
        _nothing,
        lambda c, d, me: c.post("/api/articles/", {"text": NEW_ARTICLE}, format="json"),
        _article_state,
        {"anonymous": 403, "outsider": 403, "editor": 201, "reviewer": 403, "second_reviewer": 403, "staff": 201},
    ),
    "edit article metadata": Transition(
        _nothing,
        lambda c, d, me: c.patch(f"/api/articles/{d.article.pk}/", {"title": "새 제목"}, format="json"),
        _article_state,
        {**NO_ROLE, "editor": 200, "reviewer": 403, "second_reviewer": 403, "staff": 200},
    ),
    "re-run extraction": Transition(
        _nothing,
        lambda c, d, me: c.post(f"/api/articles/{d.article.pk}/extract/"),
        _article_state,
        {**NO_ROLE, "editor": 202, "reviewer": 403, "second_reviewer": 403, "staff": 202},
    ),
    "propose a verdict": Transition(
        _nothing,
        lambda c, d, me: c.post(
            _claim_url(d, "reviews/"),
            {"verdict": "verified", "note": "논문 확인", "version": 1, "sources": [SOURCE]},
            format="json",
        ),
        _claim_state,
        {**NO_ROLE, "editor": 403, "reviewer": 201, "second_reviewer": 201, "staff": 201},
    ),
    "dismiss an open claim": Transition(
        _nothing,
        lambda c, d, me: c.post(_claim_url(d, "reviews/"), {"verdict": "dismissed", "version": 1}, format="json"),
        _claim_state,
        {**NO_ROLE, "editor": 201, "reviewer": 201, "second_reviewer": 201, "staff": 201},
    ),
    "dismiss a claim with a proposal": Transition(
        _proposed,
        lambda c, d, me: c.post(_claim_url(d, "reviews/"), {"verdict": "dismissed", "version": 2}, format="json"),
        _claim_state,
        {**NO_ROLE, "editor": 409, "reviewer": 409, "second_reviewer": 409, "staff": 409},
    ),
    "dismiss a claim with a final verdict": Transition(
        _final,
        lambda c, d, me: c.post(_claim_url(d, "reviews/"), {"verdict": "dismissed", "version": 3}, format="json"),
        _claim_state,
        {**NO_ROLE, "editor": 409, "reviewer": 409, "second_reviewer": 409, "staff": 409},
    ),
    "confirm a proposal": Transition(
        _proposed,
        lambda c, d, me: c.post(_claim_url(d, "cross-check/"), {"decision": "confirm", "version": 2}, format="json"),
        _claim_state,
        {**NO_ROLE, "editor": 403, "reviewer": 403, "second_reviewer": 201, "staff": 201},
    ),
    "reject a proposal": Transition(
        _proposed,
        lambda c, d, me: c.post(
            _claim_url(d, "cross-check/"), {"decision": "reject", "note": "출처 불일치", "version": 2}, format="json"
        ),
        _claim_state,
        {**NO_ROLE, "editor": 403, "reviewer": 403, "second_reviewer": 201, "staff": 201},
    ),
    "reopen a final verdict": Transition(
        _final,
        lambda c, d, me: c.post(_claim_url(d, "reopen/"), {"reason": "정정 보도", "version": 3}, format="json"),
        _claim_state,
        {**NO_ROLE, "editor": 403, "reviewer": 201, "second_reviewer": 201, "staff": 201},
    ),
    "assign a claim to a reviewer": Transition(
        _nothing,
        lambda c, d, me: c.post(_claim_url(d, "assign/"), {"assignee": d.cast["reviewer"].pk}, format="json"),
        _claim_state,
        # The reviewer may take it (it is free and it is them); the second reviewer may not hand it out.
        {**NO_ROLE, "editor": 200, "reviewer": 200, "second_reviewer": 403, "staff": 200},
    ),
    "take a free claim for oneself": Transition(
        _nothing,
        lambda c, d, me: c.post(_claim_url(d, "assign/"), {"assignee": me.pk if me else None}, format="json"),
        _claim_state,
        # An editor is not a reviewer, so cannot be the assignee (400 invalid_assignee).
        {**NO_ROLE, "editor": 400, "reviewer": 200, "second_reviewer": 200, "staff": 200},
    ),
    "assign all pending claims of an article": Transition(
        _nothing,
        lambda c, d, me: c.post(
            f"/api/articles/{d.article.pk}/assign/", {"assignee": d.cast["second_reviewer"].pk}, format="json"
        ),
        _assignees,
        {**NO_ROLE, "editor": 200, "reviewer": 403, "second_reviewer": 403, "staff": 200},
    ),
    "split an open claim": Transition(
        _nothing,
        lambda c, d, me: c.post(_claim_url(d, "split/"), {"at": _split_point(d), "version": 1}, format="json"),
        _spans,
        {**NO_ROLE, "editor": 201, "reviewer": 201, "second_reviewer": 201, "staff": 201},
    ),
    "split a claim with a final verdict": Transition(
        _final,
        lambda c, d, me: c.post(_claim_url(d, "split/"), {"at": _split_point(d), "version": 3}, format="json"),
        _spans,
        {**NO_ROLE, "editor": 409, "reviewer": 409, "second_reviewer": 409, "staff": 409},
    ),
    "add a claim the extractor missed": Transition(
        _nothing,
        lambda c, d, me: c.post(
            f"/api/articles/{d.article.pk}/claims/",
            dict(zip(("start", "end"), _free_line(d), strict=True)),
            format="json",
        ),
        _spans,
        {**NO_ROLE, "editor": 201, "reviewer": 201, "second_reviewer": 201, "staff": 201},
    ),
    "read the extraction notification": Transition(
        _nothing,
        lambda c, d, me: c.post(f"/api/notifications/{Notification.objects.get(kind='extraction_done').pk}/read/"),
        lambda d: list(Notification.objects.values_list("read_at", flat=True)),
        # Only the uploader (the editor) has it; for anyone else it does not exist.
        {"anonymous": 403, "outsider": 404, "editor": 200, "reviewer": 404, "second_reviewer": 404, "staff": 404},
    ),
}


@pytest.fixture
def desk(db, editor, reviewer, other_reviewer, staff, outsider, seed_article, claim_1750) -> Desk:
    cast = {
        "editor": editor,
        "reviewer": reviewer,
        "second_reviewer": other_reviewer,
        "staff": staff,
        "outsider": outsider,
    }
    return Desk(article=seed_article, claim=claim_1750, cast=cast)


def _client(desk: Desk, actor: str) -> APIClient:
    client = APIClient()
    if actor != "anonymous":
        client.force_authenticate(desk.cast[actor])
    return client


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_permission_table(desk, name, actor, django_capture_on_commit_callbacks):
    transition = TRANSITIONS[name]
    transition.arrange(desk)
    before = transition.state(desk)

    with django_capture_on_commit_callbacks(execute=True):
        response = transition.call(_client(desk, actor), desk, desk.cast.get(actor))

    expected = transition.expected[actor]
    assert response.status_code == expected, (name, actor, getattr(response, "data", None))
    changed = transition.state(desk) != before
    assert changed == (200 <= expected < 300), (
        f"{name} as {actor}: the database {'did not change' if not changed else 'changed'}"
    )
    if expected >= 400:
        assert response.json()["code"], response.json()


def test_the_proposer_is_refused_with_a_stable_code(desk):
    _proposed(desk)
    response = _client(desk, "reviewer").post(
        _claim_url(desk, "cross-check/"), {"decision": "confirm", "version": 2}, format="json"
    )

    assert response.json()["code"] == "same_reviewer"
