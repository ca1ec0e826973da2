"""Two people acting on one claim at the same instant, on PostgreSQL's real row locks: one wins, nothing is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from factcheck import services
from factcheck.errors import FactcheckError, InvalidSpan
from factcheck.models import Claim, Correction, Notification, Review
from tests.workflow import fresh, propose

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks to race on"),
]


def at_once(*steps) -> list:
    """Run each step in its own thread and database connection, released together; their outcomes."""
    barrier = threading.Barrier(len(steps))
    outcomes: list = [None] * len(steps)

    def run(i: int, step) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[i] = step()
        except Exception as exc:  # a domain refusal is an outcome; anything else fails the test below
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, step)) for i, step in enumerate(steps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_a_confirmation_and_a_rejection_at_once(claim_1750, reviewer, other_reviewer, staff):
    propose(claim_1750, reviewer)
    version = fresh(claim_1750).version

    outcomes = at_once(
        lambda: services.cross_check(
            user=other_reviewer, claim=claim_1750, decision="confirm", note="", expected_version=version
        ),
        lambda: services.cross_check(
            user=staff, claim=claim_1750, decision="reject", note="다른 모델", expected_version=version
        ),
    )

    winners = [o for o in outcomes if isinstance(o, Review)]
    losers = [o for o in outcomes if isinstance(o, FactcheckError)]
    assert (len(winners), len(losers)) == (1, 1)
    assert losers[0].code == "version_conflict"
    claim = fresh(claim_1750)
    assert claim.version == version + 1
    assert claim.proposal is None
    assert claim.status == ("verified" if winners[0].action == "confirmation" else "pending")
    assert Review.objects.filter(claim=claim).count() == 2
    assert Notification.objects.filter(recipient=reviewer).count() == 1


def test_two_reviewers_taking_one_claim_at_once(claim_1750, reviewer, other_reviewer):
    outcomes = at_once(
        lambda: services.assign_claim(user=reviewer, claim=Claim.objects.get(pk=claim_1750.pk), assignee=reviewer),
        lambda: services.assign_claim(
            user=other_reviewer, claim=Claim.objects.get(pk=claim_1750.pk), assignee=other_reviewer
        ),
    )

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert [getattr(e, "code", e) for e in errors] == ["already_assigned"]
    assert fresh(claim_1750).assignee in (reviewer, other_reviewer)


def test_two_proposals_at_once(claim_1750, reviewer, other_reviewer):
    outcomes = at_once(
        lambda: propose(Claim.objects.get(pk=claim_1750.pk), reviewer, "verified"),
        lambda: propose(Claim.objects.get(pk=claim_1750.pk), other_reviewer, "disputed"),
    )

    assert sum(isinstance(o, Review) for o in outcomes) == 1
    assert [o.code for o in outcomes if isinstance(o, FactcheckError)] in (["version_conflict"], ["proposal_pending"])
    assert Review.objects.count() == 1
    assert fresh(claim_1750).proposal == Review.objects.get()


def test_a_split_and_a_verdict_at_once(seed_article, two_models, reviewer, other_reviewer):
    """Both start from version 1: one wins; the loser is told, and no verdict lands on a half it never saw."""
    claim = two_models
    at = seed_article.body.index("오픈AI는", claim.start)

    outcomes = at_once(
        lambda: services.split_claim(user=reviewer, claim=claim, at=at, expected_version=1),
        lambda: propose(claim, other_reviewer, "disputed"),
    )

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], FactcheckError), outcomes
    claim = fresh(claim)
    if isinstance(outcomes[0], tuple):  # the split won: the verdict was refused, nothing was proposed
        assert errors[0].code == "version_conflict"
        assert (claim.version, claim.proposal_id, Review.objects.count()) == (2, None, 0)
        assert Correction.objects.count() == 1
    else:  # the proposal won: the split, made against the version before it, is refused; nothing is cut
        assert errors[0].code == "version_conflict"
        assert claim.proposal is not None and Correction.objects.count() == 0
        assert claim.text.startswith("해외에서는") and claim.text.endswith("알려졌다.")


def test_a_split_racing_a_re_extraction_is_kept_or_refused_clearly(seed_article, two_models, reviewer):
    """The split goes first and the re-extraction keeps it, or the re-extraction goes first and replaces
    the old joined claim with its two clauses, and the split is told that claim is gone."""
    claim = two_models
    at = seed_article.body.index("오픈AI는", claim.start)

    split, extraction = at_once(
        lambda: services.split_claim(user=reviewer, claim=claim, at=at, expected_version=1),
        lambda: services.extract_article_claims(article_id=seed_article.pk, notify=False),
    )

    assert not isinstance(extraction, Exception), extraction
    assert isinstance(split, tuple) or isinstance(split, InvalidSpan), split
    seed_article.refresh_from_db()
    assert seed_article.extraction_status == "done"
    texts = list(seed_article.claims.values_list("text", flat=True))
    assert "오픈AI는 약 100조개의 파라미터를 가진 GPT-4를 개발하고 있는 것으로 알려졌다." in texts
    assert claim.text not in texts  # the whole sentence never comes back beside its halves


@pytest.mark.parametrize("round_", range(5))
def test_re_extraction_racing_verdicts_never_fails_and_never_loses_one(
    seed_article, reviewer, other_reviewer, monkeypatch, round_
):
    """Reviewers record verdicts on every claim while an editor re-runs extraction, whose new run drops every
    other sentence. Each verdict either lands (its claim is kept: refreshed, or stale if its sentence is
    gone) or is refused with 409 claim_replaced (its claim was replaced before the verdict got to it); the
    extraction always finishes. Five rounds on PostgreSQL's row locks; the new run's sentences are ready
    beforehand, so the replacement and the verdicts hit the database in the same instant.
    """
    from factcheck.services import extraction as extraction_service
    from tests.workflow import GPT3_PAPER

    claims = list(seed_article.claims.order_by("start"))
    dropped = {c.start for c in claims[::2]}
    sentences = [s for s in extraction_service.engine.extract(seed_article.body) if s.start not in dropped]
    monkeypatch.setattr(extraction_service.engine, "extract", lambda text, **kw: sentences)
    gone = {
        c.pk for c in claims if not any(s.start <= c.start < s.end for s in sentences)
    }  # a clause goes with its sentence

    def verdict(claim, who):
        return lambda: services.record_review(
            user=who, claim=claim, verdict="verified", note="확인", sources=[GPT3_PAPER], expected_version=1
        )

    steps = [lambda: services.extract_article_claims(article_id=seed_article.pk, notify=False)]
    steps += [verdict(c, reviewer if i % 2 else other_reviewer) for i, c in enumerate(claims)]
    extraction, *verdicts = at_once(*steps)

    assert not isinstance(extraction, Exception), extraction
    seed_article.refresh_from_db()
    assert seed_article.extraction_status == "done", seed_article.extraction_error
    for claim, outcome in zip(claims, verdicts, strict=True):
        if isinstance(outcome, Exception):
            assert isinstance(outcome, FactcheckError) and outcome.code == "claim_replaced", repr(outcome)
            assert claim.pk in gone and not Claim.objects.filter(pk=claim.pk).exists()
        else:
            kept = Claim.objects.get(pk=claim.pk)  # a claim with a verdict is never deleted
            assert kept.reviews.count() == 1
            assert kept.is_stale == (claim.pk in gone)
    assert all(Claim.objects.filter(pk=r.claim_id).exists() for r in Review.objects.all())
