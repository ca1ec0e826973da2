"""Every state change of the desk, one module per concern.

Views, serializers, the admin and the commands only shape input and output; the rules, permission
checks, locks and transactions live in these modules, so the interfaces cannot disagree. The names
below are the public entry points (`services.record_review(...)`).
"""

from factcheck.services.articles import ImportOutcome, import_articles, update_article_metadata, upload_article
from factcheck.services.assignment import assign_article_claims, assign_claim
from factcheck.services.corrections import add_claim, find_span, merge_claims, respan_claim, split_claim
from factcheck.services.extraction import extract_article_claims, request_extraction
from factcheck.services.notifications import mark_all_read, mark_read
from factcheck.services.reviews import SourceInput, cross_check, record_review, reopen_claim
from factcheck.services.tokens import IssuedToken, issue_token, revoke_token

__all__ = [
    "ImportOutcome",
    "IssuedToken",
    "SourceInput",
    "add_claim",
    "assign_article_claims",
    "assign_claim",
    "cross_check",
    "extract_article_claims",
    "find_span",
    "import_articles",
    "issue_token",
    "mark_all_read",
    "mark_read",
    "merge_claims",
    "record_review",
    "reopen_claim",
    "respan_claim",
    "revoke_token",
    "split_claim",
    "request_extraction",
    "update_article_metadata",
    "upload_article",
]
