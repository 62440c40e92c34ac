"""Renewal reminders by email to the centre's State's focal points, sent on commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from pcrs.accounts.models import Role, User
from pcrs.training.models import CourseRecognition


def renewal_reminder(recognition: CourseRecognition) -> None:
    """Schedule the reminder; nothing is sent if the sweep's transaction rolls back."""
    centre = recognition.course.centre
    recipients = list(
        User.objects.filter(
            role=Role.FOCAL_POINT, member_state_id=centre.member_state_id, is_active=True
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    message = EmailMessage(
        subject=f"UN course recognition due for renewal: {recognition.course}",
        body=(
            f"The UN recognition of {recognition.course} (recognised {recognition.recognised_on})"
            f" is valid until {recognition.valid_until}.\n\n"
            "Apply to the Integrated Training Service for renewal before that date; after it the "
            "course no longer counts as recognised pre-deployment training."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    transaction.on_commit(message.send)
