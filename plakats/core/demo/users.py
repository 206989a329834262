"""The demo logins: one user per role, with a fixed password, for development only."""

from django.contrib.auth.hashers import check_password, make_password

from plakats.accounts.models import User
from plakats.accounts.roles import set_role
from plakats.core.permissions import Role
from plakats.geo.models import Region

from .names import DEMO_PASSWORD, DEMO_USERS


def ensure_demo_users() -> dict[str, User]:
    """Create the demo users that do not exist yet; existing ones are left as they are."""
    users = {}
    hashed = None
    for username, role, region_code, last_name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            # One (slow, Argon2) hash for all of them: the password is public anyway.
            hashed = hashed or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=username,
                password=hashed,
                email=f"{username}@example.org",
                first_name="Demo",
                last_name=last_name,
                is_superuser=role == Role.ADMIN,
            )
            regions = Region.objects.filter(country="LV", code=region_code) if region_code else ()
            set_role(user, Role(role), regions)
        users[username] = user
    return users


def demo_logins() -> list[tuple[str, str]]:
    """(username, role label) of the demo users that still have the demo password."""
    by_name = {u.username: u for u in User.objects.filter(username__in=[d[0] for d in DEMO_USERS])}
    verdicts: dict[str, bool] = {}  # one slow check per distinct hash

    def has_demo_password(user) -> bool:
        if user.password not in verdicts:
            verdicts[user.password] = check_password(DEMO_PASSWORD, user.password)
        return verdicts[user.password]

    return [
        (
            username,
            str(Role(role).label) + (f" ({region_code.capitalize()})" if region_code else ""),
        )
        for username, role, region_code, _last_name in DEMO_USERS
        if username in by_name and has_demo_password(by_name[username])
    ]
