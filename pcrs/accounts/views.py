"""Log in and log out: the only pages open without a login. Tokens: each user's own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from pcrs.accounts.forms import USERNAME_MAX_LENGTH, LoginForm, PasswordChangeForm
from pcrs.accounts.models import User
from pcrs.accounts.services import user_password_changed
from pcrs.accounts.throttle import TOO_MANY, login_failed, login_refused
from pcrs.accounts.tokens import access_token, token_revoke, tokens_of, tokens_revoke_all


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
        messages.success(self.request, "Password changed; your API tokens were revoked.")
        return response


def tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: when issued, until when, last used; revoke any."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return render(request, "accounts/tokens.html", {"tokens": tokens_of(user=user)})


@require_POST
def token_revoke_view(request: HttpRequest, token_id: str) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    token = access_token(user=user, token_id=token_id)
    token_revoke(actor=user, token=token, reason="revoked by its owner (tokens page)")
    messages.success(request, f"Token {token.prefix}... revoked.")
    return redirect("accounts:tokens")
