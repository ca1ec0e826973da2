"""Receivers for what happens to accounts outside the desk's own services (the admin, `changepassword`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from factcheck.services import tokens


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="factcheck-revoke-tokens-on-password-change")
def revoke_tokens_on_password_change(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # `set_password` keeps the new raw password in `_password` until the save that stores its hash: a
    # changed password (the owner's, or a reset by staff) must not leave old API tokens working.
    if not created and getattr(instance, "_password", None) is not None:
        tokens.revoke_all(user=instance)
