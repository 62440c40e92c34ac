"""Export columns of a user's own API tokens (pcrs.core.exports): what the tokens page shows,
never the secret (only its first characters are kept in readable form)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pcrs.core.exports import Column

TOKEN_COLUMNS: tuple[Column, ...] = (
    Column(_("Token"), lambda t: f"{t.prefix}…"),
    Column(_("Issued"), lambda t: t.created),
    Column(_("Expires"), lambda t: t.expires_at),
    Column(_("Last used"), lambda t: t.last_used),
    Column(_("Status"), lambda t: t.state_label),
    Column(_("Revoked"), lambda t: t.revoked_at),
)
