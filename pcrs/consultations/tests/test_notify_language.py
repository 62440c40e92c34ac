"""Consultation notices and e-mails are written in each recipient's language."""

from __future__ import annotations

from django.core import mail
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from pcrs.accounts.models import Role
from pcrs.consultations import notify
from pcrs.consultations.models import Notification


def test_each_recipient_gets_the_notice_and_the_mail_in_their_language(
    make_user, django_capture_on_commit_callbacks
):
    english = make_user("fp-en", Role.FOCAL_POINT, "BGD", email="en@example.org")
    french = make_user("fp-fr", Role.FOCAL_POINT, "BGD", email="fr@example.org", language="fr")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify.notify(
            [english, french],
            subject=format_lazy(
                gettext_lazy("Overdue since {due}: {title}"), due="2026-12-01", title="Water"
            ),
            body="-",
            link="/consultations/",
        )
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "en@example.org": "Overdue since 2026-12-01: Water",
        "fr@example.org": "En retard depuis le 2026-12-01 : Water",
    }
    french_mail = next(m for m in mail.outbox if m.to == ["fr@example.org"])
    assert "Système de préparation des capacités de maintien de la paix" in french_mail.body
    notices = dict(Notification.objects.values_list("user__username", "subject"))
    assert notices == {
        "fp-en": "Overdue since 2026-12-01: Water",
        "fp-fr": "En retard depuis le 2026-12-01 : Water",
    }
