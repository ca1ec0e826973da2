"""The member's own API tokens: make one (its key shown on this one page, once), see and revoke them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from factcheck import services
from factcheck.errors import FactcheckError
from factcheck.services import tokens
from factcheck.web.forms import ApiTokenForm


@never_cache  # the answer to a POST holds a key: no cache may keep it
@require_http_methods(["GET", "POST"])
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.issue_token(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except FactcheckError as error:
            form.add_error(error.details.get("field"), error.message)
        else:
            form = ApiTokenForm()
    context = {"form": form, "issued": issued, "tokens": tokens.tokens_of(user=request.user)}
    return render(request, "factcheck/tokens/list.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def token_revoke(request: HttpRequest) -> HttpResponse:
    try:
        services.revoke_token(user=request.user, digest=request.POST.get("token", ""))
    except FactcheckError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("The token is revoked: it no longer works."))
    return redirect("web:tokens")
