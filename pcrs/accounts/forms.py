"""The log-in and password forms, with the limits every text a user sends has (issue 11).

A password longer than PASSWORD_MAX_LENGTH is refused before any hashing; the message names
the limit. Django's own forms leave the password fields unbounded.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator

USERNAME_MAX_LENGTH = 150
PASSWORD_MAX_LENGTH = 256


def _limited(field: forms.Field, limit: int, what: str) -> None:
    field.max_length = limit  # type: ignore[attr-defined]
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)
    field.error_messages["max_length"] = f"{what} can be at most {limit} characters long."


class LoginForm(auth_forms.AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limited(self.fields["username"], USERNAME_MAX_LENGTH, "A user name")
        _limited(self.fields["password"], PASSWORD_MAX_LENGTH, "A password")


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("old_password", "new_password1", "new_password2"):
            _limited(self.fields[name], PASSWORD_MAX_LENGTH, "A password")
