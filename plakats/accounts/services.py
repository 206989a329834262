"""API tokens: the only code that creates, checks and revokes them.

A token is ``plk_`` + ``secrets.token_urlsafe(32)``; only its SHA-256 hash is
stored. The first characters (``prefix``) narrow the lookup, the hash comparison
decides.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plakats.core.errors import DomainError

from .models import ApiToken, User

TOKEN_PREFIX = "plk_"  # noqa: S105  # nosec B105 (a public marker, not a secret)
PREFIX_LENGTH = 12
# last_used_at is written at most this often per token, so a busy client does not
# turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(user: User, name: str, *, expires_at: datetime | None = None) -> tuple:
    """Create a token for ``user``; return the row and the secret (shown once, never stored)."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the token a name."), field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("The expiry must be in the future."), field="expires_at")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_key(secret),
        expires_at=expires_at,
    )
    return token, secret


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for_key(secret: str) -> User | None:
    """The active user a usable token belongs to, or None; notes when the token was used."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    digest = hash_key(secret)
    now = timezone.now()
    candidates = ApiToken.objects.usable(now).filter(prefix=secret[:PREFIX_LENGTH])
    for token in candidates.select_related("user"):
        if hmac.compare_digest(token.key_hash, digest) and token.user.is_active:
            if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            return token.user
    return None
