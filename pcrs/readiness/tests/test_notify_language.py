"""E-mails of the ladder go out in each recipient's language (User.language, set by the switch)."""

from __future__ import annotations

from django.core import mail

from pcrs.accounts.models import Role
from pcrs.readiness.tests.conftest import DAY0, move


def test_each_recipient_reads_the_mail_in_their_language(
    pledge, fp_bgd_mail, secretariat_mail, make_user, django_capture_on_commit_callbacks
):
    fp_bgd_mail.language = "fr"
    fp_bgd_mail.save()
    make_user("fg-fr", Role.FORCE_GENERATION, email="fg-fr@example.org", language="fr")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        move(fp_bgd_mail, pledge, "submit", DAY0)
    # The Secretariat is told once per language: English to one officer, French to the other.
    by_address = {tuple(m.to): m for m in mail.outbox}
    assert set(by_address) == {("fg@example.org",), ("fg-fr@example.org",)}
    assert by_address[("fg@example.org",)].subject.startswith("Pledge submitted:")
    assert "Acknowledge receipt" in by_address[("fg@example.org",)].body
    assert by_address[("fg-fr@example.org",)].subject.startswith("Engagement soumis :")
    assert "Accusez réception" in by_address[("fg-fr@example.org",)].body

    with django_capture_on_commit_callbacks(execute=True):
        move(secretariat_mail, pledge, "acknowledge", DAY0)
    with django_capture_on_commit_callbacks(execute=True):
        move(secretariat_mail, pledge, "accept", DAY0)
    accepted = mail.outbox[-1]
    assert accepted.to == ["fp-bgd@example.org"]
    assert accepted.subject.startswith("Engagement accepté au niveau 1 :")
    # The date in the State's language: French month name and order.
    assert "renouvelé au plus tard le 2 mars 2027" in accepted.body
    assert "Ce qu\u2019il faut faire" in accepted.body
    assert "What to do next" not in accepted.body


def test_a_user_without_a_choice_gets_english(
    pledge, fp_bgd_mail, secretariat_mail, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(fp_bgd_mail, pledge, "submit", DAY0)
    assert [m.to for m in mail.outbox] == [["fg@example.org"]]
    assert mail.outbox[0].subject.startswith("Pledge submitted:")
