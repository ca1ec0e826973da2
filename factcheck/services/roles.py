"""Who may do what: the permission checks every service runs before it changes anything.

The rules live in Django permissions carried by the two role groups (migrations 0002 and 0005):
Editors upload, edit, re-extract, dismiss and assign; Reviewers record verdicts, cross-check,
reopen, and take claims for themselves. Staff superusers hold every permission.
"""

from __future__ import annotations

from typing import Any

from factcheck.errors import NotAllowed

REVIEW = "factcheck.review_claim"
DISMISS = "factcheck.dismiss_claim"
ASSIGN = "factcheck.assign_claim"
CORRECT = "factcheck.correct_claim"
UPLOAD = "factcheck.add_article"
EDIT = "factcheck.change_article"
EXTRACT = "factcheck.run_extraction"


def has(user: Any, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(perm))


def require(user: Any, perm: str, message: str) -> None:
    if not has(user, perm):
        raise NotAllowed(message)


def is_reviewer(user: Any) -> bool:
    return has(user, REVIEW)
