"""Steps of the verdict workflow as one-liners for arranging tests (through the real services)."""

from __future__ import annotations

from factcheck import services
from factcheck.models import Claim, Review
from factcheck.services import SourceInput

GPT3_PAPER = SourceInput(
    url="https://arxiv.org/abs/2005.14165",
    title="Language Models are Few-Shot Learners",
    publisher="arXiv",
    excerpt="GPT-3, an autoregressive language model with 175 billion parameters",
)


def fresh(claim: Claim) -> Claim:
    claim.refresh_from_db()
    return claim


def propose(claim: Claim, reviewer, verdict: str = "verified", note: str = "GPT-3 논문 표 2.1") -> Review:
    claim = fresh(claim)
    return services.record_review(
        user=reviewer, claim=claim, verdict=verdict, note=note, sources=[GPT3_PAPER], expected_version=claim.version
    )


def confirm(claim: Claim, reviewer, note: str = "") -> Review:
    claim = fresh(claim)
    return services.cross_check(
        user=reviewer, claim=claim, decision="confirm", note=note, expected_version=claim.version
    )


def reject(claim: Claim, reviewer, note: str = "출처가 주장과 다른 모델을 다룹니다.") -> Review:
    claim = fresh(claim)
    return services.cross_check(
        user=reviewer, claim=claim, decision="reject", note=note, expected_version=claim.version
    )


def finalise(claim: Claim, proposer, confirmer, verdict: str = "verified") -> Claim:
    """Propose and confirm: the claim ends with a final verdict."""
    propose(claim, proposer, verdict)
    confirm(claim, confirmer)
    return fresh(claim)


def dismiss(claim: Claim, user) -> Review:
    claim = fresh(claim)
    return services.record_review(
        user=user, claim=claim, verdict="dismissed", note="", sources=[], expected_version=claim.version
    )


def reopen(claim: Claim, reviewer, reason: str = "새 자료: 논문 개정판의 수치가 다름") -> Review:
    claim = fresh(claim)
    return services.reopen_claim(user=reviewer, claim=claim, reason=reason, expected_version=claim.version)
