"""Log in and log out, and the language switch: the only pages open without a login. Tokens:
each user's own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language

from pcrs.accounts.exports import TOKEN_COLUMNS
from pcrs.accounts.forms import USERNAME_MAX_LENGTH, LoginForm, PasswordChangeForm
from pcrs.accounts.models import User
from pcrs.accounts.services import user_language_set, user_password_changed
from pcrs.accounts.throttle import TOO_MANY, login_failed, login_refused
from pcrs.accounts.tokens import access_token, token_revoke, tokens_of, tokens_revoke_all
from pcrs.core import exports as core_exports


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = LoginForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:USERNAME_MAX_LENGTH]
        if login_refused(request, username):
            return render(request, "accounts/locked_out.html", {"message": TOO_MANY}, status=429)
        response = super().post(request, *args, **kwargs)
        if not request.user.is_authenticated:
            login_failed(request, username)
        return response

    def form_valid(self, form: Any) -> HttpResponse:
        """A user who chose a language before gets it back in any browser they log in from."""
        response = super().form_valid(form)
        language = form.get_user().language
        if language:
            set_language_cookie(response, language)
        return response


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )


@login_not_required
@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """The switch in every page's header (open on the log-in page too): Django's set_language
    sets the cookie and redirects back; a logged-in user's choice is also stored on the user,
    so that e-mails to them go out in it."""
    response = django_set_language(request)
    language = str(request.POST.get(LANGUAGE_QUERY_PARAMETER, ""))
    user = request.user
    if isinstance(user, User) and language in dict(settings.LANGUAGES):
        user_language_set(user=user, language=language)
    return response


class LogoutView(auth_views.LogoutView):
    """Logging out also revokes the user's API tokens."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if isinstance(user, User):
            tokens_revoke_all(actor=user, user=user, reason="log-out")
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """A user changes its own password: audited, and every API token of the user revoked."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("core:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        user_password_changed(actor=user, user=user)
        messages.success(self.request, _("Password changed; your API tokens were revoked."))
        return response


def tokens(request: HttpRequest) -> HttpResponseBase:
    """The user's own API tokens: when issued, until when, last used; revoke any."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return core_exports.export_response(
            columns=TOKEN_COLUMNS, rows=tokens_of(user=user), name="api-tokens", fmt=fmt
        )
    return render(request, "accounts/tokens.html", {"tokens": tokens_of(user=user)})


@require_POST
def token_revoke_view(request: HttpRequest, token_id: str) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    token = access_token(user=user, token_id=token_id)
    token_revoke(actor=user, token=token, reason="revoked by its owner (tokens page)")
    messages.success(request, _("Token %(prefix)s... revoked.") % {"prefix": token.prefix})
    return redirect("accounts:tokens")
