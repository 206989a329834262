"""Template context: the user's role, so templates can hide what the server forbids."""

from .permissions import Role, can_coordinate, can_write, role_of


def role(request):
    user = request.user
    return {
        "role": role_of(user),
        "Role": Role,
        "can_write": can_write(user),
        "can_coordinate": can_coordinate(user),
    }
