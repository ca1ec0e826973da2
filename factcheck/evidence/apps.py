from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_allowed_addresses(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """EVIDENCE_ALLOWED_ADDRESSES may name exact loopback (address, port) pairs only: say so at start-up."""
    from django.conf import settings

    from factcheck import fetch

    try:
        fetch.normalise_allow(settings.EVIDENCE_ALLOWED_ADDRESSES)
    except (TypeError, ValueError) as exc:
        return [checks.Error(f"EVIDENCE_ALLOWED_ADDRESSES: {exc}", id="evidence.E001")]
    return []


class EvidenceConfig(AppConfig):
    name = "factcheck.evidence"
    label = "evidence"
    verbose_name = _("Evidence snapshots")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        checks.register(check_allowed_addresses)
