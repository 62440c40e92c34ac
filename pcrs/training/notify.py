"""Renewal reminders by email to the centre's State's focal points, sent on commit, each in the
language its recipients chose (User.email_language)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from pcrs.accounts.models import Role, User
from pcrs.training.models import CourseRecognition


def renewal_reminder(recognition: CourseRecognition) -> None:
    """Schedule the reminder; nothing is sent if the sweep's transaction rolls back."""
    centre = recognition.course.centre
    users = User.objects.filter(
        role=Role.FOCAL_POINT, member_state_id=centre.member_state_id, is_active=True
    ).exclude(email="")
    by_language: dict[str, list[str]] = {}
    for user in users.order_by("email"):
        by_language.setdefault(user.email_language, []).append(user.email)
    for language, recipients in sorted(by_language.items()):
        with translation.override(language):
            values = {
                "course": recognition.course,
                "recognised": recognition.recognised_on,
                "until": recognition.valid_until,
            }
            message = EmailMessage(
                subject=_("UN course recognition due for renewal: %(course)s") % values,
                body=_(
                    "The UN recognition of %(course)s (recognised %(recognised)s) is valid "
                    "until %(until)s.\n\n"
                    "Apply to the Integrated Training Service for renewal before that date; "
                    "after it the course no longer counts as recognised pre-deployment training."
                )
                % values,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=recipients,
            )
        transaction.on_commit(message.send)
