"""Users and the role each holds. Rights per role are a table in pcrs.accounts.rights."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Member State focal point")
    FORCE_GENERATION = "force_generation", _("Secretariat force-generation officer")
    ADMINISTRATOR = "administrator", _("Secretariat administrator")
    MISSION_PLANNER = "mission_planner", _("Mission planner")
    OBSERVER = "observer", _("Observer (aggregates only)")


class User(AbstractUser):
    """A PCRS user. A focal point is bound to one Member State, a planner to one mission."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.OBSERVER)
    member_state = models.ForeignKey(
        "memberstates.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    mission = models.ForeignKey(
        "missions.Mission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="planners",
    )
    # The language the user chose with the switch ("" until they choose): their pages follow
    # the cookie, and e-mails to them go out in it (the site's default until they choose).
    language = models.CharField(max_length=8, blank=True, default="", choices=settings.LANGUAGES)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.FOCAL_POINT) | Q(member_state__isnull=False),
                name="focal_point_has_member_state",
                violation_error_message="A focal point must be bound to a Member State.",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.FOCAL_POINT) | Q(member_state__isnull=True),
                name="only_focal_points_have_member_state",
                violation_error_message="Only focal points are bound to a Member State.",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.MISSION_PLANNER) | Q(mission__isnull=False),
                name="planner_has_mission",
                violation_error_message="A mission planner must be bound to a mission.",
            ),
        ]

    @property
    def email_language(self) -> str:
        """The language of e-mails to this user: its choice, else the site's default."""
        return self.language or settings.LANGUAGE_CODE

    @property
    def is_focal_point(self) -> bool:
        return self.role == Role.FOCAL_POINT

    @property
    def is_secretariat(self) -> bool:
        return self.role in (Role.FORCE_GENERATION, Role.ADMINISTRATOR)

    @property
    def is_observer(self) -> bool:
        return self.role == Role.OBSERVER

    @property
    def is_mission_planner(self) -> bool:
        return self.role == Role.MISSION_PLANNER

    def has_right(self, right: str) -> bool:
        from pcrs.accounts.rights import role_has_right  # rights.py imports Role from here

        return self.is_active and role_has_right(self.role, right)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        from django.utils import timezone

        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """An API token, one per log-in. Only a SHA-256 of the key is kept: the key itself is
    shown once, to the user who logged in, and nobody (admin included) can read it later."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    # The first characters of the key, so its owner can tell its tokens apart.
    prefix = models.CharField(max_length=8)
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The user's password hash fingerprint at issue: a password change voids the token.
    password_fingerprint = models.CharField(max_length=128)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.prefix}... ({self.user})"

    @property
    def state(self) -> str:
        from django.utils import timezone

        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "live"

    @property
    def state_label(self) -> str:
        """`state` in the reader's language."""
        from django.utils.translation import gettext

        labels = {"live": gettext("live"), "expired": gettext("expired")}
        return labels.get(self.state, gettext("revoked"))
