"""The log-in and password forms, with the limits every text a user sends has (issue 11).

A password longer than PASSWORD_MAX_LENGTH is refused before any hashing; the message names
the limit. Django's own forms leave the password fields unbounded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

USERNAME_MAX_LENGTH = 150
PASSWORD_MAX_LENGTH = 256
# Lazy, and filled in with the validator's limit_value when shown: in the reader's language.
USERNAME_TOO_LONG = gettext_lazy("A user name can be at most %(limit_value)d characters long.")
PASSWORD_TOO_LONG = gettext_lazy("A password can be at most %(limit_value)d characters long.")


def _limited(field: forms.Field, limit: int, message: _StrPromise) -> None:
    field.max_length = limit  # type: ignore[attr-defined]
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)
    field.error_messages["max_length"] = message


class LoginForm(auth_forms.AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limited(self.fields["username"], USERNAME_MAX_LENGTH, USERNAME_TOO_LONG)
        _limited(self.fields["password"], PASSWORD_MAX_LENGTH, PASSWORD_TOO_LONG)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("old_password", "new_password1", "new_password2"):
            _limited(self.fields[name], PASSWORD_MAX_LENGTH, PASSWORD_TOO_LONG)
