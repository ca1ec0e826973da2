"""Responses every page shares: refusals in the reader's language, and the safe way back to where the reviewer was."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

NO_ROLE_MESSAGE = _("This account has no fact-check desk role (editor or reviewer) yet. Ask an administrator for one.")


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "factcheck/forbidden.html", {"message": message}, status=403)


def no_role(request: HttpRequest) -> HttpResponse:
    return render(request, "factcheck/no_role.html", {"message": NO_ROLE_MESSAGE}, status=403)


def next_url(request: HttpRequest, default: str) -> str:
    """The `next` the form carried (the queue page it came from), if it is a path on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def back_to(request: HttpRequest, default: str, *, anchor: str = "") -> HttpResponseRedirect:
    url = next_url(request, default)
    if anchor and "#" not in url:
        url += f"#{anchor}"
    return HttpResponseRedirect(url)
